package uk_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/shareddata"
	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/internal/listfiletest"
	"github.com/vigil-sec/vigil/source/uk"
)

func mustParse(tb testing.TB, f *uk.File) *uk.Result {
	tb.Helper()
	return listfiletest.MustParse(tb, uk.Parse, f, "uk")
}

// edgeEntries are the entries of testdata/edge.csv and testdata/edge.xml, which hold the same designations.
var edgeEntries = []*vigil.ListEntry{
	{
		List: "uk", ID: "DPR9901", Kind: vigil.EntryPerson, Name: "JON Yon Gun",
		Aliases: []vigil.Alias{
			{Name: "JON Yon-gun", Type: "aka"},             // primary name variation
			{Name: "CHO'N Yo'n Ku'n", Type: "aka"},         // McCune-Reischauer, "Good quality a.k.a"
			{Name: "Comrade Jon", Type: "aka", Weak: true}, // "Low quality a.k.a"
			{Name: "CHON YON GUN", Type: "aka"},            // name type "ALias"
			{Name: "전연군", Type: "aka"},                     // Hangul, given on two rows of the CSV
		},
		BirthDates:    []vigil.BirthDate{{Date: "1968"}, {Date: "1970-03-12"}},
		BirthPlaces:   []string{"Pyongyang, Democratic People's Republic of Korea"},
		Nationalities: []string{"KP"},
		Gender:        "male",
		Addresses:     []vigil.EntryAddress{{City: "Pyongyang", Country: "KP"}},
		Programs:      []string{"DPR"},
		Title:         "Dr; Director of Example Trading Bureau",
		ListedOn:      "2017-08-05",
		Remarks:       "Fictional person, invented for tests.\nSecond line.\nUK Statement of Reasons: Invented for Vigil's tests.\nUN reference number: KPi.990",
		Identifiers: []vigil.EntryIdentifier{
			{Kind: vigil.IdentPhone, Value: "+85023818208", Raw: "+850 2 381 8208", Type: "Phone number"},
			{Kind: vigil.IdentEmail, Value: "jon.example@star-co.net.kp", Raw: "jon.example@star-co.net.kp", Type: "Email address"},
			{Kind: vigil.IdentWebsite, Value: "example-trading.kp", Raw: "www.example-trading.kp", Type: "Website"},
			{Kind: vigil.IdentDocument, Value: "PRK:836420999", Raw: "836420999", Type: "Passport", Issuer: "KP"},
			{Kind: vigil.IdentDocument, Value: ":N123456", Raw: "N-123 456", Type: "National Identifier"},
		},
	},
	{
		List: "uk", ID: "DPR9902", Kind: vigil.EntryOrganization, Name: "KOREA EXAMPLE TRADING CORPORATION",
		Aliases: []vigil.Alias{
			{Name: "Korea Example Trading Corp.", Type: "aka"},
			{Name: "KETC", Type: "aka", Weak: true},
			{Name: "조선예시무역회사", Type: "aka"},
		},
		Addresses: []vigil.EntryAddress{{Line: "Room 5, 1 Example Road", City: "Dandong", Region: "Liaoning", Postcode: "118000", Country: "CN"}},
		Programs:  []string{"DPR"},
		ListedOn:  "2020-12-31",
		Remarks:   "Business registration number: 110000123456",
		Identifiers: []vigil.EntryIdentifier{
			{Kind: vigil.IdentEmail, Value: "info@example-trading.cn", Raw: "info@example-trading.cn", Type: "Email address"},
		},
	},
	{
		List: "uk", ID: "DPR9903", Kind: vigil.EntryVessel, Name: "EXAMPLE STAR 7",
		Aliases:  []vigil.Alias{{Name: "STAR SEVEN", Type: "aka"}},
		Programs: []string{"DPR"},
		ListedOn: "2017-10-03",
		Remarks:  "IMO number: IMO9999999\nCurrent believed flag: Comoros\nType of ship: Oil Tanker",
	},
	{
		// The primary name is empty; the first strong alias stands in. "31/02/2022" is no date.
		List: "uk", ID: "RUS9901", Kind: vigil.EntryPerson, Name: "EXAMPLOV Ivan",
		Aliases:       []vigil.Alias{{Name: "Vanya", Type: "aka"}},
		Nationalities: []string{"RU"},
		Programs:      []string{"RUS"},
	},
}

