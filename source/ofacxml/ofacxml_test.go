package ofacxml_test

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/internal/listfiletest"
	"github.com/vigil-sec/vigil/source/ofacxml"
)

func mustParse(tb testing.TB, f *ofacxml.File) *ofacxml.Result {
	tb.Helper()
	return listfiletest.MustParse(tb, ofacxml.Parse, f, "ofac-sdn")
}

// wantEdge are the entries of both hand-written fixtures: the two formats of one publication must read the same.
var wantEdge = []*vigil.ListEntry{
	{
		List: "ofac-sdn", ID: "90101", Kind: vigil.EntryPerson, Name: "CHO'N, Yo'n Ku'n",
		Aliases: []vigil.Alias{
			{Name: "전연군", Type: "aka"},
			{Name: "CHON, Yon Kun", Type: "aka"},
			{Name: "Chol", Type: "aka", Weak: true},
			{Name: "PAK, Yo'n Ku'n", Type: "fka"},
		},
		BirthDates:    []vigil.BirthDate{{Date: "1968-03-15"}, {Date: "1969"}, {Date: "1960", To: "1962", Circa: true}},
		BirthPlaces:   []string{"Pyongyang, North Korea"},
		Nationalities: []string{"KP", "CN"},
		Gender:        "male",
		Programs:      []string{"DPRK3", "DPRK-NKSPEA"},
		Title:         "Director, Example Bureau",
		ListedOn:      "2017-06-01",
		Identifiers: []vigil.EntryIdentifier{
			{Kind: vigil.IdentDocument, Value: "PRK:927234567", Raw: "927234567", Type: "Passport", Issuer: "KP"},
			{Kind: vigil.IdentWallet, Value: "0x7f19720a857f834887fc9a7bc0a0fbe7fc7f8102", Raw: "0x7F19720A857f834887FC9A7bC0a0FBE7Fc7F8102", Type: "Digital Currency Address - ETH", Chain: "ETH"},
			{Kind: vigil.IdentEmail, Value: "yonkun.cho@example.com", Raw: "yonkun.cho@example.com", Type: "Email Address"},
			{Kind: vigil.IdentPhone, Value: "+85023818111", Raw: "850 2 381 8111", Type: "Phone Number"},
		},
	},
	{
		List: "ofac-sdn", ID: "90102", Kind: vigil.EntryOrganization, Name: "KOREA EXAMPLE TRADING CORPORATION",
		Aliases: []vigil.Alias{{Name: "KOREA EXAMPLE TRADING", Type: "aka"}, {Name: "朝鲜示例贸易公司", Type: "aka"}},
		Addresses: []vigil.EntryAddress{
			{Line: "Kyonghung-dong", City: "Pyongyang", Country: "KP"},
			{City: "Examplegrad", Region: "Example"},
		},
		Programs: []string{"DPRK2"},
		ListedOn: "2016-03-16",
		Remarks:  "Linked To: CHO'N, Yo'n Ku'n.",
		Identifiers: []vigil.EntryIdentifier{
			{Kind: vigil.IdentWallet, Value: "bc1qexampleexampleexampleexample0000xyz", Raw: "bc1qExampleExampleExampleExample0000xyz", Type: "Digital Currency Address - XBT", Chain: "XBT"},
		},
	},
	{
		List: "ofac-sdn", ID: "90103", Kind: vigil.EntryVessel, Name: "EXAMPLE STAR",
		Aliases:  []vigil.Alias{{Name: "OLD EXAMPLE", Type: "fka"}},
		Programs: []string{"DPRK4"},
		ListedOn: "2018-02-23",
	},
}

