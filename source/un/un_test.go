package un_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/shareddata"
	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/internal/listfiletest"
	"github.com/vigil-sec/vigil/source/un"
)

func realFile(tb testing.TB) *un.File {
	tb.Helper()
	data, err := os.ReadFile(shareddata.Path(tb, "lists", "un-consolidated-2026-02-27.xml"))
	if err != nil {
		tb.Fatal(err)
	}
	return &un.File{Name: "un-consolidated-2026-02-27.xml", Data: data}
}

func mustParse(tb testing.TB, f *un.File) *un.Result {
	tb.Helper()
	return listfiletest.MustParse(tb, un.Parse, f, "un")
}

func TestParse_RealData(t *testing.T) {
	res := mustParse(t, realFile(t))
	if want := time.Date(2026, 2, 27, 0, 0, 9, 554e6, time.UTC); !res.AsOf.Equal(want) {
		t.Errorf("AsOf = %v; want %v", res.AsOf, want)
	}
	var dprk, aliases, weak, people, docs, kpDocs int
	for i, e := range res.Entries {
		if i > 0 && (len(res.Entries[i-1].ID) > len(e.ID) || len(res.Entries[i-1].ID) == len(e.ID) && res.Entries[i-1].ID >= e.ID) {
			t.Fatalf("entries not ordered by DATAID: %s before %s", res.Entries[i-1].ID, e.ID)
		}
		if len(e.Programs) > 0 && e.Programs[0] == "DPRK" {
			dprk++
			if !cmp.Equal(e.Programs, []string{"DPRK", "KP"}) {
				t.Errorf("entry %s programmes %v; want [DPRK KP]", e.ID, e.Programs)
			}
		}
		if e.Kind == vigil.EntryPerson {
			people++
		}
		aliases += len(e.Aliases)
		for _, a := range e.Aliases {
			if a.Weak {
				weak++
			}
		}
		for _, id := range e.Identifiers {
			docs++
			if id.Issuer == "KP" {
				kpDocs++
				if !strings.HasPrefix(id.Value, "PRK:") {
					t.Errorf("DPRK document %+v without the PRK issuer", id)
				}
			}
		}
	}
	// Counted independently from the XML (see the report): 1,003 records, 730 individuals, 155 DPRK (PROVENANCE.md),
	// 3,113 distinct aliases and original-script names of which 615 of quality Low.
	got := map[string]int{"entries": len(res.Entries), "people": people, "dprk": dprk, "aliases": aliases, "weak": weak, "documents": docs, "dprkDocuments": kpDocs}
	want := map[string]int{"entries": 1003, "people": 730, "dprk": 155, "aliases": 3113, "weak": 615, "documents": 457, "dprkDocuments": 8}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}

	yun := entry(t, res.Entries, "690734")
	wantYun := &vigil.ListEntry{
		List: "un", ID: "690734", Kind: vigil.EntryPerson, Name: "YUN HO-JIN",
		Aliases:       []vigil.Alias{{Name: "Yun Ho-chin", Type: "aka"}},
		BirthDates:    []vigil.BirthDate{{Date: "1944-10-13"}},
		Nationalities: []string{"KP"},
		Addresses:     []vigil.EntryAddress{{City: "Pyongyang", Country: "KP"}},
		Programs:      []string{"DPRK", "KP"},
		Title:         "Director of Namchongang Trading Corporation",
		ListedOn:      "2009-07-16",
		Remarks:       "Director of Namchongang Trading Corporation; oversees the import of items\nneeded for the uranium enrichment program.",
	}
	if diff := cmp.Diff(wantYun, yun); diff != "" {
		t.Errorf("KPi.001 YUN HO-JIN (-want +got):\n%s", diff)
	}

	// The passport OFAC gives for PAEK Chang-Ho without an issuer appears on the UN list too, equally without one:
	// both lists must produce the same canonical value.
	found := false
	for _, e := range res.Entries {
		for _, id := range e.Identifiers {
			if id.Value == ":381420754" {
				found = true
			}
		}
	}
	if !found {
		t.Error("passport 381420754 not found as \":381420754\"")
	}
	for _, w := range res.Warnings {
		t.Logf("warning: %s", w)
	}
}

func entry(tb testing.TB, entries []*vigil.ListEntry, id string) *vigil.ListEntry {
	tb.Helper()
	for _, e := range entries {
		if e.ID == id {
			return e
		}
	}
	tb.Fatalf("entry %s not found", id)
	return nil
}