func TestParse_Edge(t *testing.T) {
	tests := []struct {
		file         string
		wantWarnings []string
	}{
		{"edge.csv", []string{
			`edge.csv:2: ignored 1 unknown column "Extra Column" (a change in the UK format?)`,
			`edge.csv:21: 1 names have the unknown name type "Nickname"; read as aliases`,
			`edge.csv: 1 designations have no primary name; another of their names is used: RUS9901 → "EXAMPLOV Ivan"`,
			`edge.csv: country names that are not one current country, kept as text only: "Atlantis" ×1`,
			`edge.csv: 2 values could not be read and were skipped (they stay in the file): date of birth "19yy" (DPR9901), date designated "31/02/2022" (RUS9901)`,
		}},
		{"edge.xml", []string{
			`edge.xml:112: ignored 1 unknown elements <Designation/FutureElement> (a change in the UK format?)`,
			`edge.xml:106: 1 names have the unknown name type "Nickname"; read as aliases`,
			`edge.xml: 1 designations have no primary name; another of their names is used: RUS9901 → "EXAMPLOV Ivan"`,
			`edge.xml: country names that are not one current country, kept as text only: "Atlantis" ×1`,
			`edge.xml: 2 values could not be read and were skipped (they stay in the file): date of birth "19yy" (DPR9901), date designated "31/02/2022" (RUS9901)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res := mustParse(t, listfiletest.ReadTestdata(t, tt.file))
			if diff := cmp.Diff(edgeEntries, res.Entries); diff != "" {
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

// The CSV without a report date line is read, with a warning that the list has no as-of date.
func TestParse_CSVWithoutReportDate(t *testing.T) {
	f := listfiletest.ReadTestdata(t, "edge.csv")
	_, rest, _ := bytes.Cut(f.Data, []byte("\n"))
	res := mustParse(t, &uk.File{Name: "edge.csv", Data: append([]byte("\xef\xbb\xbf"), rest...)})
	if !res.AsOf.IsZero() || len(res.Entries) != 4 {
		t.Errorf("AsOf %v, %d entries", res.AsOf, len(res.Entries))
	}
	if len(res.Warnings) == 0 || res.Warnings[0] != `edge.csv: has no "Report Date" line; the list has no as-of date` {
		t.Errorf("warnings %q", res.Warnings)
	}
}

// --- the summary spreadsheet ---

// odsArchive zips an OpenDocument spreadsheet with the given content.xml; mimetype "" leaves the mimetype
// entry out.
func odsArchive(tb testing.TB, mimetype, content string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	if mimetype != "" {
		fw, err := w.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
		if err != nil {
			tb.Fatal(err)
		}
		fw.Write([]byte(mimetype))
	}
	fw, err := w.Create("content.xml")
	if err != nil {
		tb.Fatal(err)
	}
	fw.Write([]byte(content))
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

const odsMime = "application/vnd.oasis.opendocument.spreadsheet"

// odsContent wraps rows in a content.xml with the namespaces LibreOffice and Excel write.
func odsContent(rows string) string {
	return "\ufeff" + `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<office:document-content xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">
<office:body><office:spreadsheet><table:table table:name="UK_Sanction_List">
<table:table-column table:number-columns-repeated="16384"/>
` + rows + `
</table:table></office:spreadsheet></office:body></office:document-content>`
}

// odsRow is a row of string cells padded as Excel pads them.
func odsRow(cells ...string) string {
	var b strings.Builder
	b.WriteString("<table:table-row>")
	for _, c := range cells {
		if c == "" {
			b.WriteString("<table:table-cell/>")
			continue
		}
		fmt.Fprintf(&b, `<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>`, c)
	}
	b.WriteString(`<table:table-cell table:number-columns-repeated="16376"/></table:table-row>` + "\n")
	return b.String()
}

var odsHeader = odsRow("Unique ID", "OFSI Group ID", "Name", "Regime Name", "Type", "Designation source", "Date Designated", "Sanctions Imposed")

// odsEdge is a hand-written spreadsheet in the layout of the FCDO's summary: header rows in
// table:table-header-rows, spans, text:s and an annotation in a cell, a date cell, a million repeated empty
// rows, an unknown column, a designation without a name and a second table that is not read.
var odsEdge = odsContent(`<table:table-header-rows>` + odsRow("Unique ID", "OFSI Group ID", "Name", "Regime Name", "Type", "Designation source", "Date Designated", "Sanctions Imposed", "Extra") + `</table:table-header-rows>
<table:table-row>
 <table:table-cell office:value-type="string"><text:p>DPR9901</text:p></table:table-cell>
 <table:table-cell office:value-type="float" office:value="99001"><text:p>99001</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><office:annotation><text:p>not the name</text:p></office:annotation><text:p>JON<text:s/>Yon
            <text:span>Gun</text:span></text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>Democratic People's Republic of Korea</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>Individual</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>UN</text:p></table:table-cell>
 <table:table-cell office:value-type="date" office:date-value="2017-08-05"/>
 <table:table-cell table:number-columns-repeated="16377"/>
</table:table-row>
<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
` + odsRow("DPR9903", "", "EXAMPLE STAR 7", "Democratic People's Republic of Korea", "Ship", "UN", "03-10-2017", "Prohibition of port entry") +
	odsRow("RUS9901", "", "\n            ", "Russia", "Individual", "UK", "31-12-2020", "Asset freeze") + `
</table:table><table:table table:name="Other">` + odsRow("XXX0001", "", "NOT READ", "", "Entity"))

func TestParse_ODS(t *testing.T) {
	data := odsArchive(t, odsMime, odsEdge)
	if kind, ok := uk.Sniff(data); !ok || kind != uk.KindODS {
		t.Fatalf("Sniff = %q, %v", kind, ok)
	}
	res := mustParse(t, &uk.File{Name: "summary.ods", Data: data})
	want := []*vigil.ListEntry{
		{List: "uk", ID: "DPR9901", Kind: vigil.EntryPerson, Name: "JON Yon Gun", Programs: []string{"DPR"}, ListedOn: "2017-08-05"},
		{List: "uk", ID: "DPR9903", Kind: vigil.EntryVessel, Name: "EXAMPLE STAR 7", Programs: []string{"DPR"}, ListedOn: "2017-10-03"},
	}
	if diff := cmp.Diff(want, res.Entries); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	wantWarnings := []string{
		"summary.ods: the summary spreadsheet has no aliases, dates of birth or identifiers and no as-of date; prefer the CSV or XML",
		`summary.ods:1: ignored 1 unknown column "Extra" (a change in the UK format?)`,
		// Row 2 is DPR9901, rows 3 to 1,000,002 are empty, DPR9903 is row 1,000,003.
		"summary.ods: skipped 1 designations that have no name: RUS9901 (line 1000004)",
	}
	if diff := cmp.Diff(wantWarnings, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if !res.AsOf.IsZero() {
		t.Errorf("AsOf = %v; the summary has no date", res.AsOf)
	}
}

func TestParse_RealODS(t *testing.T) {
	path := shareddata.Path(t, "lists", "uk-fcdo-sanctions-list-2025-08-11.ods")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if kind, ok := uk.Sniff(data); !ok || kind != uk.KindODS {
		t.Fatalf("Sniff = %q, %v", kind, ok)
	}
	res := mustParse(t, &uk.File{Name: "uk-fcdo-sanctions-list-2025-08-11.ods", Data: data})
	counts := map[string]int{}
	regimes := map[string]bool{}
	for i, e := range res.Entries {
		if i > 0 && res.Entries[i-1].ID >= e.ID {
			t.Fatalf("entries not ordered by Unique ID: %s before %s", res.Entries[i-1].ID, e.ID)
		}
		counts[string(e.Kind)]++
		if len(e.Programs) != 1 || !strings.HasPrefix(e.ID, e.Programs[0]) {
			t.Errorf("%s has programmes %v", e.ID, e.Programs)
		} else {
			regimes[e.Programs[0]] = true
		}
		if e.Programs[0] == "DPR" {
			counts["DPR"]++
		}
		if _, err := time.Parse(time.DateOnly, e.ListedOn); err != nil || e.Name == "" {
			t.Errorf("%s: name %q, listed on %q", e.ID, e.Name, e.ListedOn)
		}
	}
	// Counted independently from the file (PROVENANCE.md: 5,302 rows, 261 of the DPRK regime): 3,754
	// individuals, 1,087 entities and 461 ships; two individuals, BEL0174 and RUS1467, have no name and are
	// skipped. The 31 regimes each have their own Unique ID prefix.
	want := map[string]int{"person": 3752, "organization": 1087, "vessel": 461, "DPR": 261}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	if len(res.Entries) != 5300 || len(regimes) != 31 {
		t.Errorf("%d entries, %d regimes; want 5300, 31", len(res.Entries), len(regimes))
	}
	wantWarnings := []string{
		"uk-fcdo-sanctions-list-2025-08-11.ods: the summary spreadsheet has no aliases, dates of birth or identifiers and no as-of date; prefer the CSV or XML",
		"uk-fcdo-sanctions-list-2025-08-11.ods: skipped 2 designations that have no name: BEL0174 (line 649), RUS1467 (line 3524)",
	}
	if diff := cmp.Diff(wantWarnings, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	wantFirst := &vigil.ListEntry{List: "uk", ID: "DPR0001", Kind: vigil.EntryPerson, Name: "An Jong Hyuk", Programs: []string{"DPR"}, ListedOn: "2020-12-31"}
	i := sort.Search(len(res.Entries), func(i int) bool { return res.Entries[i].ID >= "DPR0001" })
	if diff := cmp.Diff(wantFirst, res.Entries[i]); diff != "" {
		t.Errorf("DPR0001 (-want +got):\n%s", diff)
	}
}

// --- errors ---

const csvHeader = "Report Date: 15-Jan-2026\nUnique ID,Name 6,Name type,Designation Type,Date Designated\n"

const xmlHeader = `<?xml version="1.0" encoding="utf-8"?>` + "\n"

func xmlDesignation(inner string) string {
	return xmlHeader + "<Designations>\n<DateGenerated>15/01/2026</DateGenerated>\n<Designation>\n" + inner + "\n</Designation>\n</Designations>\n"
}

const okNames = "<Names><Name><Name6>A</Name6><NameType>Primary Name</NameType></Name></Names>"

func TestParse_Malformed(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		data     string
		wantLine int
		wantMsg  string
	}{
		// CSV
		{"CSVBadReportDate", "uk.csv", "Report Date: 35-Foo-2026\nUnique ID,Name 6,Name type,Designation Type\n", 1, `the report date "35-Foo-2026" is not a date`},
		{"CSVNoHeader", "uk.csv", "Report Date: 15-Jan-2026\n", 0, "the header row is missing"},
		{"CSVEmpty", "uk.csv", "", 0, "the file has no header row"},
		{"CSVMissingColumns", "uk.csv", "Report Date: 15-Jan-2026\nUnique ID,Name 6\n", 2, `the header row lacks the columns "name type", "designation type"`},
		{"CSVNotUK", "uk.csv", "36,AEROCARIBBEAN AIRLINES,-0-,CUBA\n", 1, `the header row lacks the columns "unique id"`},
		{"CSVDuplicateColumn", "uk.csv", "Unique ID,Name 6,Name type,Designation Type,name 6\n", 1, `the header has the column "name 6" twice (columns 2 and 5)`},
		{"CSVFieldCount", "uk.csv", csvHeader + "DPR0001,A,Primary Name,Individual\n", 3, "has 4 fields; the header row has 5"},
		{"CSVQuote", "uk.csv", csvHeader + "DPR0001,\"A,Primary Name,Individual,\n", 3, "extraneous or missing \" in quoted-field"},
		{"CSVInvalidUTF8", "uk.csv", csvHeader + "DPR0001,\xff,Primary Name,Individual,\n", 3, "byte 0xff is not valid UTF-8"},
		{"CSVControl", "uk.csv", csvHeader + "DPR0001,A\x01,Primary Name,Individual,\n", 3, "field 2 contains the control character U+0001"},
		{"CSVOversized", "uk.csv", csvHeader + "DPR0001," + strings.Repeat("A", 70000) + ",Primary Name,Individual,\n", 3, "field 2 is 70000 bytes long"},
		{"CSVNoID", "uk.csv", csvHeader + ",A,Primary Name,Individual,\n", 3, "the row has no Unique ID"},
		{"CSVBadID", "uk.csv", csvHeader + "DPR 0001,A,Primary Name,Individual,\n", 3, `Unique ID "DPR 0001" is not a UK Sanctions List ID`},
		{"CSVUnknownType", "uk.csv", csvHeader + "DPR0001,A,Primary Name,Aircraft,\n", 3, `designation DPR0001 has type "Aircraft"; expected Individual, Entity or Ship`},
		{"CSVTypeConflict", "uk.csv", csvHeader + "DPR0001,A,Primary Name,Individual,\nDPR0001,B,Alias,Entity,\n", 4, `Unique ID DPR0001 is of type "Entity" here but "Individual" on line 3`},
		// XML
		{"XMLDoctype", "uk.xml", xmlHeader + `<!DOCTYPE Designations [<!ENTITY x "y">]>` + "\n<Designations/>", 2, "a DOCTYPE or entity declaration is not accepted"},
		{"XMLUndefinedEntity", "uk.xml", xmlDesignation("<UniqueID>&xxe;</UniqueID>"), 5, "malformed XML: invalid character entity &xxe;"},
		{"XMLWrongRoot", "uk.xml", xmlHeader + "<CONSOLIDATED_LIST/>", 2, "the root element is <CONSOLIDATED_LIST>; the UK Sanctions List XML has <Designations>"},
		{"XMLNoRoot", "uk.xml", xmlHeader, 0, "has no <Designations> element"},
		{"XMLTruncated", "uk.xml", xmlHeader + "<Designations>\n<Designation>\n<UniqueID>DPR0001</UniqueID>\n", 5, "the file ends inside <Designation> opened on line 3"},
		{"XMLMismatched", "uk.xml", xmlDesignation("<UniqueID>DPR0001</UniqueID>\n<RegimeName>A</UniqueID>"), 6, "malformed XML: element <RegimeName> closed by </UniqueID>"},
		{"XMLNoID", "uk.xml", xmlDesignation("<IndividualEntityShip>Individual</IndividualEntityShip>" + okNames), 4, "the designation has no Unique ID"},
		{"XMLDuplicateID", "uk.xml", xmlHeader + "<Designations>\n<Designation><UniqueID>DPR0001</UniqueID><IndividualEntityShip>Entity</IndividualEntityShip></Designation>\n<Designation><UniqueID>DPR0001</UniqueID><IndividualEntityShip>Entity</IndividualEntityShip></Designation>\n</Designations>", 4, "Unique ID DPR0001 is given twice (also on line 3)"},
		{"XMLTwoIDs", "uk.xml", xmlDesignation("<UniqueID>DPR0001</UniqueID>\n<UniqueID>DPR0002</UniqueID>"), 6, "<Designation> has two <UniqueID> elements (lines 5 and 6)"},
		{"XMLUnknownType", "uk.xml", xmlDesignation("<UniqueID>DPR0001</UniqueID><IndividualEntityShip>Aircraft</IndividualEntityShip>"), 5, `has type "Aircraft"`},
		{"XMLBadDateGenerated", "uk.xml", xmlHeader + "<Designations>\n<DateGenerated>31/02/2026</DateGenerated>\n</Designations>", 3, `DateGenerated "31/02/2026" is not a date`},
		{"XMLTwoDates", "uk.xml", xmlHeader + "<Designations>\n<DateGenerated>15/01/2026</DateGenerated>\n<DateGenerated>15/01/2026</DateGenerated>\n</Designations>", 4, "<DateGenerated> is given twice"},
		{"XMLTooDeep", "uk.xml", xmlDesignation("<UniqueID>DPR0001</UniqueID>\n<A><B><C><D><E><F><G><H><I>x</I></H></G></F></E></D></C></B></A>"), 6, "<I> is nested 11 levels deep"},
		{"XMLTextTooLong", "uk.xml", xmlDesignation("<UniqueID>DPR0001</UniqueID><OtherInformation>" + strings.Repeat("A", 70000) + "</OtherInformation>"), 5, "<OtherInformation> has more than 65536 bytes of text"},
		{"XMLOtherEncoding", "uk.xml", `<?xml version="1.0" encoding="ISO-8859-1"?>` + "\n<Designations/>", 1, `encoding "ISO-8859-1" declared`},
		{"XMLInvalidUTF8", "uk.xml", xmlDesignation("<UniqueID>DPR0001</UniqueID>\n<RegimeName>\xff</RegimeName>"), 6, "malformed XML: invalid UTF-8"},
		{"XMLProcessingInstruction", "uk.xml", xmlDesignation("<?php evil() ?><UniqueID>DPR0001</UniqueID>"), 5, "processing instruction <?php?>"},
		{"XMLTextOutside", "uk.xml", xmlHeader + "<Designations>\nstray</Designations>", 3, `has text "stray" outside any designation`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkParseError(t, []byte(tt.data), tt.file, tt.wantLine, tt.wantMsg)
		})
	}
}

func checkParseError(t *testing.T, data []byte, file string, wantLine int, wantMsg string) {
	t.Helper()
	res, err := uk.Parse(&uk.File{Name: file, Data: data}, "uk")
	if res != nil {
		t.Error("Parse returned a result with an error")
	}
	listfiletest.CheckParseError(t, err, file, wantLine, wantMsg)
}

func TestParse_MalformedODS(t *testing.T) {
	header := odsRow("Unique ID", "Name", "Type")
	tests := []struct {
		name     string
		data     func(t *testing.T) []byte
		wantLine int
		wantMsg  string
	}{
		{"TextDocument", func(t *testing.T) []byte {
			return odsArchive(t, "application/vnd.oasis.opendocument.text", odsEdge)
		}, 0, `is an OpenDocument file of type "application/vnd.oasis.opendocument.text", not a spreadsheet`},
		{"NoContent", func(t *testing.T) []byte {
			var buf bytes.Buffer
			w := zip.NewWriter(&buf)
			fw, _ := w.Create("styles.xml")
			fw.Write([]byte("<x/>"))
			w.Close()
			return buf.Bytes()
		}, 0, "is a zip archive without content.xml"},
		{"NotAZip", func(t *testing.T) []byte { return []byte("PK\x03\x04 truncated") }, 0, "no end-of-directory record"},
		{"TooManyFiles", func(t *testing.T) []byte {
			var buf bytes.Buffer
			w := zip.NewWriter(&buf)
			for i := range 1001 {
				w.Create(fmt.Sprintf("f%d", i))
			}
			w.Close()
			return buf.Bytes()
		}, 0, "is a zip archive of 1001 files"},
		{"DeclaredTooLarge", func(t *testing.T) []byte {
			// A content.xml whose header declares a terabyte: refused before any decompression.
			var buf bytes.Buffer
			w := zip.NewWriter(&buf)
			body := []byte(odsEdge)
			fw, err := w.CreateRaw(&zip.FileHeader{Name: "content.xml", Method: zip.Store, CRC32: crc32.ChecksumIEEE(body),
				CompressedSize64: uint64(len(body)), UncompressedSize64: 1 << 40})
			if err != nil {
				t.Fatal(err)
			}
			fw.Write(body)
			w.Close()
			return buf.Bytes()
		}, 0, "has a content.xml of 1099511627776 bytes uncompressed"},
		{"Doctype", func(t *testing.T) []byte {
			return odsArchive(t, odsMime, `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><office:document-content/>`)
		}, 0, "content.xml line 1: has a <!DOCTYPE> directive"},
		{"Truncated", func(t *testing.T) []byte {
			return odsArchive(t, odsMime, odsEdge[:len(odsEdge)/2])
		}, 0, "malformed XML: unexpected EOF"},
		{"NoTable", func(t *testing.T) []byte {
			return odsArchive(t, odsMime, `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`)
		}, 0, "content.xml has no table"},
		{"MissingColumns", func(t *testing.T) []byte {
			return odsArchive(t, odsMime, odsContent(odsRow("Unique ID", "Regime Name")))
		}, 1, `the header row lacks the columns "name", "type"`},
		{"RepeatedRow", func(t *testing.T) []byte {
			return odsArchive(t, odsMime, odsContent(header+strings.Replace(odsRow("DPR0001", "A", "Entity"), "<table:table-row>", `<table:table-row table:number-rows-repeated="3">`, 1)))
		}, 2, "the row of Unique ID DPR0001 is repeated 3 times"},
		{"DuplicateID", func(t *testing.T) []byte {
			return odsArchive(t, odsMime, odsContent(header+odsRow("DPR0001", "A", "Entity")+odsRow("DPR0001", "B", "Entity")))
		}, 3, "Unique ID DPR0001 is given twice (also on line 2)"},
		{"HugeRepeat", func(t *testing.T) []byte {
			return odsArchive(t, odsMime, odsContent(header+`<table:table-row><table:table-cell table:number-columns-repeated="99999999999"/></table:table-row>`))
		}, 0, `table:number-columns-repeated="99999999999" is not a count from 1 to 16777216`},
		{"UnknownType", func(t *testing.T) []byte {
			return odsArchive(t, odsMime, odsContent(header+odsRow("DPR0001", "A", "Aircraft")))
		}, 2, `has type "Aircraft"`},
		{"CellTooLong", func(t *testing.T) []byte {
			return odsArchive(t, odsMime, odsContent(header+odsRow("DPR0001", strings.Repeat("A", 70000), "Entity")))
		}, 0, "a cell has more than 65536 bytes of text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkParseError(t, tt.data(t), "summary.ods", tt.wantLine, tt.wantMsg)
		})
	}
}

// A zip bomb: content.xml inflates 60 times, beyond the cap (lowered here to 1 MiB). The archive declares the
// size, so it is refused before decompression.
func TestParse_ZipBomb(t *testing.T) {
	defer uk.SetMaxContentBytes(1 << 20)()
	rows := odsRow("Unique ID", "Name", "Type") + strings.Repeat("<table:table-row><table:table-cell/></table:table-row>", 200000)
	data := odsArchive(t, odsMime, odsContent(rows))
	if len(data) > 200<<10 {
		t.Fatalf("the archive is %d bytes; the test wants a small one", len(data))
	}
	checkParseError(t, data, "summary.ods", 0, "has a content.xml of 10800858 bytes uncompressed; at most 1048576 are accepted")
}

// An archive that declares a small content.xml but holds a large one: decompression stops at the declared size.
func TestParse_LyingZipHeader(t *testing.T) {
	content := []byte(odsContent(odsRow("Unique ID", "Name", "Type") + strings.Repeat("<table:table-row><table:table-cell/></table:table-row>", 200000)))
	var deflated bytes.Buffer
	fw, _ := flate.NewWriter(&deflated, flate.BestCompression)
	fw.Write(content)
	fw.Close()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	raw, err := w.CreateRaw(&zip.FileHeader{Name: "content.xml", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(content[:1000]),
		CompressedSize64: uint64(deflated.Len()), UncompressedSize64: 1000})
	if err != nil {
		t.Fatal(err)
	}
	raw.Write(deflated.Bytes())
	w.Close()
	checkParseError(t, buf.Bytes(), "summary.ods", 0, "cannot be decompressed: zip: not a valid zip file")
}

func TestParse_TooLarge(t *testing.T) {
	// The size check comes before any parsing, so the content does not matter.
	big := make([]byte, listfile.MaxFileBytes+1)
	_, err := uk.Parse(&uk.File{Name: "big.csv", Data: big}, "uk")
	if err == nil || !strings.Contains(err.Error(), "big.csv: is 268435457 bytes; at most 268435456 are accepted") {
		t.Errorf("got %v", err)
	}
}

func TestSniff(t *testing.T) {
	csvFile := listfiletest.ReadTestdata(t, "edge.csv").Data
	xmlFile := listfiletest.ReadTestdata(t, "edge.xml").Data
	tests := []struct {
		name   string
		data   []byte
		want   uk.Kind
		wantOK bool
	}{
		{"CSV", csvFile, uk.KindCSV, true},
		{"CSVHeaderOnly", []byte("\xef\xbb\xbfLast Updated,Unique ID,OFSI Group ID,UN Reference Number,Name 6,Name 1\n"), uk.KindCSV, true},
		{"XML", xmlFile, uk.KindXML, true},
		{"XMLNoDeclaration", []byte("<Designations><DateGenerated>1/1/2026</DateGenerated>"), uk.KindXML, true},
		{"ODS", odsArchive(t, odsMime, odsEdge), uk.KindODS, true},
		{"ODSOtherSheet", odsArchive(t, odsMime, odsContent(odsRow("Name", "Amount"))), "", false},
		{"OtherZip", odsArchive(t, "", "<x/>"), "", false},
		{"UN", []byte(xmlHeader + `<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">`), "", false},
		{"OFAC", []byte(`36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `), "", false},
		{"OldOFSI", []byte("Last Updated,03/06/2026\nName 6,Name 1,Name 2,Group Type,Group ID\n"), "", false},
		{"Empty", nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, ok := uk.Sniff(tt.data)
			if kind != tt.want || ok != tt.wantOK {
				t.Errorf("Sniff = %q, %v; want %q, %v", kind, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"edge.csv", "edge.xml"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(odsArchive(f, odsMime, odsEdge))
	f.Add([]byte(csvHeader + "DPR0001,KIM,Primary Name,Individual,dd/mm/1970\nDPR0001,Kimmy,Alias,Individual,\n"))
	f.Add([]byte(xmlDesignation("<UniqueID>DPR0001</UniqueID><IndividualEntityShip>Ship</IndividualEntityShip>" + okNames)))
	f.Add([]byte(xmlHeader + `<!DOCTYPE x [<!ENTITY a "b">]><Designations/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := uk.Parse(&uk.File{Name: "uk.dat", Data: data}, "uk")
		if err != nil {
			var list listfile.ErrorList
			if res != nil || !errors.As(err, &list) || len(list) == 0 || list[0].File != "uk.dat" {
				t.Fatalf("bad error result: %v, %v", res, err)
			}
			return
		}
		for i, e := range res.Entries {
			if e.ID == "" || e.Name == "" || e.List != "uk" || (i > 0 && res.Entries[i-1].ID >= e.ID) {
				t.Fatalf("bad entry %+v", e)
			}
			switch e.Kind {
			case vigil.EntryPerson, vigil.EntryOrganization, vigil.EntryVessel:
			default:
				t.Fatalf("entry %s of kind %q", e.ID, e.Kind)
			}
			for _, a := range e.Aliases {
				if a.Name == "" || strings.EqualFold(a.Name, e.Name) {
					t.Fatalf("entry %s has alias %+v", e.ID, a)
				}
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

func BenchmarkParse_RealODS(b *testing.B) {
	data, err := os.ReadFile(shareddata.Path(b, "lists", "uk-fcdo-sanctions-list-2025-08-11.ods"))
	if err != nil {
		b.Fatal(err)
	}
	f := &uk.File{Name: "uk.ods", Data: data}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := uk.Parse(f, "uk"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse_EdgeCSV(b *testing.B) {
	f := listfiletest.ReadTestdata(b, "edge.csv")
	b.SetBytes(int64(len(f.Data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := uk.Parse(f, "uk"); err != nil {
			b.Fatal(err)
		}
	}
}
