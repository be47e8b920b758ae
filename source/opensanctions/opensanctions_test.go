package opensanctions_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/internal/listfiletest"
	"github.com/vigil-sec/vigil/source/opensanctions"
)

func mustParse(tb testing.TB, f *opensanctions.File) *opensanctions.Result {
	tb.Helper()
	return listfiletest.MustParse(tb, opensanctions.Parse, f, "opensanctions")
}

// The entries both formats give for the fixtures' aircraft and vessel differ only in what the CSV keeps as
// remarks; the person and the organisation differ more (see csv.go).
var wantFTM = []*vigil.ListEntry{
	{List: "opensanctions", ID: "fx-air-1", Kind: vigil.EntryAircraft, Name: "EX-AIR 1", Programs: []string{"US-NK"}},
	{
		List: "opensanctions", ID: "fx-kp-101", Kind: vigil.EntryPerson, Name: "KIM Example One",
		Aliases: []vigil.Alias{
			{Name: "김예시", Type: "aka"},
			{Name: "CHO'N Yo'n Ku'n", Type: "aka"},
			{Name: "KIM Ye-si", Type: "aka"},
			{Name: "PAK Ye-si", Type: "fka"},
			{Name: "Kimmy", Type: "aka", Weak: true},
		},
		BirthDates:    []vigil.BirthDate{{Date: "1971-02-03"}, {Date: "1970"}},
		BirthPlaces:   []string{"Pyongyang"},
		Nationalities: []string{"KP"},
		Gender:        "male",
		Addresses:     []vigil.EntryAddress{{City: "Pyongyang", Country: "KP"}},
		Programs:      []string{"UN-SC1718", "US-NK"},
		Title:         "Dr.; Director of Example Trading",
		ListedOn:      "2013-01-22",
		Remarks:       "Fictional record for tests.",
		Identifiers: []vigil.EntryIdentifier{
			{Kind: vigil.IdentDocument, Value: ":AB12345678", Raw: "AB-12345678", Type: "ID Number"},
			{Kind: vigil.IdentDocument, Value: "CHN:G12345678", Raw: "G12345678", Type: "Residence permit", Issuer: "CN"},
			// The passportNumber of the person repeats the Passport entity's number; only the one with its
			// issuer is kept.
			{Kind: vigil.IdentDocument, Value: "PRK:836420999", Raw: "836420999", Type: "Passport", Issuer: "KP"},
			{Kind: vigil.IdentEmail, Value: "kimexample@gmail.com", Raw: "Kim.Example+sanctions@gmail.com", Type: "Email"},
			{Kind: vigil.IdentPhone, Value: "+85023818999", Raw: "+85023818999", Type: "Phone"},
			{Kind: vigil.IdentWallet, Value: "0x00000000000000000000000000000000c0ffee01", Raw: "0x00000000000000000000000000000000C0FFEE01", Type: "Digital Currency Address - ETH", Chain: "ETH"},
		},
	},
	{
		List: "opensanctions", ID: "fx-kp-org-1", Kind: vigil.EntryOrganization, Name: "EXAMPLE TRADING CORPORATION",
		Aliases: []vigil.Alias{
			{Name: "조선예시무역회사", Type: "aka"},
			{Name: "ETC", Type: "aka"},
			{Name: "EXAMPLE TRADING", Type: "aka", Weak: true},
		},
		Addresses: []vigil.EntryAddress{{Line: "Sungri Street, Pyongyang"}},
		Programs:  []string{"UN-SC1718"},
		ListedOn:  "2009-07-16",
		// Neither the registration number nor the organisation's Identification is an identity document.
		Identifiers: []vigil.EntryIdentifier{
			{Kind: vigil.IdentEmail, Value: "info@example-trading.com.kp", Raw: "info@example-trading.com.kp", Type: "Email"},
		},
	},
	{
		List: "opensanctions", ID: "fx-vessel-1", Kind: vigil.EntryVessel, Name: "EXAMPLE STAR",
		Aliases: []vigil.Alias{{Name: "OLD STAR", Type: "fka"}},
		// No programme id anywhere: the Sanction's programme text.
		Programs: []string{"DPRK"},
	},
}