func TestParse_Edge(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "edge.xml"))
	if err != nil {
		t.Fatal(err)
	}
	res := mustParse(t, &un.File{Name: "edge.xml", Data: data})
	want := []*vigil.ListEntry{
		{
			List: "un", ID: "101", Kind: vigil.EntryPerson, Name: "KIM EXAMPLE ONE",
			Aliases: []vigil.Alias{
				{Name: "김 예시", Type: "aka"}, {Name: "Kim Ye-si", Type: "aka"}, {Name: "Kimmy", Type: "aka", Weak: true}, {Name: "Pak Ye-si", Type: "fka"},
			},
			BirthDates: []vigil.BirthDate{
				{Date: "1971-02-03"}, {Date: "1970-01-02"}, {Date: "1968", To: "1969", Circa: true}, {Date: "1958-09"},
				{Date: "1977-08", To: "1977-09"},
			},
			BirthPlaces:   []string{"Hamhung", "Pyongyang, Democratic People's Republic of Korea"},
			Nationalities: []string{"KP"},
			Gender:        "male",
			Addresses:     []vigil.EntryAddress{{Line: "1 Example Street", City: "Dandong", Region: "Liaoning", Postcode: "118000", Country: "CN"}},
			Programs:      []string{"DPRK", "KP"},
			Title:         "Dr.; Director of Example Trading",
			ListedOn:      "2015-04-07",
			Remarks:       "Fictional & invented.",
			Identifiers: []vigil.EntryIdentifier{
				{Kind: vigil.IdentDocument, Value: "PRK:836420999", Raw: "836420999", Type: "Passport", Issuer: "KP"},
				{Kind: vigil.IdentDocument, Value: "CAF:D00000999", Raw: "D00000999", Type: "Numéro de passeport", Issuer: "CF"},
				{Kind: vigil.IdentDocument, Value: ":347999", Raw: "347999", Type: "National Identification Number"},
				{Kind: vigil.IdentDocument, Value: ":381110999", Raw: "381110999", Type: "Passport"},
			},
		},
		{
			List: "un", ID: "102", Kind: vigil.EntryOrganization, Name: "EXAMPLE TRADING CORPORATION",
			Aliases:   []vigil.Alias{{Name: "EXAMPLE TRADING", Type: "aka"}},
			Addresses: []vigil.EntryAddress{{City: "Pyongyang", Country: "KP"}},
			Programs:  []string{"DPRK", "KP"},
			ListedOn:  "2016-03-02",
		},
	}
	if diff := cmp.Diff(want, res.Entries); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	wantWarnings := []string{
		"edge.xml:41: ignored 1 unknown <INDIVIDUAL/NEW_ELEMENT> elements (a new element in the UN format?)",
		`edge.xml: country names that are not one current country, kept as text only: "Atlantis" ×1`,
		`edge.xml: 1 values could not be read and were skipped (they stay in the file): date of birth "30-35 years old" (DATAID 101)`,
	}
	if diff := cmp.Diff(wantWarnings, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if want := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC); !res.AsOf.Equal(want) {
		t.Errorf("AsOf %v", res.AsOf)
	}
}

const header = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

func record(inner string) string {
	return header + "<CONSOLIDATED_LIST dateGenerated=\"2026-02-27T00:00:09.554Z\">\n<INDIVIDUALS>\n<INDIVIDUAL>\n" + inner + "\n</INDIVIDUAL>\n</INDIVIDUALS>\n</CONSOLIDATED_LIST>\n"
}

func TestParse_Malformed(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		wantLine int
		wantMsg  string
	}{
		{"Doctype", header + `<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x "y">]>` + "\n<CONSOLIDATED_LIST/>", 2, "DOCTYPE or entity declaration is not accepted"},
		{"UndefinedEntity", record("<DATAID>1</DATAID><FIRST_NAME>&xxe;</FIRST_NAME>"), 5, "malformed XML: invalid character entity &xxe;"},
		{"WrongRoot", header + "<SDN_LIST/>", 2, "the root element is <SDN_LIST>"},
		{"NoRoot", header, 0, "has no <CONSOLIDATED_LIST> element"},
		{"Unclosed", header + "<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL>\n<DATAID>1</DATAID>\n", 6, "the file ends inside <INDIVIDUAL> opened on line 4"},
		{"Mismatched", record("<DATAID>1</DATAID>\n<FIRST_NAME>A</SECOND_NAME>"), 6, "malformed XML: element <FIRST_NAME> closed by </SECOND_NAME>"},
		{"MissingDataID", record("<FIRST_NAME>A</FIRST_NAME>"), 4, "<INDIVIDUAL> has no <DATAID>"},
		{"NonNumericDataID", record("<DATAID>12x</DATAID><FIRST_NAME>A</FIRST_NAME>"), 5, `DATAID "12x" is not a number`},
		{"DuplicateDataID", header + "<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL>\n<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>B</FIRST_NAME></INDIVIDUAL>\n</INDIVIDUALS>\n</CONSOLIDATED_LIST>", 5, "DATAID 1 is given twice (also on line 4)"},
		{"NoName", record("<DATAID>1</DATAID>\n<FIRST_NAME> </FIRST_NAME>"), 4, "individual 1 has no name"},
		{"TwoFirstNames", record("<DATAID>1</DATAID>\n<FIRST_NAME>A</FIRST_NAME>\n<FIRST_NAME>B</FIRST_NAME>"), 7, "<INDIVIDUAL> has two <FIRST_NAME> elements (lines 6 and 7)"},
		{"TooDeep", record("<DATAID>1</DATAID>\n<A><B><C><D><E><F>x</F></E></D></C></B></A>"), 6, "is nested 9 levels deep"},
		{"TextTooLong", record("<DATAID>1</DATAID><FIRST_NAME>" + strings.Repeat("A", 70000) + "</FIRST_NAME>"), 5, "<FIRST_NAME> has more than 65536 bytes of text"},
		{"OtherEncoding", `<?xml version="1.0" encoding="ISO-8859-1"?>` + "\n<CONSOLIDATED_LIST/>", 1, "encoding \"ISO-8859-1\" declared"},
		{"InvalidUTF8", record("<DATAID>1</DATAID>\n<FIRST_NAME>\xff</FIRST_NAME>"), 6, "malformed XML: invalid UTF-8"},
		{"ProcessingInstruction", record("<?php evil() ?><DATAID>1</DATAID>"), 5, "processing instruction <?php?>"},
		{"TextOutsideRecords", header + "<CONSOLIDATED_LIST>\n<INDIVIDUALS>stray</INDIVIDUALS></CONSOLIDATED_LIST>", 3, `has text "stray" outside any record`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := un.Parse(&un.File{Name: "un.xml", Data: []byte(tt.data)}, "un")
			if res != nil {
				t.Error("Parse returned a result with an error")
			}
			listfiletest.CheckParseError(t, err, "un.xml", tt.wantLine, tt.wantMsg)
		})
	}
}

