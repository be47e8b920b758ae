package source_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/shareddata"
	"github.com/vigil-sec/vigil/source"
)

// demoDir is the demo watch-list shipped with the product.
var demoDir = filepath.Join("..", "demo", "lists")

func readFiles(tb testing.TB, paths ...string) []source.File {
	tb.Helper()
	files := make([]source.File, len(paths))
	for i, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		files[i] = source.File{Name: filepath.Base(p), Data: data}
	}
	return files
}

func demoFiles(tb testing.TB) []source.File {
	return readFiles(tb,
		filepath.Join(demoDir, "sdn.csv"), filepath.Join(demoDir, "alt.csv"), filepath.Join(demoDir, "add.csv"),
		filepath.Join(demoDir, "consolidated.xml"))
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		want    source.Format
		wantErr string
	}{
		{"SDN", "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", source.FormatOFACSDN, ""},
		{"Alt", "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n", source.FormatOFACAlt, ""},
		{"Add", "36,25,-0- ,\"Havana\",\"Cuba\",-0- \r\n", source.FormatOFACAdd, ""},
		{"Comments", "28263,\"hn'; Linked To: LAZARUS GROUP.\"\r\n", source.FormatOFACComments, ""},
		{"UN", "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST dateGenerated=\"2026-02-27T00:00:09.554Z\">", source.FormatUN, ""},
		{"UNWithBOM", "\xef\xbb\xbf<CONSOLIDATED_LIST>", source.FormatUN, ""},
		{"OtherXML", "<?xml version=\"1.0\"?>\n<sdnList>", "", "list.dat:1: is XML but not a list Vigil reads"},
		{"Header", "ent_num,SDN_Name,SDN_Type\r\n", "", "list.dat:1: is not a list format Vigil reads; supported: OFAC legacy CSV (sdn.csv, alt.csv, add.csv, sdn_comments.csv), OFAC SDN_ADVANCED"},
		{"JSON", "{\"entries\": []}", "", "list.dat:1: is not a list format Vigil reads"},
		{"Empty", " \r\n", "", "list.dat: is empty; expected OFAC legacy CSV"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := source.Detect(source.File{Name: "list.dat", Data: []byte(tt.data)})
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Errorf("Detect error %v; want one starting %q", err, tt.wantErr)
				}
				if vigil.ErrorCode(err) != vigil.EINVALID {
					t.Errorf("error code %q", vigil.ErrorCode(err))
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Detect = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// TestParse_Demo parses the shipped demo lists, so that they can never drift out of format, and checks the
// values the demo subjects are built against.
func TestParse_Demo(t *testing.T) {
	results, err := source.Parse(demoFiles(t), "demo-")
	if err != nil {
		t.Fatalf("the demo lists do not parse: %v", err)
	}
	if len(results) != 2 {
		t.Fatalf("%d results; want OFAC and UN", len(results))
	}
	ofacRes, unRes := results[0], results[1]
	if ofacRes.List != "demo-ofac-sdn" || unRes.List != "demo-un" {
		t.Errorf("lists %q, %q", ofacRes.List, unRes.List)
	}
	if diff := cmp.Diff([]source.Format{source.FormatOFACSDN, source.FormatOFACAlt, source.FormatOFACAdd}, ofacRes.Format); diff != "" {
		t.Errorf("formats (-want +got):\n%s", diff)
	}
	if len(ofacRes.Warnings)+len(unRes.Warnings) != 0 {
		t.Errorf("the demo lists give warnings: %q %q", ofacRes.Warnings, unRes.Warnings)
	}
	if len(ofacRes.Entries) != 12 || len(unRes.Entries) != 6 {
		t.Fatalf("%d OFAC and %d UN entries; want 12 and 6", len(ofacRes.Entries), len(unRes.Entries))
	}
	for _, e := range append(append([]*vigil.ListEntry{}, ofacRes.Entries...), unRes.Entries...) {
		if !strings.Contains(e.Remarks, "FICTIONAL") {
			t.Errorf("demo entry %s %q does not say it is FICTIONAL", e.ID, e.Name)
		}
	}
	if want := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC); !unRes.AsOf.Equal(want) {
		t.Errorf("UN as-of %v", unRes.AsOf)
	}

	ri := byID(t, ofacRes.Entries, "990001")
	wantRi := &vigil.ListEntry{
		List: "demo-ofac-sdn", ID: "990001", Kind: vigil.EntryPerson, Name: "RI, Kyong-Sik",
		Aliases: []vigil.Alias{
			{Name: "LEE, Kyung-sik", Type: "aka"}, {Name: "RHEE, Kyong Shik", Type: "aka"},
			{Name: "RI, Kyong Sik", Type: "aka", Weak: true},
		},
		BirthDates:    []vigil.BirthDate{{Date: "1988-03-14"}},
		BirthPlaces:   []string{"Pyongyang, North Korea"},
		Nationalities: []string{"KP"},
		Gender:        "male",
		Programs:      []string{"DPRK3"},
		Remarks:       ri.Remarks,
		Identifiers: []vigil.EntryIdentifier{
			{Kind: vigil.IdentDocument, Value: "PRK:836420187", Raw: "836420187", Type: "Passport", Issuer: "KP"},
			{Kind: vigil.IdentWallet, Value: "0x7d4a3c1b9e2f5a6d8c0b1e3f4a5d6c7b8e9f0a1b", Raw: "0x7d4a3c1b9e2f5a6d8c0b1e3f4a5d6c7b8e9f0a1b", Type: "Digital Currency Address - ETH", Chain: "ETH"},
			{Kind: vigil.IdentEmail, Value: "kyongsik.ri.dev@proton.me", Raw: "kyongsik.ri.dev@proton.me", Type: "Email Address"},
		},
	}
	if diff := cmp.Diff(wantRi, ri); diff != "" {
		t.Errorf("990001 (-want +got):\n%s", diff)
	}

	checks := []struct {
		id    string
		check func(e *vigil.ListEntry) bool
	}{
		{"990002", func(e *vigil.ListEntry) bool {
			return hasIdent(e, vigil.IdentWallet, "bc1q9d4ywgfnd8h43da5tpcxcn6ajv590cg6d3tg6a") && hasIdent(e, vigil.IdentDocument, "PRK:745120399") && len(e.Aliases) == 2
		}},
		{"990003", func(e *vigil.ListEntry) bool {
			return e.Name == "CHO'N, Yo'n Ku'n" && hasIdent(e, vigil.IdentPhone, "+15205550142") && e.Aliases[0].Name == "JON, Yong Gun"
		}},
		{"990004", func(e *vigil.ListEntry) bool {
			return hasIdent(e, vigil.IdentEmail, "hyonukimit@gmail.com") && cmp.Equal(e.BirthDates, []vigil.BirthDate{{Date: "1984", Circa: true}})
		}},
		{"990005", func(e *vigil.ListEntry) bool {
			return e.Kind == vigil.EntryOrganization && hasIdent(e, vigil.IdentWebsite, "choson-expo-it.example") &&
				hasIdent(e, vigil.IdentEmail, "hr@choson-expo-it.example") && cmp.Equal(e.Addresses, []vigil.EntryAddress{{City: "Pyongyang", Country: "KP"}})
		}},
		{"990006", func(e *vigil.ListEntry) bool {
			return hasIdent(e, vigil.IdentPhone, "+15205550199") &&
				cmp.Equal(e.Addresses, []vigil.EntryAddress{{Line: "No. 18 Beiling Street, Huanggu District", City: "Shenyang", Region: "Liaoning", Country: "CN"}})
		}},
		{"990009", func(e *vigil.ListEntry) bool { return e.Gender == "female" }},
		{"990010", func(e *vigil.ListEntry) bool {
			return hasIdent(e, vigil.IdentWallet, "TFictitiousDemoWa11etAddressXYZabc") && e.Identifiers[0].Chain == "TRX"
		}},
		{"990011", func(e *vigil.ListEntry) bool {
			return cmp.Equal(e.Programs, []string{"CYBER2"}) && cmp.Equal(e.Nationalities, []string{"RU"}) && hasIdent(e, vigil.IdentEmail, "v.morozov@demo-mail.example")
		}},
		{"990012", func(e *vigil.ListEntry) bool {
			return cmp.Equal(e.Addresses, []vigil.EntryAddress{{Line: "1200 Example Avenue", City: "Tucson", Region: "AZ", Postcode: "85701", Country: "US"}})
		}},
	}
	for _, c := range checks {
		if e := byID(t, ofacRes.Entries, c.id); !c.check(e) {
			t.Errorf("demo entry %s is not as the demo subjects expect: %+v", c.id, e)
		}
	}

	unRi := byID(t, unRes.Entries, "9900101")
	wantUNRi := &vigil.ListEntry{
		List: "demo-un", ID: "9900101", Kind: vigil.EntryPerson, Name: "RI KYONG SIK",
		Aliases:       []vigil.Alias{{Name: "Ri Kyong-sik", Type: "aka"}, {Name: "Lee Kyung Sik", Type: "aka", Weak: true}},
		BirthDates:    []vigil.BirthDate{{Date: "1988-03-14"}},
		Nationalities: []string{"KP"},
		Programs:      []string{"DPRK", "KP"},
		ListedOn:      "2025-11-03",
		Remarks:       unRi.Remarks,
		Identifiers:   []vigil.EntryIdentifier{{Kind: vigil.IdentDocument, Value: "PRK:836420187", Raw: "836420187", Type: "Passport", Issuer: "KP"}},
	}
	if diff := cmp.Diff(wantUNRi, unRi); diff != "" {
		t.Errorf("9900101 (-want +got):\n%s", diff)
	}
	unChecks := []struct {
		id    string
		check func(e *vigil.ListEntry) bool
	}{
		{"9900102", func(e *vigil.ListEntry) bool {
			return e.Name == "PAK SONG CHOL" && hasIdent(e, vigil.IdentDocument, ":745120399") && cmp.Equal(e.BirthDates, []vigil.BirthDate{{Date: "1990"}})
		}},
		{"9900103", func(e *vigil.ListEntry) bool {
			return e.Name == "KIM SU GYONG" && e.Gender == "female" && cmp.Equal(e.Aliases, []vigil.Alias{{Name: "Kim Su-kyong", Type: "aka"}}) &&
				cmp.Equal(e.BirthDates, []vigil.BirthDate{{Date: "1993-07-21"}})
		}},
		{"9900104", func(e *vigil.ListEntry) bool {
			return e.Name == "CHOE UN HYOK" && cmp.Equal(e.BirthDates, []vigil.BirthDate{{Date: "1985", Circa: true}})
		}},
		{"9900105", func(e *vigil.ListEntry) bool {
			return e.Kind == vigil.EntryOrganization && e.Name == "KOREA SONGBONG INFORMATION TECHNOLOGY COMPANY" &&
				cmp.Equal(e.Aliases, []vigil.Alias{{Name: "Songbong IT", Type: "aka"}}) && cmp.Equal(e.Addresses, []vigil.EntryAddress{{City: "Pyongyang", Country: "KP"}})
		}},
		{"9900106", func(e *vigil.ListEntry) bool {
			return e.Name == "CHOSON EXPO IT SOLUTIONS" && cmp.Equal(e.Programs, []string{"DPRK", "KP"})
		}},
	}
	for _, c := range unChecks {
		if e := byID(t, unRes.Entries, c.id); !c.check(e) {
			t.Errorf("demo entry %s is not as the demo subjects expect: %+v", c.id, e)
		}
	}
}

func byID(tb testing.TB, entries []*vigil.ListEntry, id string) *vigil.ListEntry {
	tb.Helper()
	for _, e := range entries {
		if e.ID == id {
			return e
		}
	}
	tb.Fatalf("entry %s not found", id)
	return nil
}

func hasIdent(e *vigil.ListEntry, kind vigil.IdentifierKind, value string) bool {
	for _, id := range e.Identifiers {
		if id.Kind == kind && id.Value == value {
			return true
		}
	}
	return false
}

func TestParse_RealData(t *testing.T) {
	files := readFiles(t,
		shareddata.Path(t, "lists", "un-consolidated-2026-02-27.xml"),
		shareddata.Path(t, "lists", "ofac-add-2026-06.csv"),
		shareddata.Path(t, "lists", "ofac-sdn-2024-05-03.csv"),
		shareddata.Path(t, "lists", "ofac-alt-2026-06.csv"),
	)
	results, err := source.Parse(files, "")
	if err != nil {
		t.Fatal(err)
	}
	type summary struct {
		List    string
		Files   []string
		Format  []source.Format
		Entries int
		AsOf    time.Time
	}
	var got []summary
	for _, r := range results {
		got = append(got, summary{r.List, r.Files, r.Format, len(r.Entries), r.AsOf})
	}
	want := []summary{
		{"ofac-sdn", []string{"ofac-add-2026-06.csv", "ofac-sdn-2024-05-03.csv", "ofac-alt-2026-06.csv"},
			[]source.Format{source.FormatOFACAdd, source.FormatOFACSDN, source.FormatOFACAlt}, 14965, time.Time{}},
		{"un", []string{"un-consolidated-2026-02-27.xml"}, []source.Format{source.FormatUN}, 1003,
			time.Date(2026, 2, 27, 0, 0, 9, 554e6, time.UTC)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParse_Errors(t *testing.T) {
	demo := demoFiles(t)
	sdn, alt, add, unXML := demo[0], demo[1], demo[2], demo[3]
	broken := func(f source.File, old, new string) source.File {
		return source.File{Name: f.Name, Data: []byte(strings.Replace(string(f.Data), old, new, 1))}
	}
	tests := []struct {
		name  string
		files []source.File
		want  []string // every error, in order
	}{
		{"AltAndAddWithoutSDN", []source.File{alt, add}, []string{"alt.csv, add.csv: an OFAC import needs sdn.csv with these files"}},
		{"TwoSDNFiles", []source.File{sdn, {Name: "sdn2.csv", Data: sdn.Data}}, []string{"sdn2.csv: is a second OFAC sdn.csv (the first is sdn.csv)"}},
		{"UnknownFormat", []source.File{sdn, {Name: "notes.txt", Data: []byte("hello")}}, []string{"notes.txt:1: is not a list format Vigil reads"}},
		{"MalformedCSVAndXML", []source.File{
			broken(sdn, "990002,", "99000x,"), alt, add, broken(unXML, "<DATAID>9900103</DATAID>", "<DATAID>9900103</DATAID><DATAID>1</DATAID>"),
		}, []string{
			"consolidated.xml:85: <INDIVIDUAL> has two <DATAID> elements",
			"sdn.csv:2: ent_num \"99000x\" is not a number",
		}},
		{"MalformedAlt", []source.File{sdn, broken(alt, "\"JON, Yong Gun\",-0- ", "\"JON, Yong Gun\"")}, []string{"alt.csv:5: has 4 fields; every row of an OFAC alt.csv has 5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			results, err := source.Parse(tt.files, "demo-")
			if results != nil {
				t.Errorf("Parse returned %d results with an error", len(results))
			}
			var list source.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %v is not an ErrorList", err)
			}
			if len(list) != len(tt.want) {
				t.Fatalf("errors:\n%v\nwant %d", err, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(list[i].Error(), w) {
					t.Errorf("error %d = %q; want it to start %q", i, list[i].Error(), w)
				}
			}
			if vigil.ErrorCode(err) != vigil.EINVALID || vigil.ErrorMessage(err) != err.Error() {
				t.Errorf("code %q, message %q", vigil.ErrorCode(err), vigil.ErrorMessage(err))
			}
		})
	}
}

func TestErrorList(t *testing.T) {
	var l source.ErrorList
	if l.Err() != nil {
		t.Error("empty list is an error")
	}
	l.Add("b.csv", 2, "", "second")
	l.Add("a.csv", 9, "", "first")
	l.Add("b.csv", 1, "ent_num 1", "third")
	l.Sort()
	want := "a.csv:9: first\nb.csv:1: third\nb.csv:2: second"
	if err := l.Err(); err == nil || err.Error() != want {
		t.Errorf("Err() = %v; want %q", err, want)
	}
	var pe *source.ParseError
	if !errors.As(l.Err(), &pe) || pe.File != "a.csv" || pe.Line != 9 {
		t.Errorf("errors.As found %+v", pe)
	}
	if got := (&source.ParseError{File: "x.xml", Msg: "is empty"}).Error(); got != "x.xml: is empty" {
		t.Errorf("file-level error %q", got)
	}
}

func TestDownload(t *testing.T) {
	demo := demoFiles(t)
	mux := http.NewServeMux()
	for _, f := range demo {
		mux.HandleFunc("/exports/"+strings.ToUpper(f.Name), func(w http.ResponseWriter, r *http.Request) {
			w.Write(f.Data)
		})
	}
	mux.HandleFunc("/missing.csv", http.NotFound)
	mux.HandleFunc("/huge.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(source.MaxFileBytes+1))
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("/short.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.Write([]byte("<CONSOLIDATED_LIST>"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	t.Run("OK", func(t *testing.T) {
		eps := []source.Endpoint{
			{List: "ofac-sdn", URLs: []string{srv.URL + "/exports/SDN.CSV", srv.URL + "/exports/ALT.CSV", srv.URL + "/exports/ADD.CSV"}},
			{List: "un", URLs: []string{srv.URL + "/exports/CONSOLIDATED.XML"}},
		}
		files, err := source.Download(context.Background(), srv.Client(), eps)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for i, f := range files {
			names = append(names, f.Name)
			if string(f.Data) != string(demo[i].Data) {
				t.Errorf("%s: content differs", f.Name)
			}
		}
		if diff := cmp.Diff([]string{"SDN.CSV", "ALT.CSV", "ADD.CSV", "CONSOLIDATED.XML"}, names); diff != "" {
			t.Errorf("names (-want +got):\n%s", diff)
		}
		results, err := source.Parse(files, "demo-")
		if err != nil || len(results) != 2 {
			t.Fatalf("downloaded files do not parse: %v", err)
		}
	})

	errs := []struct {
		name string
		url  string
		want string
	}{
		{"NotFound", srv.URL + "/missing.csv", "download list x from " + srv.URL + "/missing.csv: server answered 404 Not Found"},
		{"TooLarge", srv.URL + "/huge.xml", "the file is 268435457 bytes; at most 268435456 are accepted"},
		{"Short", srv.URL + "/short.xml", "/short.xml: "},
		{"NotHTTP", "file:///etc/passwd", "download list x from file:///etc/passwd: not an http or https URL"},
		{"Unreachable", "http://127.0.0.1:1/x.csv", "download list x from http://127.0.0.1:1/x.csv: "},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			files, err := source.Download(context.Background(), srv.Client(), []source.Endpoint{{List: "x", URLs: []string{srv.URL + "/exports/SDN.CSV", tt.url}}})
			if files != nil || err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %d files, %v; want an error containing %q", len(files), err, tt.want)
			}
		})
	}

	t.Run("HTTPSDowngradeRefused", func(t *testing.T) {
		plain := httptest.NewServer(mux)
		defer plain.Close()
		tls := httptest.NewTLSServer(http.RedirectHandler(plain.URL+"/exports/SDN.CSV", http.StatusFound))
		defer tls.Close()
		_, err := source.Download(context.Background(), tls.Client(), []source.Endpoint{{List: "x", URLs: []string{tls.URL + "/SDN.CSV"}}})
		if err == nil || !strings.Contains(err.Error(), "it leaves https") {
			t.Errorf("got %v; want the redirect to http refused", err)
		}
	})

	t.Run("Cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := source.Download(ctx, srv.Client(), []source.Endpoint{{List: "x", URLs: []string{srv.URL + "/exports/SDN.CSV"}}}); !errors.Is(err, context.Canceled) {
			t.Errorf("got %v; want context.Canceled", err)
		}
	})
}