func TestParse_Fixtures(t *testing.T) {
	tests := []struct {
		file         string
		kind         ofacxml.Kind
		wantWarnings []string
	}{
		{"advanced-edge.xml", ofacxml.KindAdvanced, []string{
			"advanced-edge.xml:511: ignored 1 unknown <DistinctParties/FutureParty> elements (a new element in OFAC's format?)",
			"advanced-edge.xml:561: ignored 1 unknown <Sanctions/FutureSection> elements (a new element in OFAC's format?)",
			`advanced-edge.xml:420: 1 references to FeatureType IDs the file does not define (first: "9999") were skipped`,
			`advanced-edge.xml: country names that are not one current country, kept as text only: "Region: Example" ×1`,
			`advanced-edge.xml: 3 values could not be read and were skipped (they stay in the file): National ID No. "unknown" (entry 90101), Birthdate date period on line 351 (entry 90101), Digital Currency Address - XBT "not-an-address" (entry 90101)`,
		}},
		{"enhanced-edge.xml", ofacxml.KindEnhanced, []string{
			`enhanced-edge.xml:174: 1 references to referenceValue IDs the file does not define (first: "99999") were skipped`,
			`enhanced-edge.xml: country names that are not one current country, kept as text only: "Region: Example" ×1`,
			`enhanced-edge.xml: 3 values could not be read and were skipped (they stay in the file): National ID No. "unknown" (entry 90101), Birthdate "30 Feb 1971" (entry 90101), Digital Currency Address - XBT "not-an-address" (entry 90101)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f := listfiletest.ReadTestdata(t, tt.file)
			if kind, ok := ofacxml.Sniff(f.Data); !ok || kind != tt.kind {
				t.Errorf("Sniff = %q, %v; want %q", kind, ok, tt.kind)
			}
			res := mustParse(t, f)
			if diff := cmp.Diff(wantEdge, res.Entries); diff != "" {
				t.Errorf("entries (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantWarnings, res.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if want := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC); !res.AsOf.Equal(want) {
				t.Errorf("AsOf = %v; want %v", res.AsOf, want)
			}
		})
	}
}

// TestParse_ReferencesResolvedFromTheFile renumbers every reference ID of the fixtures consistently: the
// entries must not change, because the parser reads what an ID means from the file, never from its number.
func TestParse_ReferencesResolvedFromTheFile(t *testing.T) {
	shift := func(m string, prefix, num string) string {
		n, _ := strconv.Atoi(num)
		return prefix + strconv.Itoa(n+700000)
	}
	tests := []struct {
		file string
		re   *regexp.Regexp
	}{
		// Every attribute named ID or ending in ID (IDRegDocTypeID, IssuedBy-CountryID, ProfileID …); FixedRef,
		// the ent_num, is not a reference.
		{"advanced-edge.xml", regexp.MustCompile(`(\b[A-Za-z-]*ID=")(\d+)`)},
		{"enhanced-edge.xml", regexp.MustCompile(`(\brefId="|<valueRefId>)(\d+)`)},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f := listfiletest.ReadTestdata(t, tt.file)
			renumbered := tt.re.ReplaceAllStringFunc(string(f.Data), func(m string) string {
				sub := tt.re.FindStringSubmatch(m)
				return shift(m, sub[1], sub[2])
			})
			if renumbered == string(f.Data) {
				t.Fatal("nothing renumbered")
			}
			res := mustParse(t, &ofacxml.File{Name: tt.file, Data: []byte(renumbered)})
			if diff := cmp.Diff(wantEdge, res.Entries); diff != "" {
				t.Errorf("entries after renumbering (-want +got):\n%s", diff)
			}
		})
	}
}

const (
	xmlDecl = `<?xml version="1.0" encoding="utf-8"?>` + "\n"
	advRoot = `<Sanctions xmlns="` + ofacxml.NamespaceAdvanced + `">` + "\n"
	advDate = `<DateOfIssue CalendarTypeID="1"><Year>2026</Year><Month>2</Month><Day>3</Day></DateOfIssue>` + "\n"
	advRefs = `<ReferenceValueSets><AliasTypeValues><AliasType ID="1400">A.K.A.</AliasType><AliasType ID="1403">Name</AliasType></AliasTypeValues>` +
		`<CountryValues><Country ID="11120" ISO2="KP">Korea, North</Country></CountryValues>` +
		`<ListValues><List ID="1550">SDN List</List><List ID="91512">Consolidated List</List></ListValues>` +
		`<PartySubTypeValues><PartySubType ID="1" PartyTypeID="4">Vessel</PartySubType><PartySubType ID="2" PartyTypeID="4">Aircraft</PartySubType>` +
		`<PartySubType ID="3" PartyTypeID="2">Unknown</PartySubType><PartySubType ID="4" PartyTypeID="1">Unknown</PartySubType><PartySubType ID="5" PartyTypeID="3">Unknown</PartySubType></PartySubTypeValues>` +
		`<PartyTypeValues><PartyType ID="1">Individual</PartyType><PartyType ID="2">Entity</PartyType><PartyType ID="3">Location</PartyType><PartyType ID="4">Transport</PartyType></PartyTypeValues>` +
		`<SanctionsTypeValues><SanctionsType ID="1">Program</SanctionsType></SanctionsTypeValues>` +
		`<ScriptValues><Script ID="215" ScriptCode="Latn">Latin</Script></ScriptValues></ReferenceValueSets>` + "\n"
)

// party is a DistinctParty on one line with a primary name and the given sub-type; extra goes inside Identity.
func party(fixedRef, subType, name, extra string) string {
	return `<DistinctParty FixedRef="` + fixedRef + `"><Profile ID="` + fixedRef + `" PartySubTypeID="` + subType + `">` +
		`<Identity ID="` + fixedRef + `" Primary="true"><Alias AliasTypeID="1403" Primary="true" LowQuality="false"><DocumentedName ID="1">` +
		`<DocumentedNamePart><NamePartValue ScriptID="215">` + name + `</NamePartValue></DocumentedNamePart></DocumentedName></Alias>` + extra +
		`</Identity></Profile></DistinctParty>`
}

// adv is an advanced file: line 1 the declaration, 2 the root, 3 the date, 4 the references, 5
// <DistinctParties>, then one party per line, </DistinctParties>, <SanctionsEntries>, one entry per line.
func adv(parties []string, entries ...string) string {
	var b strings.Builder
	b.WriteString(xmlDecl + advRoot + advDate + advRefs + "<DistinctParties>\n")
	for _, p := range parties {
		b.WriteString(p + "\n")
	}
	b.WriteString("</DistinctParties>\n<SanctionsEntries>\n")
	for _, e := range entries {
		b.WriteString(e + "\n")
	}
	b.WriteString("</SanctionsEntries>\n</Sanctions>\n")
	return b.String()
}

const (
	enhRoot = `<sanctionsData xmlns="` + ofacxml.NamespaceEnhanced + `">` + "\n"
	enhInfo = `<publicationInfo><dataAsOf>2026-02-03T10:00:00-05:00</dataAsOf></publicationInfo>` + "\n"
)

// entity is an enhanced entity on one line with a primary name; extra goes inside it.
func entity(id, typ, name, extra string) string {
	return `<entity id="` + id + `"><generalInfo><entityType>` + typ + `</entityType></generalInfo><names><name><isPrimary>true</isPrimary>` +
		`<translations><translation><isPrimary>true</isPrimary><script>Latin</script><formattedFullName>` + name +
		`</formattedFullName></translation></translations></name></names>` + extra + `</entity>`
}

// enh is an enhanced file: line 1 the declaration, 2 the root, 3 publicationInfo, 4 <entities>, then one
// entity per line.
func enh(entities ...string) string {
	return xmlDecl + enhRoot + enhInfo + "<entities>\n" + strings.Join(entities, "\n") + "\n</entities>\n</sanctionsData>\n"
}

func TestParse_Kinds(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []vigil.EntryKind
	}{
		{"Advanced", adv([]string{party("1", "4", "A", ""), party("2", "3", "B", ""), party("3", "1", "C", ""), party("4", "2", "D", "")}),
			[]vigil.EntryKind{vigil.EntryPerson, vigil.EntryOrganization, vigil.EntryVessel, vigil.EntryAircraft}},
		{"Enhanced", enh(entity("1", "Individual", "A", ""), entity("2", "Entity", "B", ""), entity("3", "Vessel", "C", ""), entity("4", "Aircraft", "D", "")),
			[]vigil.EntryKind{vigil.EntryPerson, vigil.EntryOrganization, vigil.EntryVessel, vigil.EntryAircraft}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustParse(t, &ofacxml.File{Name: "x.xml", Data: []byte(tt.data)})
			var got []vigil.EntryKind
			for _, e := range res.Entries {
				got = append(got, e.Kind)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("kinds (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParse_AsOfAndOrder(t *testing.T) {
	res := mustParse(t, &ofacxml.File{Name: "x.xml", Data: []byte(enh(entity("30", "Entity", "C", ""), entity("4", "Entity", "A", ""), entity("200", "Entity", "B", "")))})
	if want := time.Date(2026, 2, 3, 15, 0, 0, 0, time.UTC); !res.AsOf.Equal(want) {
		t.Errorf("AsOf = %v; want %v", res.AsOf, want)
	}
	var ids []string
	for _, e := range res.Entries {
		ids = append(ids, e.ID)
	}
	if diff := cmp.Diff([]string{"4", "30", "200"}, ids); diff != "" {
		t.Errorf("order by ent_num (-want +got):\n%s", diff)
	}
}

func TestParse_OtherLists(t *testing.T) {
	data := adv([]string{party("1", "4", "A", ""), party("2", "4", "B", "")},
		`<SanctionsEntry ID="1" ProfileID="1" ListID="91512"><SanctionsMeasure ID="1" SanctionsTypeID="1"><Comment>NS-PLC</Comment></SanctionsMeasure></SanctionsEntry>`,
		`<SanctionsEntry ID="2" ProfileID="2" ListID="1550"><SanctionsMeasure ID="2" SanctionsTypeID="1"><Comment>SDGT</Comment></SanctionsMeasure></SanctionsEntry>`)
	res := mustParse(t, &ofacxml.File{Name: "x.xml", Data: []byte(data)})
	if got := res.Entries[0].Programs; !cmp.Equal(got, []string{"NS-PLC"}) {
		t.Errorf("programs %v", got)
	}
	want := []string{`x.xml: entries on lists other than the SDN List were read all the same: "Consolidated List" ×1`}
	if diff := cmp.Diff(want, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestParse_NameCap(t *testing.T) {
	var aliases strings.Builder
	for i := range 320 {
		fmt.Fprintf(&aliases, `<Alias AliasTypeID="1400" Primary="false" LowQuality="false"><DocumentedName ID="%d"><DocumentedNamePart><NamePartValue ScriptID="215">ALIAS %d</NamePartValue></DocumentedNamePart></DocumentedName></Alias>`, i+2, i)
	}
	res := mustParse(t, &ofacxml.File{Name: "x.xml", Data: []byte(adv([]string{party("7", "3", "MANY NAMES", aliases.String())}))})
	if got := len(res.Entries[0].Aliases); got != 299 {
		t.Errorf("%d aliases; want 299 (300 names with the primary one)", got)
	}
	want := []string{"x.xml: 1 entries have more than 300 names; the rest were ignored: 7"}
	if diff := cmp.Diff(want, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestParse_Malformed(t *testing.T) {
	good := party("1", "4", "A", "")
	tests := []struct {
		name     string
		data     string
		wantLine int
		wantMsg  string
	}{
		{"Doctype", xmlDecl + `<!DOCTYPE Sanctions [<!ENTITY x "y">]>` + "\n" + advRoot + "</Sanctions>", 2, "DOCTYPE or entity declaration is not accepted"},
		{"DoctypeInside", adv([]string{`<!DOCTYPE x>`}), 6, "DOCTYPE or entity declaration is not accepted"},
		{"UndefinedEntity", adv([]string{party("1", "4", "&xxe;", "")}), 6, "malformed XML: invalid character entity &xxe;"},
		{"WrongRoot", xmlDecl + "<sdnList/>", 2, "the root element is <sdnList>"},
		{"ForeignNamespace", xmlDecl + `<Sanctions xmlns="urn:example:other"></Sanctions>`, 2, `the root element <Sanctions> is in the namespace "urn:example:other"`},
		{"NoRoot", xmlDecl, 0, "has no root element"},
		{"Truncated", adv([]string{good})[:len(xmlDecl+advRoot+advDate+advRefs)+len("<DistinctParties>\n")+40], 6, "the file ends inside <DistinctParty> opened on line 6"},
		{"Mismatched", adv([]string{`<DistinctParty FixedRef="1"><Profile></DistinctParty>`}), 6, "malformed XML: element <Profile> closed by </DistinctParty>"},
		{"SecondRoot", adv([]string{good}) + "<Sanctions/>", 11, "has a second root element <Sanctions>"},
		{"MissingFixedRef", adv([]string{good, strings.Replace(party("2", "4", "B", ""), ` FixedRef="2"`, "", 1)}), 7, "<DistinctParty> has no FixedRef"},
		{"NonNumericFixedRef", adv([]string{strings.Replace(good, `FixedRef="1"`, `FixedRef="1a"`, 1)}), 6, `FixedRef "1a" is not a number`},
		{"DuplicateFixedRef", adv([]string{good, strings.Replace(good, `Profile ID="1"`, `Profile ID="9"`, 1)}), 7, "ent_num 1 is given twice (also on line 6)"},
		{"DuplicateProfile", adv([]string{good, strings.Replace(good, `FixedRef="1"`, `FixedRef="2"`, 1)}), 7, `Profile ID "1" is given twice (also in entry "1")`},
		{"NoProfile", adv([]string{`<DistinctParty FixedRef="5"><Comment/></DistinctParty>`}), 6, "entry 5 has no <Profile>"},
		{"NoPrimaryName", adv([]string{strings.Replace(good, `Primary="true" LowQuality`, `Primary="false" LowQuality`, 1)}), 6, "entry 1 has no primary name"},
		{"EmptyPrimaryName", adv([]string{party("1", "4", " ", "")}), 6, "entry 1 has no primary name"},
		{"UndefinedPartySubType", adv([]string{party("1", "9", "A", "")}), 6, `entry 1 has PartySubTypeID "9", which is not among the file's <PartySubTypeValues>`},
		{"UnknownPartyType", adv([]string{party("1", "5", "A", "")}), 6, `entry 1 is of party type "Location"`},
		{"SanctionsEntryWithoutParty", adv([]string{good}, `<SanctionsEntry ID="3" ProfileID="77"/>`), 9, `<SanctionsEntry> is for ProfileID "77", which no <DistinctParty> of the file has`},
		{"DuplicateReferenceID", strings.Replace(adv([]string{good}), `<AliasType ID="1403">`, `<AliasType ID="1400">`, 1), 4, `<AliasType> ID "1400" is given twice`},
		{"ReferenceWithoutID", strings.Replace(adv([]string{good}), `<AliasType ID="1403">`, `<AliasType>`, 1), 4, "<AliasType> in <AliasTypeValues> has no ID"},
		{"SectionOrder", xmlDecl + advRoot + advDate + "<DistinctParties/>\n" + advRefs + "</Sanctions>", 5, "<ReferenceValueSets> comes after <DistinctParties>"},
		{"SectionTwice", xmlDecl + advRoot + advDate + advDate + "</Sanctions>", 4, "<DateOfIssue> is given twice (also on line 3)"},
		{"BadDateOfIssue", strings.Replace(adv([]string{good}), "<Month>2</Month>", "<Month>13</Month>", 1), 3, `<DateOfIssue> is not a date (Year "2026", Month "13", Day "3")`},
		{"NoDateOfIssue", strings.Replace(adv([]string{good}), advDate, "", 1), 0, "has no <DateOfIssue>"},
		{"TooDeep", adv([]string{`<DistinctParty FixedRef="1"><a><b><c><d><e><f><g><h><i><j><k><l><m><n>x</n></m></l></k></j></i></h></g></f></e></d></c></b></a></DistinctParty>`}), 6, "is nested 17 levels deep"},
		{"TextTooLong", adv([]string{party("1", "4", strings.Repeat("A", 70000), "")}), 6, "<NamePartValue> has more than 65536 bytes of text"},
		{"TooManyElements", adv([]string{`<DistinctParty FixedRef="1">` + strings.Repeat("<Comment/>", 50001) + `</DistinctParty>`}), 6, "<DistinctParty> opened on line 6 has more than 50000 elements"},
		{"OtherEncoding", `<?xml version="1.0" encoding="ISO-8859-1"?>` + "\n" + advRoot + "</Sanctions>", 1, `encoding "ISO-8859-1" declared`},
		{"InvalidUTF8", adv([]string{party("1", "4", "\xff", "")}), 6, "malformed XML: invalid UTF-8"},
		{"ProcessingInstruction", adv([]string{`<?php evil() ?>`}), 6, "processing instruction <?php?>"},
		{"TextInSection", adv([]string{"stray"}), 7, `has text "stray" directly inside <DistinctParties>`},

		{"EnhancedForeignNamespace", xmlDecl + `<sanctionsData xmlns="urn:example:other"/>`, 2, `the root element <sanctionsData> is in the namespace "urn:example:other"`},
		{"EnhancedMissingID", enh(entity("1", "Entity", "A", ""), strings.Replace(entity("2", "Entity", "B", ""), ` id="2"`, "", 1)), 6, "<entity> has no id"},
		{"EnhancedNonNumericID", enh(entity("x1", "Entity", "A", "")), 5, `entity id "x1" is not a number`},
		{"EnhancedDuplicateID", enh(entity("1", "Entity", "A", ""), entity("1", "Entity", "B", "")), 6, "ent_num 1 is given twice (also on line 5)"},
		{"EnhancedUnknownType", enh(entity("1", "Cryptocurrency Wallet", "A", "")), 5, `entry 1 has entityType "Cryptocurrency Wallet"`},
		{"EnhancedNoPrimaryName", enh(strings.Replace(entity("1", "Entity", "A", ""), "<isPrimary>true</isPrimary><translations>", "<isPrimary>false</isPrimary><translations>", 1)), 5, "entry 1 has no primary name"},
		{"EnhancedBadDataAsOf", strings.Replace(enh(entity("1", "Entity", "A", "")), "2026-02-03T10:00:00-05:00", "yesterday", 1), 3, `<dataAsOf> "yesterday" is not a date and time`},
		{"EnhancedNoPublicationInfo", strings.Replace(enh(entity("1", "Entity", "A", "")), enhInfo, "", 1), 0, "has no <publicationInfo>"},
		{"EnhancedDuplicateRefID", xmlDecl + enhRoot + enhInfo + `<referenceValues><referenceValue refId="1"/>` + "\n" + `<referenceValue refId="1"/></referenceValues></sanctionsData>`, 5, `<referenceValue> refId "1" is given twice (also on line 4)`},
		{"EnhancedSectionOrder", xmlDecl + enhRoot + "<entities/>\n" + enhInfo + "</sanctionsData>", 4, "<publicationInfo> comes after <entities>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ofacxml.Parse(&ofacxml.File{Name: "sdn.xml", Data: []byte(tt.data)}, "ofac-sdn")
			if res != nil {
				t.Error("Parse returned a result with an error")
			}
			listfiletest.CheckParseError(t, err, "sdn.xml", tt.wantLine, tt.wantMsg)
		})
	}
}

func TestParse_ErrorsCollected(t *testing.T) {
	// Record-level faults do not stop the parse: every one is reported, with its record, once (the sanctions
	// entries of the parties in error are not reported again).
	data := adv([]string{party("x", "4", "A", ""), party("2", "9", "B", ""), party("3", "4", "C", "")},
		`<SanctionsEntry ID="1" ProfileID="x"/>`, `<SanctionsEntry ID="2" ProfileID="2"/>`, `<SanctionsEntry ID="3" ProfileID="3"/>`)
	_, err := ofacxml.Parse(&ofacxml.File{Name: "sdn.xml", Data: []byte(data)}, "ofac-sdn")
	var list listfile.ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("got %v; want two errors", err)
	}
	if list[0].Line != 6 || list[0].Record != "ent_num x" || list[1].Line != 7 || list[1].Record != "ent_num 2" {
		t.Errorf("got %+v, %+v", list[0], list[1])
	}
}

func TestParse_TooLarge(t *testing.T) {
	// The size check comes before any parsing, so the content does not matter.
	big := make([]byte, listfile.MaxFileBytes+1)
	_, err := ofacxml.Parse(&ofacxml.File{Name: "big.xml", Data: big}, "ofac-sdn")
	if err == nil || !strings.Contains(err.Error(), "big.xml: is 268435457 bytes; at most 268435456 are accepted") {
		t.Errorf("got %v", err)
	}
}

func TestParse_ByteOrderMark(t *testing.T) {
	data := "\xef\xbb\xbf" + adv([]string{party("1", "4", "A", "")})
	if kind, ok := ofacxml.Sniff([]byte(data)); !ok || kind != ofacxml.KindAdvanced {
		t.Errorf("Sniff = %q, %v", kind, ok)
	}
	if res := mustParse(t, &ofacxml.File{Name: "x.xml", Data: []byte(data)}); len(res.Entries) != 1 {
		t.Errorf("%d entries", len(res.Entries))
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		data string
		kind ofacxml.Kind
		ok   bool
	}{
		{"Advanced", xmlDecl + advRoot, ofacxml.KindAdvanced, true},
		{"AdvancedUNNamespace", `<Sanctions xmlns="http://www.un.org/sanctions/1.0" Version="3">`, ofacxml.KindAdvanced, true},
		{"AdvancedNoNamespace", `<Sanctions>`, ofacxml.KindAdvanced, true},
		{"AdvancedAfterDoctype", xmlDecl + "<!DOCTYPE Sanctions>\n" + advRoot, ofacxml.KindAdvanced, true},
		{"Enhanced", xmlDecl + enhRoot, ofacxml.KindEnhanced, true},
		{"ForeignNamespace", `<Sanctions xmlns="urn:example:other">`, "", false},
		{"UN", xmlDecl + `<CONSOLIDATED_LIST dateGenerated="x">`, "", false},
		{"LegacySDNXML", xmlDecl + `<sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">`, "", false},
		{"CSV", `36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"`, "", false},
		{"Empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, ok := ofacxml.Sniff([]byte(tt.data))
			if kind != tt.kind || ok != tt.ok {
				t.Errorf("Sniff = %q, %v; want %q, %v", kind, ok, tt.kind, tt.ok)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	// Compact seeds that still reach every part of both formats: the fuzzer minimises each input that finds new
	// code, and minimising the 30 KB fixtures would take most of a short run.
	f.Add([]byte(adv([]string{
		party("1", "4", "A", `<Alias AliasTypeID="1400" Primary="false" LowQuality="true"><DocumentedName ID="2"><DocumentedNamePart>`+
			`<NamePartValue NamePartGroupID="5" ScriptID="215">B</NamePartValue></DocumentedNamePart></DocumentedName></Alias>`+
			`<NamePartGroups><MasterNamePartGroup><NamePartGroup ID="5" NamePartTypeID="1520"/></MasterNamePartGroup></NamePartGroups>`),
		party("2", "1", "C", ""),
	}, `<SanctionsEntry ID="1" ProfileID="1" ListID="1550"><EntryEvent ID="1" EntryEventTypeID="1"><Date><Year>2017</Year><Month>6</Month><Day>1</Day></Date></EntryEvent>`+
		`<SanctionsMeasure ID="1" SanctionsTypeID="1"><Comment>DPRK3</Comment></SanctionsMeasure></SanctionsEntry>`)))
	feature := func(typ, inner string) string {
		return `<Feature ID="1" FeatureTypeID="` + typ + `"><FeatureVersion ID="1">` + inner + `</FeatureVersion></Feature>`
	}
	period := `<DatePeriod><Start Approximate="true"><From><Year>1960</Year><Month>1</Month><Day>1</Day></From></Start>` +
		`<End><To><Year>1962</Year><Month>12</Month><Day>31</Day></To></End></DatePeriod>`
	withFeatures := strings.Replace(adv([]string{`<DistinctParty FixedRef="3"><Profile ID="3" PartySubTypeID="4"><Identity ID="9" Primary="true">` +
		`<Alias AliasTypeID="1403" Primary="true" LowQuality="false"><DocumentedName ID="1"><DocumentedNamePart><NamePartValue ScriptID="215">D</NamePartValue>` +
		`</DocumentedNamePart></DocumentedName></Alias></Identity>` + feature("8", period) + feature("10", `<VersionLocation LocationID="1"/>`) +
		feature("345", `<VersionDetail DetailTypeID="1432">0x7F19720A857f834887FC9A7bC0a0FBE7Fc7F8102</VersionDetail>`) +
		`</Profile></DistinctParty>`}), "<DistinctParties>",
		`<Locations><Location ID="1"><LocationCountry CountryID="11120"/><LocationPart LocPartTypeID="1"><LocationPartValue Primary="true"><Value>X</Value></LocationPartValue></LocationPart></Location></Locations>`+
			`<IDRegDocuments><IDRegDocument ID="1" IDRegDocTypeID="1" IdentityID="9" IssuedBy-CountryID="11120"><IDRegistrationNo>927234567</IDRegistrationNo></IDRegDocument></IDRegDocuments>`+
			"<DistinctParties>", 1)
	withFeatures = strings.Replace(withFeatures, "<ScriptValues>", `<FeatureTypeValues><FeatureType ID="8">Birthdate</FeatureType><FeatureType ID="10">Nationality Country</FeatureType>`+
		`<FeatureType ID="345">Digital Currency Address - ETH</FeatureType></FeatureTypeValues><IDRegDocTypeValues><IDRegDocType ID="1">Passport</IDRegDocType></IDRegDocTypeValues>`+
		`<LocPartTypeValues><LocPartType ID="1">CITY</LocPartType></LocPartTypeValues><ScriptValues>`, 1)
	f.Add([]byte(withFeatures))
	f.Add([]byte(enh(entity("1", "Individual", "KIM, Il",
		`<sanctionsPrograms><sanctionsProgram>DPRK3</sanctionsProgram></sanctionsPrograms>`+
			`<features><feature><type>Birthdate</type><value>circa 1950</value></feature><feature><type>Birthdate</type>`+
			`<valueDate><fromDateBegin>1960-01-01</fromDateBegin><toDateEnd>1962-12-31</toDateEnd></valueDate></feature>`+
			`<feature><type>Nationality Country</type><value>Korea, North</value></feature></features>`+
			`<identityDocuments><identityDocument><type>Passport</type><documentNumber>927234567</documentNumber><issuingCountry>Korea, North</issuingCountry></identityDocument></identityDocuments>`+
			`<addresses><address><country>Korea, North</country><translations><translation><addressParts><addressPart><type>CITY</type><value>Pyongyang</value></addressPart></addressParts></translation></translations></address></addresses>`))))
	f.Add([]byte(xmlDecl + `<!DOCTYPE x [<!ENTITY a "b">]><Sanctions/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ofacxml.Parse(&ofacxml.File{Name: "sdn.xml", Data: data}, "ofac-sdn")
		if err != nil {
			var list listfile.ErrorList
			if res != nil || !errors.As(err, &list) || len(list) == 0 || list[0].File != "sdn.xml" {
				t.Fatalf("bad error result: %v, %v", res, err)
			}
			return
		}
		seen := map[string]bool{}
		for _, e := range res.Entries {
			if e.ID == "" || e.Name == "" || seen[e.ID] || e.List != "ofac-sdn" {
				t.Fatalf("bad entry %+v", e)
			}
			seen[e.ID] = true
			if len(e.Aliases)+1 > 300 {
				t.Fatalf("entry %s has %d names", e.ID, len(e.Aliases)+1)
			}
			for _, id := range e.Identifiers {
				if id.Kind != vigil.IdentDocument {
					continue
				}
				number := vigil.DocumentNumber(id.Value)
				if again, err := vigil.CanonicalDocumentNumber(number); err != nil || again != number {
					t.Fatalf("document %+v is not canonical", id)
				}
			}
		}
	})
}

// BenchmarkParse reads a synthetic advanced file: the fixture with its individual repeated 2,000 times (about
// 18 MB; OFAC's real SDN_ADVANCED.XML has some 18,000 parties in about 110 MB).
func BenchmarkParse(b *testing.B) {
	f := listfiletest.ReadTestdata(b, "advanced-edge.xml")
	src := string(f.Data)
	start := strings.Index(src, `<DistinctParty FixedRef="90101">`)
	end := strings.Index(src[start:], "</DistinctParty>") + start + len("</DistinctParty>")
	person := src[start:end]
	var copies strings.Builder
	for i := range 2000 {
		ref := strconv.Itoa(1000000 + i)
		p := strings.Replace(person, `FixedRef="90101"`, `FixedRef="`+ref+`"`, 1)
		copies.WriteString(strings.Replace(p, `Profile ID="90101"`, `Profile ID="`+ref+`"`, 1) + "\n")
	}
	data := []byte(src[:end] + "\n" + copies.String() + src[end:])
	file := &ofacxml.File{Name: "synthetic.xml", Data: data}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := ofacxml.Parse(file, "ofac-sdn")
		if err != nil || len(res.Entries) != 2003 {
			b.Fatalf("%v", err)
		}
	}
}
