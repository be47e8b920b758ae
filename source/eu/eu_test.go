package eu_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/eu"
	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/internal/listfiletest"
)

func mustParse(tb testing.TB, f *eu.File) *eu.Result {
	tb.Helper()
	return listfiletest.MustParse(tb, eu.Parse, f, "eu")
}

func TestParse_Edge(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "edge.xml"))
	if err != nil {
		t.Fatal(err)
	}
	res := mustParse(t, &eu.File{Name: "edge.xml", Data: data})
	const kp = "NORTH KOREA (DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA)"
	want := []*vigil.ListEntry{
		{
			// logicalId 9 is last in the file and first in the result: entries are ordered by number.
			List: "eu", ID: "9", Kind: vigil.EntryPerson,
			// A name given only in parts, and in Latin script after its Cyrillic form.
			Name:          "Ivan Petrovich Primerov",
			Aliases:       []vigil.Alias{{Name: "Иван Петрович Примеров", Type: "aka"}},
			BirthDates:    []vigil.BirthDate{{Date: "1969-11-02"}},
			BirthPlaces:   []string{"Yekaterinburg, RUSSIAN FEDERATION"},
			Nationalities: []string{"RU"}, // from countryDescription, the code being "00"
			Gender:        "male",
			Addresses:     []vigil.EntryAddress{{Country: "RU"}},
			Programs:      []string{"RUS", "UKR"},
			Title:         "Chair of a fictional board",
			ListedOn:      "2022-03-15", // designationDate, not the earlier regulation
			Identifiers: []vigil.EntryIdentifier{
				{Kind: vigil.IdentDocument, Value: "RUS:4510123456", Raw: "4510 123456", Type: "National identification card", Issuer: "RU"},
				// The Cyrillic number is not a document number; its latinNumber is.
				{Kind: vigil.IdentDocument, Value: "RUS:AB123456", Raw: "AB 123456", Type: "National passport", Issuer: "RU"},
				{Kind: vigil.IdentDocument, Value: "RUS:771234567890", Raw: "771234567890", Type: "Tax identification number (INN)", Issuer: "RU"},
			},
		},
		{
			List: "eu", ID: "130001", Kind: vigil.EntryPerson,
			// The Hangul name comes first in the file; the name is the first strong one in Latin script.
			Name: "KANG Yo'n-hu'i",
			Aliases: []vigil.Alias{
				{Name: "강연희", Type: "aka"},
				{Name: "Kang Yon Hui", Type: "aka"},
				{Name: "Kang Yeon-hee", Type: "aka"},
				// "Kang Yo'n-hu'i" (DE) is the name in other case and is not repeated.
				{Name: "Madame Kang", Type: "aka", Weak: true}, // strong="false"
				{Name: "Yonhi", Type: "aka", Weak: true},       // remark "Low quality alias."
			},
			BirthDates: []vigil.BirthDate{
				{Date: "1976"},                    // year only
				{Date: "1975-03-14", Circa: true}, // circa
				{Date: "1973", To: "1977"},        // yearRangeFrom, yearRangeTo
				{Date: "1978-06"},                 // monthOfYear and year
			},
			BirthPlaces:   []string{"Pyongyang, " + kp, "Hamhung, South Hamgyong Province, " + kp},
			Nationalities: []string{"KP"},
			Gender:        "female",
			Addresses:     []vigil.EntryAddress{{Line: "No. 12 Example Road, Zhenxing District", City: "Dandong", Region: "Liaoning", Postcode: "118000", Country: "CN"}},
			Programs:      []string{"PRK"},
			// Title and function of the English names; the German function is not repeated.
			Title:    "Ms; Deputy director of the fictional Example Trading Bureau",
			ListedOn: "2017-08-31", // the earliest regulation
			Remarks:  "Fictional person for Vigil's tests.\nDeputy director of a fictional trading bureau.",
			Identifiers: []vigil.EntryIdentifier{
				{Kind: vigil.IdentPhone, Value: "+864155550142", Raw: "+86 415 555 0142", Type: "PHONE"},
				{Kind: vigil.IdentEmail, Value: "kang.yh@example-bureau.example", Raw: "kang.yh@example-bureau.example", Type: "EMAIL"},
				{Kind: vigil.IdentDocument, Value: "PRK:836410027", Raw: "836410027", Type: "National passport", Issuer: "KP"},
				// Country "00": the issuer comes from issuedBy.
				{Kind: vigil.IdentDocument, Value: "PRK:PD472001", Raw: "PD 472 001", Type: "Diplomatic passport", Issuer: "KP"},
			},
		},
		{
			List: "eu", ID: "130002", Kind: vigil.EntryOrganization, Name: "Korea Example Trading Corporation",
			Aliases: []vigil.Alias{
				{Name: "조선예시무역회사", Type: "aka"},
				{Name: "Société coréenne de commerce exemplaire", Type: "aka"},
				{Name: "KETC", Type: "aka", Weak: true},
			},
			Addresses: []vigil.EntryAddress{{Line: "Sungri Street", City: "Pyongyang", Country: "KP"}},
			Programs:  []string{"PRK"},
			Title:     "Front company of the fictional Example Trading Bureau",
			ListedOn:  "2017-08-31",
			Remarks:   "Fictional company for Vigil's tests.",
			// The registration number is not an identity document and is not read.
			Identifiers: []vigil.EntryIdentifier{
				{Kind: vigil.IdentEmail, Value: "info@ketc.example", Raw: "info@ketc.example", Type: "EMAIL"},
				{Kind: vigil.IdentEmail, Value: "trade@ketc.example", Raw: "trade@ketc.example", Type: "EMAIL"},
				{Kind: vigil.IdentPhone, Value: "+85023810000", Raw: "00850 2 381 0000", Type: "FAX"},
				{Kind: vigil.IdentWebsite, Value: "ketc.example", Raw: "http://www.KETC.example/", Type: "WEB"},
			},
		},
	}
	if diff := cmp.Diff(want, res.Entries); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	wantWarnings := []string{
		"edge.xml:115: ignored 1 unknown <sanctionEntity/newElement> elements (a new element in the EU format?)",
		`edge.xml: identificationTypeCode values not known, not read: "futureType" ×1`,
		`edge.xml: countries that are not one current country, not used: "ATLANTIS" ×1`,
		`edge.xml: 1 values could not be read and were skipped (they stay in the file): birthdate "1969-02-30" (logicalId 9)`,
	}
	if diff := cmp.Diff(wantWarnings, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if want := time.Date(2026, 5, 8, 14, 47, 4, 449e6, time.UTC); !res.AsOf.Equal(want) || res.AsOf.Location() != time.UTC {
		t.Errorf("AsOf = %v; want %v", res.AsOf, want)
	}
}