func TestDefaultEndpoints(t *testing.T) {
	eps := source.DefaultEndpoints()
	want := []source.Endpoint{
		{List: "ofac-sdn", URLs: []string{
			"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
			"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV",
			"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV",
			"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_COMMENTS.CSV",
		}},
		{List: "un", URLs: []string{"https://scsanctions.un.org/resources/xml/en/consolidated.xml"}},
	}
	if diff := cmp.Diff(want, eps); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func FuzzDetect(f *testing.F) {
	for _, d := range demoFiles(f) {
		f.Add(d.Data)
		f.Add(d.Data[:len(d.Data)/2])
	}
	f.Add([]byte("\xef\xbb\xbf<?xml version=\"1.0\"?><!DOCTYPE CONSOLIDATED_LIST><CONSOLIDATED_LIST/>"))
	f.Add([]byte("1,\"unterminated"))
	if dir, _ := shareddata.Dir(); dir != "" {
		for _, name := range []string{"ofac-sdn-2024-05-03.csv", "ofac-alt-2026-06.csv", "ofac-add-2026-06.csv", "un-consolidated-2026-02-27.xml"} {
			data, err := os.ReadFile(filepath.Join(dir, "lists", name))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data[:min(len(data), 4096)])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		format, err := source.Detect(source.File{Name: "f", Data: data})
		if (err == nil) == (format == "") {
			t.Fatalf("Detect = %q, %v", format, err)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "f") {
			t.Fatalf("error %q does not name the file", err)
		}
		// Whatever Detect accepts, Parse reads or rejects with file and line, never panics.
		results, err := source.Parse([]source.File{{Name: "f", Data: data}, {Name: "sdn.csv", Data: []byte(seedSDN)}}, "")
		if err != nil && results != nil {
			t.Fatal("results with an error")
		}
	})
}