func TestParse_FTM(t *testing.T) {
	res := mustParse(t, listfiletest.ReadTestdata(t, "entities.ftm.json"))
	if !res.AsOf.IsZero() {
		t.Errorf("AsOf = %v; the export has no date of its own", res.AsOf)
	}
	if diff := cmp.Diff(wantFTM, res.Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	wantWarnings := []string{
		`entities.ftm.json: skipped targets that are no person, organisation, vessel or aircraft: "Security" ×1`,
		`entities.ftm.json: country codes that are not one current country, ignored: "suhh" ×1`,
		`entities.ftm.json: 1 values could not be read and were skipped (they stay in the file): birth date "1971-13-40" (entity fx-kp-101)`,
	}
	if diff := cmp.Diff(wantWarnings, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestParse_FTMOrder checks that passports, sanctions, wallets and addresses reach their target wherever
// they stand in the file.
func TestParse_FTMOrder(t *testing.T) {
	f := listfiletest.ReadTestdata(t, "entities.ftm.json")
	lines := strings.Split(strings.TrimSpace(string(f.Data)), "\n")
	slices.Reverse(lines)
	res := mustParse(t, &opensanctions.File{Name: f.Name, Data: []byte(strings.Join(lines, "\r\n"))})
	if diff := cmp.Diff(wantFTM, res.Entries); diff != "" {
		t.Errorf("entries of the reversed file (-want +got):\n%s", diff)
	}
}

func TestParse_TargetsCSV(t *testing.T) {
	res := mustParse(t, listfiletest.ReadTestdata(t, "targets.simple.csv"))
	if !res.AsOf.IsZero() {
		t.Errorf("AsOf = %v; the export has no date of its own", res.AsOf)
	}
	want := []*vigil.ListEntry{
		{List: "opensanctions", ID: "fx-air-1", Kind: vigil.EntryAircraft, Name: "EX-AIR 1", Programs: []string{"US-NK"},
			Remarks: "Countries: KP\nIdentifiers: P-999"},
		{
			List: "opensanctions", ID: "fx-kp-101", Kind: vigil.EntryPerson, Name: "KIM Example One",
			// The CSV cannot tell weak aliases and previous names: all are strong.
			Aliases: []vigil.Alias{
				{Name: "CHO'N Yo'n Ku'n", Type: "aka"}, {Name: "KIM Ye-si", Type: "aka"}, {Name: "Kimmy", Type: "aka"},
				{Name: "PAK Ye-si", Type: "aka"}, {Name: "김예시", Type: "aka"},
			},
			BirthDates: []vigil.BirthDate{{Date: "1970"}, {Date: "1971-02-03"}},
			Addresses:  []vigil.EntryAddress{{Line: "Pyongyang, North Korea"}},
			Programs:   []string{"UN-SC1718", "US-NK"},
			// Countries are no nationalities; sanctions are text.
			Remarks: "Sanction: DPRK3 - 2013-01-22\nSanction: North Korea Sanctions - Fictional; for tests - 2016-03-02\nCountries: CN, KP",
			Identifiers: []vigil.EntryIdentifier{
				// Without issuer; the Wikidata id and the programme id are left out.
				{Kind: vigil.IdentDocument, Value: ":836420999", Raw: "836420999", Type: "Identifier"},
				{Kind: vigil.IdentDocument, Value: ":AB12345678", Raw: "AB-12345678", Type: "Identifier"},
				{Kind: vigil.IdentDocument, Value: ":G12345678", Raw: "G12345678", Type: "Identifier"},
				{Kind: vigil.IdentEmail, Value: "kimexample@gmail.com", Raw: "Kim.Example+sanctions@gmail.com", Type: "Email"},
				{Kind: vigil.IdentPhone, Value: "+85023818999", Raw: "+85023818999", Type: "Phone"},
			},
		},
		{
			List: "opensanctions", ID: "fx-kp-org-1", Kind: vigil.EntryOrganization, Name: "EXAMPLE TRADING CORPORATION",
			Aliases:   []vigil.Alias{{Name: "EXAMPLE; TRADING", Type: "aka"}, {Name: "ETC", Type: "aka"}, {Name: "조선예시무역회사", Type: "aka"}},
			Addresses: []vigil.EntryAddress{{Line: "Sungri Street, Pyongyang"}},
			Programs:  []string{"UN-SC1718"},
			Remarks:   "Sanction: North Korea Sanctions - 2009-07-16\nCountries: KP\nIdentifiers: 12345678, REG-998877",
			Identifiers: []vigil.EntryIdentifier{
				{Kind: vigil.IdentEmail, Value: "info@example-trading.com.kp", Raw: "info@example-trading.com.kp", Type: "Email"},
			},
		},
		{
			List: "opensanctions", ID: "fx-vessel-1", Kind: vigil.EntryVessel, Name: "EXAMPLE STAR",
			Aliases: []vigil.Alias{{Name: "OLD STAR", Type: "aka"}},
			Remarks: "Sanction: DPRK\nCountries: KP\nIdentifiers: 445999000, IMO 9999999",
		},
	}
	if diff := cmp.Diff(want, res.Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	wantWarnings := []string{
		`targets.simple.csv: skipped targets that are no person, organisation, vessel or aircraft: "Security" ×1`,
		`targets.simple.csv: country codes that are not one current country, ignored: "suhh" ×1`,
		`targets.simple.csv: 1 values could not be read and were skipped (they stay in the file): birth date "1971-13-40" (entity fx-kp-101)`,
	}
	if diff := cmp.Diff(wantWarnings, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestParse_CSVOldHeader reads a file of the exporter before August 2025 (no program_ids) and before June
// 2023 (no last_change, first_seen and last_seen swapped), and an unknown column.
func TestParse_CSVOldHeader(t *testing.T) {
	data := `"id","schema","name","aliases","birth_date","countries","addresses","identifiers","sanctions","phones","emails","dataset","last_seen","first_seen","extra"
"p1","Person","JO Example","","1980-05","kp","","A1234567","","","","UN SC","2022-01-01T00:00:00","2021-01-01T00:00:00","x"
`
	res := mustParse(t, &opensanctions.File{Name: "old.csv", Data: []byte(data)})
	want := []*vigil.ListEntry{{
		List: "opensanctions", ID: "p1", Kind: vigil.EntryPerson, Name: "JO Example",
		BirthDates:  []vigil.BirthDate{{Date: "1980-05"}},
		Remarks:     "Countries: KP",
		Identifiers: []vigil.EntryIdentifier{{Kind: vigil.IdentDocument, Value: ":A1234567", Raw: "A1234567", Type: "Identifier"}},
	}}
	if diff := cmp.Diff(want, res.Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{`old.csv:1: ignored column "extra" ×1 (new in the export format?)`}, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// person is one FtM target line with the given properties.
func person(id, props string) string {
	return `{"id":"` + id + `","caption":"A","schema":"Person","properties":{` + props + `},"datasets":["x"],"referents":[],"first_seen":"2024-01-02T03:04:05","last_seen":"2024-01-02T03:04:05","last_change":"2024-01-02T03:04:05","target":true}` + "\n"
}

func TestParse_FTMDetails(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		want     *vigil.ListEntry
		warnings []string
	}{
		{
			name: "NameChoice",
			// The caption is Hangul: the first Latin name is the name; the caption an alias.
			data: `{"id":"p1","caption":"김예시","schema":"Person","properties":{"name":["김예시","KIM Ye Si"]},"target":true}`,
			want: &vigil.ListEntry{List: "opensanctions", ID: "p1", Kind: vigil.EntryPerson, Name: "KIM Ye Si", Aliases: []vigil.Alias{{Name: "김예시", Type: "aka"}}},
		},
		{
			name: "AliasOnly",
			data: `{"id":"p1","schema":"Company","properties":{"alias":["Example Holdings"],"previousName":["Old Example"]},"target":true}`,
			want: &vigil.ListEntry{List: "opensanctions", ID: "p1", Kind: vigil.EntryOrganization, Name: "Example Holdings", Aliases: []vigil.Alias{{Name: "Old Example", Type: "fka"}}},
		},
		{
			name: "StrongWinsOverWeak",
			data: person("p1", `"name":["A"],"weakAlias":["Bee"],"alias":["bee","\u202eCee\u202c"]`),
			want: &vigil.ListEntry{List: "opensanctions", ID: "p1", Kind: vigil.EntryPerson, Name: "A", Aliases: []vigil.Alias{{Name: "bee", Type: "aka"}, {Name: "Cee", Type: "aka"}}},
		},
		{
			name:     "ConflictingGenderAndDates",
			data:     person("p1", `"name":["A"],"gender":["male","female"],"birthDate":["1960-01-02T00:00:00","1960-01-02","1799"]`),
			want:     &vigil.ListEntry{List: "opensanctions", ID: "p1", Kind: vigil.EntryPerson, Name: "A", BirthDates: []vigil.BirthDate{{Date: "1960-01-02"}}},
			warnings: []string{`x.json: 1 values could not be read and were skipped (they stay in the file): birth date "1799" (entity p1)`},
		},
		{
			name: "BadIdentifiers",
			data: person("p1", `"name":["A"],"passportNumber":["ABC","12 34 56 78"],"email":["not-an-email"],"phone":["12"]`) +
				`{"id":"w1","schema":"CryptoWallet","properties":{"holder":["p1"],"publicKey":["short"],"currency":["bitcoin!"]},"target":false}` + "\n" +
				`{"id":"w2","schema":"CryptoWallet","properties":{"holder":["p1"],"publicKey":["bc1qexampleexampleexampleexample0000"],"currency":["bitcoin!"]}}`,
			want: &vigil.ListEntry{List: "opensanctions", ID: "p1", Kind: vigil.EntryPerson, Name: "A", Identifiers: []vigil.EntryIdentifier{
				{Kind: vigil.IdentDocument, Value: ":12345678", Raw: "12 34 56 78", Type: "Passport"},
				{Kind: vigil.IdentWallet, Value: "bc1qexampleexampleexampleexample0000", Raw: "bc1qexampleexampleexampleexample0000", Type: "Digital Currency Address"},
			}},
			warnings: []string{`x.json: 4 values could not be read and were skipped (they stay in the file): Passport "ABC" (entity p1), e-mail "not-an-email" (entity p1), phone "12" (entity p1), wallet "short" (entity p1)`},
		},
		{
			name:     "TargetWalletWithoutHolder",
			data:     person("p1", `"name":["A"]`) + `{"id":"w1","schema":"CryptoWallet","properties":{"publicKey":["0x00000000000000000000000000000000c0ffee02"]},"target":true}`,
			want:     &vigil.ListEntry{List: "opensanctions", ID: "p1", Kind: vigil.EntryPerson, Name: "A"},
			warnings: []string{`x.json: skipped targets that are no person, organisation, vessel or aircraft: "CryptoWallet" ×1`},
		},
		{
			name: "DocumentWithTwoCountries",
			data: person("p1", `"name":["A"]`) + `{"id":"d1","schema":"Identification","properties":{"holder":["p1","p1"],"number":["X1234567"],"country":["ru","ua"]}}`,
			want: &vigil.ListEntry{List: "opensanctions", ID: "p1", Kind: vigil.EntryPerson, Name: "A", Identifiers: []vigil.EntryIdentifier{
				{Kind: vigil.IdentDocument, Value: ":X1234567", Raw: "X1234567", Type: "Identification"},
			}},
		},
		{
			name:     "UnknownKeyAndBlankLines",
			data:     "\n" + `{"id":"p1","schema":"Person","properties":{"name":["A"]},"target":true,"new_field":1}` + "\n\n",
			want:     &vigil.ListEntry{List: "opensanctions", ID: "p1", Kind: vigil.EntryPerson, Name: "A"},
			warnings: []string{`x.json:2: ignored entity key "new_field" ×1 (new in the export format?)`},
		},
		{
			name: "AddressEntityWithStreet",
			data: person("p1", `"name":["A"],"addressEntity":["a1"],"address":["1 Example Street, Dandong"]`) +
				`{"id":"a1","schema":"Address","properties":{"full":["1 Example Street, Dandong"],"street":["1 Example Street"],"city":["Dandong"],"state":["Liaoning"],"postalCode":["118000"],"country":["cn"]}}`,
			want: &vigil.ListEntry{List: "opensanctions", ID: "p1", Kind: vigil.EntryPerson, Name: "A",
				Addresses: []vigil.EntryAddress{{Line: "1 Example Street", City: "Dandong", Region: "Liaoning", Postcode: "118000", Country: "CN"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustParse(t, &opensanctions.File{Name: "x.json", Data: []byte(tt.data)})
			if len(res.Entries) != 1 {
				t.Fatalf("%d entries; want 1", len(res.Entries))
			}
			if diff := cmp.Diff(tt.want, res.Entries[0]); diff != "" {
				t.Errorf("entry (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.warnings, res.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParse_AliasCap(t *testing.T) {
	names := make([]string, 600)
	for i := range names {
		names[i] = fmt.Sprintf("%q", fmt.Sprintf("Name %d", i))
	}
	res := mustParse(t, &opensanctions.File{Name: "x.json", Data: []byte(person("p1", `"name":[`+strings.Join(names, ",")+`]`))})
	if n := len(res.Entries[0].Aliases); n != 500 {
		t.Errorf("%d aliases; want 500", n)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "1 entities have more than 500 names; the rest were ignored: p1") {
		t.Errorf("warnings %q", res.Warnings)
	}
}

const csvHeader = `"id","schema","name","aliases","birth_date","countries","addresses","identifiers","sanctions","phones","emails","program_ids","dataset","first_seen","last_seen","last_change"` + "\n"

func csvRow(id, name, aliases, lastChange string) string {
	return fmt.Sprintf(`"%s","Person","%s","%s","","","","","","","","","","2024-01-02T03:04:05","2024-01-02T03:04:05","%s"`, id, name, aliases, lastChange) + "\n"
}

func TestParse_Malformed(t *testing.T) {
	good := person("p1", `"name":["A"]`)
	tests := []struct {
		name     string
		file     string
		data     string
		wantLine int
		wantMsg  string
	}{
		// entities.ftm.json
		{"Truncated", "e.json", good + good[:len(good)/2], 2, "the JSON object is cut short"},
		{"PrettyPrinted", "e.json", "{\"id\": \"p1\", \"schema\": \"Person\", \"properties\": {\n\"name\": [\"A\"]}}\n", 1, "cut short"},
		{"MalformedJSON", "e.json", good + `{"id":"p2","schema":"Person","properties":{}x}` + "\n", 2, "malformed JSON at column 45: invalid character 'x'"},
		{"NotAnObject", "e.json", good + `["p2"]` + "\n", 2, "the line is not a JSON object"},
		{"DuplicateID", "e.json", good + good, 2, `entity "p1" is given twice (also on line 1)`},
		{"MissingID", "e.json", `{"schema":"Person","properties":{"name":["A"]},"target":true}`, 1, `the entity has no "id"`},
		{"IDWithSpace", "e.json", person("p 1", `"name":["A"]`), 1, `the id "p 1" contains a space`},
		{"IDNotString", "e.json", `{"id":12,"schema":"Person","properties":{}}`, 1, `"id" is a number, not a string`},
		{"BadSchema", "e.json", `{"id":"p1","schema":"person; drop","properties":{}}`, 1, "is not an FtM schema name"},
		{"TargetNotBool", "e.json", `{"id":"p1","schema":"Person","properties":{"name":["A"]},"target":"yes"}`, 1, `"target" is a string, not true or false`},
		{"DatasetsNotList", "e.json", `{"id":"p1","schema":"Person","properties":{"name":["A"]},"datasets":"x"}`, 1, `"datasets" is a string, not a list of strings`},
		{"PropertiesNotObject", "e.json", `{"id":"p1","schema":"Person","properties":["A"],"target":true}`, 1, `"properties" is a list, not an object`},
		{"NestedFormat", "e.json", person("p1", `"name":["A"],"sanctions":[{"id":"s1"}]`), 1, "targets.nested.json"},
		{"NumberValue", "e.json", person("p1", `"name":["A"],"birthDate":[1970]`), 1, `property "birthDate" has a number value`},
		{"PropertyNotList", "e.json", person("p1", `"name":"A"`), 1, `property "name" is a string, not a list of strings`},
		{"AttachmentNotList", "e.json", good + `{"id":"s1","schema":"Sanction","properties":{"entity":"p1"}}`, 2, `property "entity" is a string`},
		{"BadLastChange", "e.json", `{"id":"p1","schema":"Person","properties":{"name":["A"]},"target":true,"last_change":"yesterday"}`, 1, `last_change "yesterday" is not a date and time`},
		{"InvalidUTF8", "e.json", good + "{\"id\":\"p2\",\"schema\":\"Person\",\"properties\":{\"name\":[\"\xff\"]}}\n", 2, "byte 0xff at column 53 is not valid UTF-8"},
		{"LineTooLong", "e.json", person("p1", `"name":["`+strings.Repeat("A", 5<<20)+`"]`), 1, "the line is 5243"},
		{"TooManyProperties", "e.json", person("p1", `"name":["A"],`+manyProps(300)), 1, "has more than 256 properties"},
		{"ValueTooLong", "e.json", person("p1", `"name":["A"],"notes":["`+strings.Repeat("a", 300<<10)+`"]`), 1, `property "notes" has a value of 307200 bytes`},
		{"NoName", "e.json", person("p1", `"weakAlias":["Kimmy"]`), 1, `target "p1" (Person) has no name, alias or previousName`},
		{"NoTargets", "e.json", `{"id":"p1","schema":"Person","properties":{"name":["A"]},"target":false}`, 0, "has 1 entities but no target person"},
		// targets.simple.csv
		{"CSVNoNameColumn", "t.csv", `"id","schema","name_x"` + "\n" + `"p1","Person","A"` + "\n", 1, "is neither an OpenSanctions"},
		{"CSVMissingColumn", "t.csv", `"id","schema","name","aliases"` + "\n", 0, "has a header but no rows"},
		{"CSVDuplicateColumn", "t.csv", `"id","schema","name","aliases","aliases"` + "\n", 1, `the header has column "aliases" twice (columns 4 and 5)`},
		{"CSVDuplicateID", "t.csv", csvHeader + csvRow("p1", "A", "", "") + csvRow("p1", "B", "", ""), 3, `entity "p1" is given twice (also on line 2)`},
		{"CSVFieldCount", "t.csv", csvHeader + `"p1","Person","A"` + "\n", 2, "different number of fields from the header's 16"},
		{"CSVBareQuote", "t.csv", csvHeader + `"p1","Person","A "x" B","","","","","","","","","","","","",""` + "\n", 2, "column 18"},
		{"CSVUnclosedQuote", "t.csv", csvHeader + `"p1","Person","A` + "\n", 2, "extraneous or missing \" in quoted-field"},
		{"CSVBadCell", "t.csv", csvHeader + csvRow("p1", "A", `""B"" C`, ""), 2, `column aliases: the quoted value at character 1 is followed by " "`},
		{"CSVUnclosedCell", "t.csv", csvHeader + csvRow("p1", "A", `""B`, ""), 2, "column aliases: the quoted value at character 1 is not closed"},
		{"CSVBadLastChange", "t.csv", csvHeader + csvRow("p1", "A", "", "2024-13-01"), 2, `last_change "2024-13-01" is not a date and time`},
		{"CSVNoName", "t.csv", csvHeader + csvRow("p1", " ", "", ""), 2, `target "p1" (Person) has no name`},
		{"CSVNoID", "t.csv", csvHeader + csvRow("", "A", "", ""), 2, "the entity has no id"},
		{"CSVInvalidUTF8", "t.csv", csvHeader + csvRow("p1", "A\xff", "", ""), 2, "byte 0xff is not valid UTF-8"},
		{"CSVFieldTooLong", "t.csv", csvHeader + csvRow("p1", "A", strings.Repeat("b", 1<<20+1), ""), 2, "field 4 is 1048577 bytes long"},
		// neither
		{"CSVOnlyOtherSchemas", "t.csv", csvHeader + strings.Replace(csvRow("s1", "A", "", ""), "Person", "Security", 1), 0, "has 1 rows but no person"},
		{"WrongFormat", "x.xml", `<?xml version="1.0"?><CONSOLIDATED_LIST/>`, 1, "is neither an OpenSanctions entities.ftm.json"},
		{"JSONArray", "x.json", `[{"id":"p1","schema":"Person","properties":{}}]`, 1, "is neither"},
		{"OtherJSON", "x.json", `{"type":"bundle","id":"bundle--1","objects":[]}`, 1, `the entity has no "schema"`},
		{"Empty", "x.json", "\xef\xbb\xbf \n", 0, "is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := opensanctions.Parse(&opensanctions.File{Name: tt.file, Data: []byte(tt.data)}, "opensanctions")
			if res != nil {
				t.Error("Parse returned a result with an error")
			}
			listfiletest.CheckParseError(t, err, tt.file, tt.wantLine, tt.wantMsg)
		})
	}
}

func manyProps(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`"p%d":["x"]`, i)
	}
	return strings.Join(parts, ",")
}

func TestParse_ErrorsCollected(t *testing.T) {
	// Every broken line is reported, up to ten, and nothing is returned.
	var b strings.Builder
	for i := 0; i < 15; i++ {
		b.WriteString("{broken\n")
	}
	_, err := opensanctions.Parse(&opensanctions.File{Name: "e.json", Data: []byte(person("p1", `"name":["A"]`) + b.String())}, "opensanctions")
	var list listfile.ErrorList
	if !errors.As(err, &list) || len(list) != 10 || list[0].Line != 2 || list[9].Line != 11 {
		t.Fatalf("got %v", err)
	}
}

func TestParse_TooLarge(t *testing.T) {
	big := make([]byte, listfile.MaxFileBytes+1)
	_, err := opensanctions.Parse(&opensanctions.File{Name: "big.json", Data: big}, "opensanctions")
	if err == nil || !strings.Contains(err.Error(), "big.json: is 268435457 bytes; at most 268435456 are accepted") {
		t.Errorf("got %v", err)
	}
}

func TestSniff(t *testing.T) {
	longCaption := `{"id":"p1","schema":"Person","caption":"` + strings.Repeat("A", 100<<10) + `","properties":{}}`
	tests := []struct {
		name string
		data string
		kind opensanctions.Kind
		ok   bool
	}{
		{"FTM", `{"id":"p1","caption":"A","schema":"Person","properties":{"name":["A"]},"target":true}`, opensanctions.KindFTM, true},
		{"FTMSpaced", "\xef\xbb\xbf\n{\"id\": \"p1\", \"schema\": \"Person\", \"properties\": {}}", opensanctions.KindFTM, true},
		{"FTMLongLine", `{"id":"p1","schema":"Person","properties":{"name":["` + strings.Repeat("A", 100<<10) + `"]}}`, opensanctions.KindFTM, true},
		{"FTMCaptionBeyondWindow", longCaption, "", false},
		{"FTMNoProperties", `{"id":"p1","schema":"Person"}`, "", false},
		{"FTMPropertiesFirst", `{"properties":{},"id":"p1","schema":"Person"}`, "", false},
		{"FTMEmptyID", `{"id":"","schema":"Person","properties":{}}`, "", false},
		{"OtherJSON", `{"type":"bundle","id":"bundle--1","objects":[]}`, "", false},
		{"CSV", csvHeader, opensanctions.KindTargetsCSV, true},
		{"CSVUnquotedBOM", "\xef\xbb\xbfid,schema,name,aliases\r\n", opensanctions.KindTargetsCSV, true},
		{"OFAC", `36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- `, "", false},
		{"XML", `<CONSOLIDATED_LIST/>`, "", false},
		{"Empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, ok := opensanctions.Sniff([]byte(tt.data))
			if kind != tt.kind || ok != tt.ok {
				t.Errorf("Sniff = %q, %v; want %q, %v", kind, ok, tt.kind, tt.ok)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"entities.ftm.json", "targets.simple.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		// Each line of the fixture alone too, the CSV ones under their header.
		lines := bytes.Split(data, []byte("\n"))
		for _, l := range lines[1:] {
			if name == "targets.simple.csv" {
				f.Add(append(append(append([]byte(nil), lines[0]...), '\n'), l...))
			} else {
				f.Add(l)
			}
		}
	}
	f.Add([]byte(person("p1", `"name":["A"],"sanctions":[{"id":"s1"}]`)))
	f.Add([]byte(csvHeader + csvRow("p1", "A", `"B;C"";D"`, "")))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := opensanctions.Parse(&opensanctions.File{Name: "f", Data: data}, "opensanctions")
		if err != nil {
			var list listfile.ErrorList
			if res != nil || !errors.As(err, &list) || len(list) == 0 || list[0].File != "f" {
				t.Fatalf("bad error result: %v, %v", res, err)
			}
			return
		}
		if len(res.Entries) == 0 {
			t.Fatal("no entries and no error")
		}
		seen := map[string]bool{}
		for i, e := range res.Entries {
			if e.ID == "" || e.Name == "" || seen[e.ID] || e.List != "opensanctions" {
				t.Fatalf("bad entry %+v", e)
			}
			if i > 0 && res.Entries[i-1].ID >= e.ID {
				t.Fatalf("entries not ordered: %s before %s", res.Entries[i-1].ID, e.ID)
			}
			seen[e.ID] = true
			if len(e.Aliases) > 500 {
				t.Fatalf("entry %s has %d aliases", e.ID, len(e.Aliases))
			}
			for _, id := range e.Identifiers {
				switch id.Kind {
				case vigil.IdentDocument:
					number := vigil.DocumentNumber(id.Value)
					if again, err := vigil.CanonicalDocumentNumber(number); err != nil || again != number {
						t.Fatalf("document %+v is not canonical", id)
					}
					if e.Kind != vigil.EntryPerson {
						t.Fatalf("document %+v on a %s", id, e.Kind)
					}
				case vigil.IdentEmail:
					if again, err := vigil.CanonicalEmail(id.Value); err != nil || again != id.Value {
						t.Fatalf("email %+v is not canonical", id)
					}
				}
			}
			for _, d := range e.BirthDates {
				if len(d.Date) != 4 && len(d.Date) != 7 && len(d.Date) != 10 {
					t.Fatalf("birth date %+v", d)
				}
			}
		}
	})
}