const header = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// doc is an export holding the given sanctionEntity elements; the first starts on line 3.
func doc(entities ...string) string {
	return header + `<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-05-08T16:47:04.449+02:00" globalFileId="1">` +
		"\n" + strings.Join(entities, "\n") + "\n</export>\n"
}

// person is a sanctionEntity of a person with logicalId id; inner starts on the entity's third line.
func person(id, inner string) string {
	return `<sanctionEntity designationDetails="" unitedNationId="" euReferenceNumber="EU.1.1" logicalId="` + id + `">` + "\n" +
		`<subjectType code="person" classificationCode="P"/>` + "\n" + inner + "\n</sanctionEntity>"
}

func alias(name string) string {
	return `<nameAlias wholeName="` + name + `" strong="true" nameLanguage="" logicalId="1"/>`
}

func TestParse_Malformed(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		wantLine int
		wantMsg  string
	}{
		{"Doctype", header + `<!DOCTYPE export [<!ENTITY x "y">]>` + "\n<export/>", 2, "DOCTYPE or entity declaration is not accepted"},
		{"UndefinedEntity", doc(person("1", `<nameAlias wholeName="&xxe;" strong="true"/>`)), 5, "malformed XML: invalid character entity &xxe;"},
		{"WrongRoot", header + "<CONSOLIDATED_LIST/>", 2, "the root element is <CONSOLIDATED_LIST>"},
		{"NoNamespace", header + `<export generationDate="2026-05-08T16:47:04.449+02:00"/>`, 2, `the root element <export> is in namespace ""`},
		{"OtherNamespace", header + `<export xmlns="urn:example"/>`, 2, `is in namespace "urn:example"`},
		{"SecondRoot", doc(person("1", alias("A"))) + `<export xmlns="http://eu.europa.ec/fpi/fsd/export"/>`, 8, "has a second root element <export>"},
		{"NoRoot", header, 0, "has no <export> element"},
		{"NoEntities", doc(), 0, "has no <sanctionEntity>; the EU list is never empty"},
		{"TruncatedInRecord", strings.TrimSuffix(doc(person("1", alias("A")+"\n"+alias("B"))), "</sanctionEntity>\n</export>\n"), 7, "the file ends inside <sanctionEntity> opened on line 3"},
		{"TruncatedBetweenRecords", strings.TrimSuffix(doc(person("1", alias("A"))), "</export>\n"), 7, "the file ends before the <export> element is closed"},
		{"Mismatched", doc(person("1", "<remark>x</regulation>")), 5, "malformed XML: element <remark> closed by </regulation>"},
		{"MissingLogicalID", doc(strings.Replace(person("1", alias("A")), `logicalId="1"`, "", 1)), 3, "<sanctionEntity> has no logicalId"},
		{"NonNumericLogicalID", doc(person("12x", alias("A"))), 3, `logicalId "12x" is not a number`},
		{"SignedLogicalID", doc(person("+1", alias("A"))), 3, `logicalId "+1" is not a number`},
		{"DuplicateLogicalID", doc(person("1", alias("A")), person("01", alias("B"))), 7, "logicalId 1 is given twice (also on line 3)"},
		{"NoSubjectType", doc(`<sanctionEntity logicalId="1">` + "\n" + alias("A") + "\n</sanctionEntity>"), 3, "sanctionEntity logicalId 1 has no <subjectType>"},
		{"TwoSubjectTypes", doc(person("1", `<subjectType code="enterprise" classificationCode="E"/>`+"\n"+alias("A"))), 5, "has two <subjectType> elements (lines 4 and 5)"},
		{"NoName", doc(person("1", `<nameAlias wholeName=" " firstName="" strong="true"/>`)), 3, "sanctionEntity logicalId 1 has no name"},
		{"TooDeep", doc(person("1", alias("A")+"\n<a><b><c><d><e><f><g>x</g></f></e></d></c></b></a>")), 6, "is nested 9 levels deep"},
		{"TextTooLong", doc(person("1", alias("A")+"\n<remark>"+strings.Repeat("A", 70000)+"</remark>")), 6, "<remark> has more than 65536 bytes of text"},
		{"AttributeTooLong", doc(person("1", `<nameAlias wholeName="`+strings.Repeat("A", 70000)+`"/>`)), 5, "attribute wholeName of <nameAlias> has more than 65536 bytes"},
		{"TooManyAttributes", doc(person("1", "<nameAlias"+manyAttrs(65)+"/>")), 5, "<nameAlias> has 65 attributes; at most 64"},
		{"TooManyElements", doc(person("1", alias("A")+strings.Repeat("<remark/>", 10000))), 5, "has more than 10000 elements"},
		{"OtherEncoding", `<?xml version="1.0" encoding="ISO-8859-1"?>` + "\n<export/>", 1, `encoding "ISO-8859-1" declared`},
		{"InvalidUTF8Text", doc(person("1", alias("A")+"\n<remark>\xff</remark>")), 6, "malformed XML: invalid UTF-8"},
		{"InvalidUTF8Attribute", doc(person("1", alias("\xff"))), 5, "malformed XML: invalid UTF-8"},
		{"ProcessingInstruction", doc(person("1", "<?php evil() ?>"+alias("A"))), 5, "processing instruction <?php?>"},
		{"TextOutsideRecords", header + `<export xmlns="http://eu.europa.ec/fpi/fsd/export">` + "\nstray</export>", 3, `has text "stray" outside any sanctionEntity`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := eu.Parse(&eu.File{Name: "eu.xml", Data: []byte(tt.data)}, "eu")
			if res != nil {
				t.Error("Parse returned a result with an error")
			}
			listfiletest.CheckParseError(t, err, "eu.xml", tt.wantLine, tt.wantMsg)
		})
	}
}