const seedSDN = "1,\"A, B\",\"individual\",\"DPRK3\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1990.\"\r\n"

func ExampleDetect() {
	for _, f := range []source.File{
		{Name: "a", Data: []byte("36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n")},
		{Name: "b", Data: []byte("<?xml version=\"1.0\"?><CONSOLIDATED_LIST dateGenerated=\"2026-02-27T00:00:09Z\">")},
		{Name: "c", Data: []byte("name,country\r\n")},
	} {
		format, err := source.Detect(f)
		fmt.Println(format, err)
	}
	// Output:
	// ofac-alt-csv <nil>
	// un-xml <nil>
	//  c:1: is not a list format Vigil reads; supported: OFAC legacy CSV (sdn.csv, alt.csv, add.csv, sdn_comments.csv), OFAC SDN_ADVANCED or SDN_ENHANCED XML, the UN consolidated list XML, the EU financial sanctions XML (FSF 1.1), the UK Sanctions List (CSV, XML or the ODS summary), and OpenSanctions entities.ftm.json or targets.simple.csv
}

// TestDetectEveryFormat reads the sub-packages' hand-written fixtures (and the real UK summary sheet when
// ../shared is present) through Detect and Parse: each format is told from its content and fills its list.
func TestDetectEveryFormat(t *testing.T) {
	for _, tc := range []struct {
		path   string
		format source.Format
		list   string
	}{
		{"eu/testdata/edge.xml", source.FormatEU, "eu"},
		{"uk/testdata/edge.csv", source.FormatUKCSV, "uk"},
		{"uk/testdata/edge.xml", source.FormatUKXML, "uk"},
		{"ofacxml/testdata/advanced-edge.xml", source.FormatOFACAdvanced, "ofac-sdn"},
		{"ofacxml/testdata/enhanced-edge.xml", source.FormatOFACEnhanced, "ofac-sdn"},
		{"opensanctions/testdata/entities.ftm.json", source.FormatOSFTM, "opensanctions"},
		{"opensanctions/testdata/targets.simple.csv", source.FormatOSTargets, "opensanctions"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			data, err := os.ReadFile(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			f := source.File{Name: filepath.Base(tc.path), Data: data}
			got, err := source.Detect(f)
			if err != nil || got != tc.format {
				t.Fatalf("Detect = %q, %v; want %q", got, err, tc.format)
			}
			res, err := source.Parse([]source.File{f}, "t-")
			if err != nil {
				t.Fatal(err)
			}
			if len(res) != 1 || res[0].List != "t-"+tc.list || len(res[0].Entries) == 0 {
				t.Fatalf("Parse = %d results; want one list t-%s with entries", len(res), tc.list)
			}
			if _, err := source.ParseAs([]source.File{f}, "", tc.format); err != nil {
				t.Errorf("ParseAs its own format: %v", err)
			}
			other := source.FormatUN
			if tc.format == source.FormatUN {
				other = source.FormatEU
			}
			_, err = source.ParseAs([]source.File{f}, "", other)
			if err == nil || !strings.Contains(err.Error(), "not "+string(other)+" as --format says") {
				t.Errorf("ParseAs %s: %v; want an error naming both formats", other, err)
			}
		})
	}
}

func TestParseAsUnknownFormat(t *testing.T) {
	_, err := source.ParseAs(nil, "", "csv")
	if err == nil || !strings.Contains(err.Error(), "ofac-csv, ofac-sdn-advanced-xml") {
		t.Fatalf("err = %v; want the list of formats", err)
	}
}

func TestParseTwoEditionsOfOneList(t *testing.T) {
	data, err := os.ReadFile("eu/testdata/edge.xml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = source.Parse([]source.File{{Name: "a.xml", Data: data}, {Name: "b.xml", Data: data}}, "")
	if err == nil || !strings.Contains(err.Error(), "b.xml: is another edition of list eu") {
		t.Fatalf("err = %v", err)
	}
}

func TestDetectUKSummarySheet(t *testing.T) {
	data, err := os.ReadFile(shareddata.Path(t, "lists", "uk-fcdo-sanctions-list-2025-08-11.ods"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := source.Parse([]source.File{{Name: "uk.ods", Data: data}}, "")
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Format[0] != source.FormatUKODS || res[0].List != "uk" || len(res[0].Entries) < 5000 {
		t.Fatalf("got %s %s with %d entries", res[0].Format[0], res[0].List, len(res[0].Entries))
	}
}