func TestParse_TooLarge(t *testing.T) {
	// The size check comes before any parsing, so the content does not matter.
	big := make([]byte, listfile.MaxFileBytes+1)
	_, err := un.Parse(&un.File{Name: "big.xml", Data: big}, "un")
	if err == nil || !strings.Contains(err.Error(), "big.xml: is 268435457 bytes; at most 268435456 are accepted") {
		t.Errorf("got %v", err)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		data string
		want bool
	}{
		{"Consolidated", header + "<CONSOLIDATED_LIST dateGenerated=\"x\">", true},
		{"NoDeclaration", "<CONSOLIDATED_LIST>", true},
		{"Other", header + "<sdnList>", false},
		{"NotXML", "36,12,\"aka\",\"X\",-0- ", false},
		{"Empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := un.Sniff([]byte(tt.data)); got != tt.want {
				t.Errorf("Sniff = %v; want %v", got, tt.want)
			}
		})
	}
}

func FuzzParseUN(f *testing.F) {
	f.Add([]byte(record("<DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME>")))
	f.Add([]byte(header + `<!DOCTYPE x [<!ENTITY a "b">]><CONSOLIDATED_LIST/>`))
	if data, err := os.ReadFile(filepath.Join("testdata", "edge.xml")); err == nil {
		f.Add(data)
	}
	if dir, _ := shareddata.Dir(); dir != "" {
		data, err := os.ReadFile(filepath.Join(dir, "lists", "un-consolidated-2026-02-27.xml"))
		if err != nil {
			f.Fatal(err)
		}
		// Seed with the header and each of the first DPRK records, one record per seed.
		open, closeTag := []byte("<INDIVIDUAL>"), []byte("</INDIVIDUAL>")
		for n, rest := 0, data; n < 20; n++ {
			i := bytes.Index(rest, []byte("<UN_LIST_TYPE>DPRK"))
			if i < 0 {
				break
			}
			start := bytes.LastIndex(rest[:i], open)
			end := bytes.Index(rest[i:], closeTag)
			if start < 0 || end < 0 {
				break
			}
			f.Add([]byte(record(string(rest[start+len(open) : i+end]))))
			rest = rest[i+end:]
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := un.Parse(&un.File{Name: "un.xml", Data: data}, "un")
		if err != nil {
			var list listfile.ErrorList
			if res != nil || !errors.As(err, &list) || len(list) == 0 || list[0].File != "un.xml" {
				t.Fatalf("bad error result: %v, %v", res, err)
			}
			return
		}
		seen := map[string]bool{}
		for _, e := range res.Entries {
			if e.ID == "" || e.Name == "" || seen[e.ID] {
				t.Fatalf("bad entry %+v", e)
			}
			seen[e.ID] = true
			for _, id := range e.Identifiers {
				number := vigil.DocumentNumber(id.Value)
				if again, err := vigil.CanonicalDocumentNumber(number); err != nil || again != number {
					t.Fatalf("document %+v is not canonical", id)
				}
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	f := realFile(b)
	b.SetBytes(int64(len(f.Data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := un.Parse(f, "un"); err != nil {
			b.Fatal(err)
		}
	}
}

var _ = cmpopts.EquateEmpty