func manyAttrs(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, ` a%d=""`, i)
	}
	return b.String()
}

func TestParse_TooLarge(t *testing.T) {
	// The size check comes before any parsing, so the content does not matter.
	big := make([]byte, listfile.MaxFileBytes+1)
	_, err := eu.Parse(&eu.File{Name: "big.xml", Data: big}, "eu")
	if err == nil || !strings.Contains(err.Error(), "big.xml: is 268435457 bytes; at most 268435456 are accepted") {
		t.Errorf("got %v", err)
	}
}

// TestParse_Values checks single mapping rules on small records: the one entry read, by a check function, and
// the warnings, exactly.
func TestParse_Values(t *testing.T) {
	tests := []struct {
		name         string
		data         string
		check        func(t *testing.T, e *vigil.ListEntry)
		wantWarnings []string
	}{
		{
			name: "NoStrongLatinName",
			data: doc(person("1", `<nameAlias wholeName="김예시" nameLanguage="KO" strong="true"/>`+"\n"+`<nameAlias wholeName="Kim Ye-si" strong="false"/>`)),
			check: func(t *testing.T, e *vigil.ListEntry) {
				// A name in Latin script, even weak, is the name; the Hangul one an alias.
				want := []vigil.Alias{{Name: "김예시", Type: "aka"}}
				if e.Name != "Kim Ye-si" || !cmp.Equal(e.Aliases, want) {
					t.Errorf("name %q aliases %v", e.Name, e.Aliases)
				}
			},
		},
		{
			name: "OnlyNonLatinNames",
			data: doc(person("1", `<nameAlias wholeName="김예시" strong="false"/>`+"\n"+`<nameAlias wholeName="金例示" strong="true"/>`)),
			check: func(t *testing.T, e *vigil.ListEntry) {
				if e.Name != "金例示" || !cmp.Equal(e.Aliases, []vigil.Alias{{Name: "김예시", Type: "aka", Weak: true}}) {
					t.Errorf("name %q aliases %v", e.Name, e.Aliases)
				}
			},
		},
		{
			name: "StrongAliasReplacesWeakDuplicate",
			data: doc(person("1", alias("Primary")+`<nameAlias wholeName="ALIAS ONE" strong="false"/><nameAlias wholeName="Alias  One" strong="true"/>`)),
			check: func(t *testing.T, e *vigil.ListEntry) {
				if !cmp.Equal(e.Aliases, []vigil.Alias{{Name: "Alias One", Type: "aka"}}) {
					t.Errorf("aliases %v", e.Aliases)
				}
			},
		},
		{
			name: "BidiControlsRemoved",
			data: doc(person("1", alias("Kim\u202e Example\u200f"))),
			check: func(t *testing.T, e *vigil.ListEntry) {
				if e.Name != "Kim Example" {
					t.Errorf("name %q", e.Name)
				}
			},
		},
		{
			name: "LeadingZeroLogicalID",
			data: doc(person("007", alias("A"))),
			check: func(t *testing.T, e *vigil.ListEntry) {
				if e.ID != "7" {
					t.Errorf("ID %q", e.ID)
				}
			},
		},
		{
			name: "ClassificationCodeOnly",
			data: doc(`<sanctionEntity logicalId="1"><subjectType code="" classificationCode="E"/>` + alias("A") + `</sanctionEntity>`),
			check: func(t *testing.T, e *vigil.ListEntry) {
				if e.Kind != vigil.EntryOrganization {
					t.Errorf("kind %q", e.Kind)
				}
			},
		},
		{
			name: "UnknownSubjectType",
			data: doc(`<sanctionEntity logicalId="1"><subjectType code="vessel" classificationCode="V"/>` + alias("A") + `</sanctionEntity>`),
			check: func(t *testing.T, e *vigil.ListEntry) {
				if e.Kind != vigil.EntryOrganization {
					t.Errorf("kind %q", e.Kind)
				}
			},
			wantWarnings: []string{`eu.xml: subjectType codes that are neither person nor enterprise, read as organisations: "vessel/V" ×1`},
		},
		{
			name: "GenderOnlyForPeople",
			data: doc(`<sanctionEntity logicalId="1"><subjectType code="enterprise" classificationCode="E"/><nameAlias wholeName="A" gender="M" strong="true"/></sanctionEntity>`),
			check: func(t *testing.T, e *vigil.ListEntry) {
				if e.Gender != "" {
					t.Errorf("gender %q", e.Gender)
				}
			},
		},
		{
			name: "UnreadableBirthDates",
			data: doc(person("1", alias("A")+`
<birthdate year="19x9"/>
<birthdate year="1970" monthOfYear="13"/>
<birthdate year="1970" monthOfYear="2" dayOfMonth="30"/>
<birthdate year="1970" dayOfMonth="3"/>
<birthdate yearRangeFrom="1980" yearRangeTo="1970"/>
<birthdate yearRangeTo="1980" circa="true"/>
<birthdate calendarType="ISLAMIC" year="1390" city="Kandahar"/>
<birthdate birthdate="1970-01-01" city="Kabul"/>`)),
			check: func(t *testing.T, e *vigil.ListEntry) {
				if !cmp.Equal(e.BirthDates, []vigil.BirthDate{{Date: "1970-01-01"}}) || !cmp.Equal(e.BirthPlaces, []string{"Kandahar", "Kabul"}) {
					t.Errorf("birth dates %v places %v", e.BirthDates, e.BirthPlaces)
				}
			},
			wantWarnings: []string{`eu.xml: 7 values could not be read and were skipped (they stay in the file): ` +
				`birthdate year "19x9" (logicalId 1), birthdate monthOfYear "13" (logicalId 1), birthdate 1970-"2"-"30" (logicalId 1), ` +
				`birthdate dayOfMonth "3" without monthOfYear (logicalId 1), birthdate yearRangeFrom "1980" yearRangeTo "1970" (logicalId 1), ` +
				`birthdate without a year (yearRangeFrom "", yearRangeTo "1980", monthOfYear "", dayOfMonth "") (logicalId 1), ` +
				`birthdate in calendar "ISLAMIC" (logicalId 1)`},
		},
		{
			name: "YearRangeOfOneYear",
			data: doc(person("1", alias("A")+`<birthdate circa="true" yearRangeFrom="1970" yearRangeTo="1970"/>`)),
			check: func(t *testing.T, e *vigil.ListEntry) {
				if !cmp.Equal(e.BirthDates, []vigil.BirthDate{{Date: "1970", Circa: true}}) {
					t.Errorf("birth dates %v", e.BirthDates)
				}
			},
		},
		{
			name: "ListedOnFromEarliestRegulation",
			data: doc(person("1", alias("A")+`
<regulation publicationDate="2019-01-01" programme="IRN"/>
<regulation publicationDate="2015-05-05" programme="IRN"/>
<regulation publicationDate="05/05/2010" programme="TERR"/>`)),
			check: func(t *testing.T, e *vigil.ListEntry) {
				if e.ListedOn != "2015-05-05" || !cmp.Equal(e.Programs, []string{"IRN", "TERR"}) {
					t.Errorf("listed on %q programmes %v", e.ListedOn, e.Programs)
				}
			},
			wantWarnings: []string{`eu.xml: 1 values could not be read and were skipped (they stay in the file): regulation publicationDate "05/05/2010" (logicalId 1)`},
		},
		{
			name: "BadDesignationDate",
			data: doc(strings.Replace(person("1", alias("A")+`<regulation publicationDate="2019-01-01" programme="IRN"/>`), `logicalId="1"`, `logicalId="1" designationDate="2019-02-31"`, 1)),
			check: func(t *testing.T, e *vigil.ListEntry) {
				if e.ListedOn != "2019-01-01" {
					t.Errorf("listed on %q", e.ListedOn)
				}
			},
			wantWarnings: []string{`eu.xml: 1 values could not be read and were skipped (they stay in the file): designationDate "2019-02-31" (logicalId 1)`},
		},
		{
			name: "Countries",
			data: doc(person("1", alias("A")+`
<citizenship countryIso2Code="CS" countryDescription="SERBIA"/>
<citizenship countryIso2Code="CS" countryDescription="SERBIA AND MONTENEGRO"/>
<citizenship countryIso2Code="kp" countryDescription=""/>
<citizenship countryIso2Code="00" countryDescription="UNKNOWN"/>
<citizenship countryIso2Code="ZZ" countryDescription=""/>`)),
			check: func(t *testing.T, e *vigil.ListEntry) {
				if !cmp.Equal(e.Nationalities, []string{"RS", "KP"}) {
					t.Errorf("nationalities %v", e.Nationalities)
				}
			},
			wantWarnings: []string{`eu.xml: countries that are not one current country, not used: "SERBIA AND MONTENEGRO" ×1, "ZZ" ×1`},
		},
		{
			name: "Documents",
			data: doc(person("1", alias("A")+`
<identification identificationTypeCode="passport" identificationTypeDescription="" number="n/a" countryIso2Code="00"/>
<identification identificationTypeCode="passport" number="АВ 123" latinNumber="" countryIso2Code="RU"/>
<identification identificationTypeCode="id" number="123-456.789" latinNumber="123456789" countryIso2Code="DE"/>
<identification identificationTypeCode="imo" number="9999999"/>
<identification identificationTypeCode="passport" number="X1" issuedBy="Atlantis Passport Office" countryIso2Code="00"/>`)),
			check: func(t *testing.T, e *vigil.ListEntry) {
				want := []vigil.EntryIdentifier{
					// A number and its latinNumber that canonicalise alike are one identifier; Germany is "D".
					{Kind: vigil.IdentDocument, Value: "D:123456789", Raw: "123-456.789", Type: "id", Issuer: "DE"},
					{Kind: vigil.IdentDocument, Value: ":X1", Raw: "X1", Type: "passport"},
				}
				if diff := cmp.Diff(want, e.Identifiers); diff != "" {
					t.Errorf("identifiers (-want +got):\n%s", diff)
				}
			},
			wantWarnings: []string{`eu.xml: 2 values could not be read and were skipped (they stay in the file): passport "n/a" (logicalId 1), passport "АВ 123" (logicalId 1)`},
		},
		{
			name: "NoDocumentsOfOrganisations",
			data: doc(`<sanctionEntity logicalId="1"><subjectType code="enterprise" classificationCode="E"/>` + alias("A") +
				`<identification identificationTypeCode="passport" number="123456" countryIso2Code="KP"/><identification identificationTypeCode="fiscalcode" number="7701234567"/></sanctionEntity>`),
			check: func(t *testing.T, e *vigil.ListEntry) {
				if len(e.Identifiers) != 0 {
					t.Errorf("identifiers %v", e.Identifiers)
				}
			},
		},
		{
			name: "Contacts",
			data: doc(person("1", alias("A")+`
<address countryIso2Code="KP" countryDescription="NORTH KOREA" poBox="77" city="Pyongyang">
<contactInfo key="PHONE" value="02 381 8208; +850 2 381 4410/4411"/>
<contactInfo key="EMAIL" value="a@silibank.example / not-an-email"/>
<contactInfo key="WEB" value="https://www.Example.example/about/, ftp://example.example"/>
<contactInfo key="TELEX" value="5401"/>
<contactInfo key="EMAIL" value=""/>
</address>
<address countryIso2Code="KP" countryDescription="NORTH KOREA" poBox="77" city="Pyongyang"/>`)),
			check: func(t *testing.T, e *vigil.ListEntry) {
				if !cmp.Equal(e.Addresses, []vigil.EntryAddress{{Line: "P.O. Box 77", City: "Pyongyang", Country: "KP"}}) {
					t.Errorf("addresses %v", e.Addresses)
				}
				want := []vigil.EntryIdentifier{
					{Kind: vigil.IdentPhone, Value: "+85023818208", Raw: "02 381 8208", Type: "PHONE"}, // national number of the address's country
					{Kind: vigil.IdentPhone, Value: "+85023814410", Raw: "+850 2 381 4410", Type: "PHONE"},
					{Kind: vigil.IdentEmail, Value: "a@silibank.example", Raw: "a@silibank.example", Type: "EMAIL"},
					{Kind: vigil.IdentWebsite, Value: "example.example/about", Raw: "https://www.Example.example/about/", Type: "WEB"},
				}
				if diff := cmp.Diff(want, e.Identifiers); diff != "" {
					t.Errorf("identifiers (-want +got):\n%s", diff)
				}
			},
			wantWarnings: []string{
				`eu.xml: contactInfo keys not known, not read: "TELEX" ×1`,
				`eu.xml: 2 values could not be read and were skipped (they stay in the file): EMAIL "not-an-email" (logicalId 1), WEB "ftp://example.example" (logicalId 1)`,
			},
		},
		{
			name: "NamesCapped",
			data: doc(person("1", manyNames(600))),
			check: func(t *testing.T, e *vigil.ListEntry) {
				if e.Name != "Name 0" || len(e.Aliases) != 499 || e.Aliases[498].Name != "Name 499" {
					t.Errorf("name %q, %d aliases", e.Name, len(e.Aliases))
				}
			},
			wantWarnings: []string{"eu.xml: names beyond the first 500 of an entry were ignored in 1 entries: logicalId 1"},
		},
		{
			name:         "BadGenerationDate",
			data:         strings.Replace(doc(person("1", alias("A"))), "2026-05-08T16:47:04.449+02:00", "08/05/2026", 1),
			check:        func(t *testing.T, e *vigil.ListEntry) {},
			wantWarnings: []string{`eu.xml:2: generationDate "08/05/2026" is not a date and time; the list has no as-of date`},
		},
		{
			name:  "UnknownElements",
			data:  doc(person("1", alias("A")+`<address city="X"><geo lat="1"/></address><nameAlias wholeName="B" xmlns:x="urn:x"><x:extra/></nameAlias>`)),
			check: func(t *testing.T, e *vigil.ListEntry) {},
			wantWarnings: []string{
				"eu.xml:5: ignored 1 unknown <sanctionEntity/address/geo> elements (a new element in the EU format?)",
				"eu.xml:5: ignored 1 unknown <sanctionEntity/nameAlias/{urn:x}extra> elements (a new element in the EU format?)",
			},
		},
		{
			name:  "ByteOrderMark",
			data:  "\xef\xbb\xbf" + doc(person("1", alias("A"))),
			check: func(t *testing.T, e *vigil.ListEntry) {},
		},
		{
			name:         "UnknownTopLevelElement",
			data:         doc(`<fileInfo count="1"/>`, person("1", alias("A"))),
			check:        func(t *testing.T, e *vigil.ListEntry) {},
			wantWarnings: []string{"eu.xml:3: ignored 1 unknown <export/fileInfo> elements (a new element in the EU format?)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustParse(t, &eu.File{Name: "eu.xml", Data: []byte(tt.data)})
			if len(res.Entries) != 1 {
				t.Fatalf("%d entries; want 1", len(res.Entries))
			}
			tt.check(t, res.Entries[0])
			if diff := cmp.Diff(tt.wantWarnings, res.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParse_NoAsOf(t *testing.T) {
	for name, data := range map[string]string{
		"Absent":     strings.Replace(doc(person("1", alias("A"))), ` generationDate="2026-05-08T16:47:04.449+02:00"`, "", 1),
		"Unreadable": strings.Replace(doc(person("1", alias("A"))), "2026-05-08T16:47:04.449+02:00", "2026-05-08", 1),
	} {
		t.Run(name, func(t *testing.T) {
			if res := mustParse(t, &eu.File{Name: "eu.xml", Data: []byte(data)}); !res.AsOf.IsZero() {
				t.Errorf("AsOf = %v; want zero", res.AsOf)
			}
		})
	}
}

func manyNames(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `<nameAlias wholeName="Name %d" strong="true"/>`+"\n", i)
	}
	return b.String()
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"Export", header + `<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="x">`, true},
		{"NoDeclaration", `<export xmlns="http://eu.europa.ec/fpi/fsd/export">`, true},
		{"Prefixed", `<fsd:export xmlns:fsd="http://eu.europa.ec/fpi/fsd/export">`, true},
		{"Doctype", header + `<!DOCTYPE export [<!ENTITY x "y">]><export/>`, true},
		{"ExportWithoutNamespace", header + `<export generationDate="x">`, false},
		{"UN", header + "<CONSOLIDATED_LIST>", false},
		{"NotXML", "36,12,\"aka\",\"X\",-0- ", false},
		{"Empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := eu.Sniff([]byte(tt.data)); got != tt.want {
				t.Errorf("Sniff = %v; want %v", got, tt.want)
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "edge.xml"))
	if err != nil {
		b.Fatal(err)
	}
	// About 2,000 records, a tenth of the real list's size in bytes.
	var body strings.Builder
	start := strings.Index(string(data), "<sanctionEntity")
	end := strings.LastIndex(string(data), "</export>")
	for i := range 700 {
		records := string(data[start:end])
		for _, id := range []string{"130001", "130002", "9"} {
			records = strings.Replace(records, `logicalId="`+id+`"`, fmt.Sprintf(`logicalId="%d%s"`, i+1, id), 1)
		}
		body.WriteString(records)
	}
	f := &eu.File{Name: "bench.xml", Data: []byte(string(data[:start]) + body.String() + "</export>\n")}
	b.SetBytes(int64(len(f.Data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := eu.Parse(f, "eu"); err != nil {
			b.Fatal(err)
		}
	}
}
