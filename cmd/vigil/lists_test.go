package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/shareddata"
)

func TestListsImport_Real(t *testing.T) {
	db := dbWithRealLists(t)
	var versions []vigil.ListVersion
	if err := json.Unmarshal([]byte(mustRun(t, "", "lists", "ls", "--db", db, "--format", "json")), &versions); err != nil {
		t.Fatal(err)
	}
	byList := map[string]vigil.ListVersion{}
	for _, v := range versions {
		byList[v.List] = v
	}
	ofac, un := byList["ofac-sdn"], byList["un"]
	if ofac.Entries < 14000 || un.Entries < 1000 || !ofac.Active || !un.Active {
		t.Fatalf("versions: %+v", versions)
	}
	if len(ofac.Warnings) == 0 {
		t.Error("alt/add rows of entries absent from the older sdn file must be reported as warnings")
	}
	if len(ofac.SHA256) != 64 || ofac.AsOf.Format("2006-01-02") != "2026-06-30" {
		t.Errorf("version %+v", ofac)
	}

	t.Run("ReimportIsNoop", func(t *testing.T) {
		out := mustRun(t, "", "lists", "import", "--db", db, "--as-of", "2026-06-30",
			shareddata.Path(t, "lists", "ofac-add-2026-06.csv"), // order does not matter
			shareddata.Path(t, "lists", "ofac-sdn-2024-05-03.csv"),
			shareddata.Path(t, "lists", "ofac-alt-2026-06.csv"))
		if !strings.Contains(out, "already the active version") {
			t.Errorf("re-import: %s", out)
		}
	})

	t.Run("MalformedFileChangesNothing", func(t *testing.T) {
		sdn, err := os.ReadFile(shareddata.Path(t, "lists", "ofac-sdn-2024-05-03.csv"))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(sdn), "\n")
		lines[99] = "not,a,valid\"row\n"
		bad := filepath.Join(t.TempDir(), "sdn.csv")
		os.WriteFile(bad, []byte(strings.Join(lines, "")), 0o600)
		code, _, errOut := run(t, "", "lists", "import", "--db", db, bad, shareddata.Path(t, "lists", "un-consolidated-2026-02-27.xml"))
		if code != exitUsage || !strings.Contains(errOut, "sdn.csv:100") {
			t.Errorf("exit %d, stderr %s; want exit 2 naming sdn.csv line 100", code, errOut)
		}
		after := mustRun(t, "", "lists", "ls", "--db", db, "--all", "--format", "json")
		var vs []vigil.ListVersion
		json.Unmarshal([]byte(after), &vs)
		if len(vs) != 2 {
			t.Errorf("a failed import must add no version: %s", after)
		}
	})
}

// TestScreen_RealIdentifiers: the wallet and passport numbers in OFAC remarks match as identifiers.
func TestScreen_RealIdentifiers(t *testing.T) {
	db := dbWithRealLists(t)
	tests := []struct {
		name, doc, entry string
	}{
		{"LazarusWallet", `{"name":"Alex Doe","wallets":[{"chain":"ETH","address":"0x098b716b8aaf21512996dc57eb0615e2383e2f96"}]}`, "ofac-sdn:27307"},
		{"PassportNumber", `{"name":"Alex Doe","documents":[{"type":"passport","number":"381420754","issuer":"PRK"}]}`, "ofac-sdn:15667"},
		{"EmailInRemarks", `{"name":"Alex Doe","emails":["417136259@QQ.com"]}`, "ofac-sdn:28263"},
		{"BitcoinAddress", `{"name":"Alex Doe","wallets":[{"chain":"XBT","address":"134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak"}]}`, "ofac-sdn:28263"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decodeReport(t, mustRun(t, tt.doc, "screen", "--db", db, "--dry-run", "--format", "json", "-"))
			found := false
			for _, f := range r.Findings {
				if f.Check != "watchlist.identifier" {
					continue
				}
				for _, e := range f.Evidence {
					found = found || e.Ref == tt.entry
				}
			}
			if !found || r.Band != vigil.BandCritical {
				t.Errorf("want a critical watchlist.identifier finding on %s, got band %s %+v", tt.entry, r.Band, r.Findings)
			}
		})
	}
}

// TestFairness screens one benign subject under names from many cultures, none on a list, and asserts
// identical scores and findings: no check but the watch-list match looks at a name.
func TestFairness(t *testing.T) {
	db := dbWithRealLists(t)
	names := []string{
		"Min-jun Seo",        // Korean
		"Liu Yuqing",         // Chinese
		"Phạm Thị Hương",     // Vietnamese
		"Krzysztof Wójcik",   // Polish
		"Youssef Benali",     // Arabic (Maghreb)
		"Adebayo Ogunleye",   // Yoruba
		"Aarav Mehta",        // Indian
		"Svetlana Morozova",  // Russian
		"Lucía Ortega",       // Spanish
		"Takumi Kobayashi",   // Japanese
		"Siobhán Ní Bhriain", // Irish
		"Emma Lindqvist",     // Swedish
		"Kofi Asante",        // Akan
		"Dawit Bekele",       // Amharic
	}
	var baseline string
	for i, name := range names {
		doc := fmt.Sprintf(`{"id":"fair","name":%q,"birth_date":"1993-05-04","nationalities":["DE"],"residence":{"country":"DE","city":"Berlin","timezone":"Europe/Berlin"},"emails":["dev.candidate@example.com"],"phones":["+49 1512 3456789"],"addresses":[{"use":"home","line":"Lindenstraße 5","city":"Berlin","postcode":"10115","country":"DE"}],"documents":[{"type":"passport","number":"C01X00T47","issuer":"D"}],"bank_accounts":[{"iban":"DE89370400440532013000"}]}`, name)
		r := decodeReport(t, mustRun(t, doc, "screen", "--db", db, "--dry-run", "--as-of", "2026-11-25", "--format", "json", "-"))
		r.Subject.Name = ""
		got, _ := json.Marshal(r)
		if i == 0 {
			baseline = string(got)
			if r.Score != 0 {
				t.Errorf("the benign baseline scores %d: %+v", r.Score, r.Findings)
			}
			continue
		}
		if string(got) != baseline {
			t.Errorf("the report changed with the name %q:\n%s\nvs\n%s", name, got, baseline)
		}
	}
}

// TestListsUpdate downloads the lists from a local server standing in for OFAC and the UN (this machine is
// offline) and imports them.
func TestListsUpdate(t *testing.T) {
	files := map[string]string{
		"/ofac/SDN.CSV":          "../../demo/lists/sdn.csv",
		"/ofac/ALT.CSV":          "../../demo/lists/alt.csv",
		"/ofac/ADD.CSV":          "../../demo/lists/add.csv",
		"/ofac/SDN_COMMENTS.CSV": "",
		"/un/consolidated.xml":   "../../demo/lists/consolidated.xml",
		"/eu/content":            "../../source/eu/testdata/edge.xml",
		"/uk/list.xml":           "../../source/uk/testdata/edge.xml",
	}
	var mu sync.Mutex
	var requests []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests = append(requests, r.URL.Path)
		mu.Unlock()
		path, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if path == "" { // OFAC's continuation of long remarks
			io.WriteString(w, "990002,\"alt. Digital Currency Address - XBT bc1q9d4ywgfnd8h43da5tpcxcn6ajv590cg6d3tg6a.\"\r\n")
			return
		}
		http.ServeFile(w, r, path)
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "u.db")
	out := mustRun(t, "", "lists", "update", "--db", db, "--ofac-base-url", srv.URL+"/ofac/", "--un-url", srv.URL+"/un/consolidated.xml")
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(out, "Imported ofac-sdn") || !strings.Contains(out, "Imported un") || len(requests) != 5 {
		t.Errorf("update: %s (requests %v)", out, requests)
	}
	mu.Unlock()
	if out := mustRun(t, "", "lists", "update", "--db", db, "--ofac-base-url", srv.URL+"/ofac/", "--un-url", srv.URL+"/un/consolidated.xml"); !strings.Contains(out, "already the active version") {
		t.Errorf("a second update of the same files must change nothing: %s", out)
	}
	code, _, errOut := run(t, "", "lists", "update", "--db", db, "--list", "un", "--un-url", srv.URL+"/missing.xml")
	mu.Lock()
	if code == 0 || !strings.Contains(errOut, "missing.xml") {
		t.Errorf("a failed download: exit %d, %s", code, errOut)
	}
	mu.Unlock()
	out = mustRun(t, "", "lists", "update", "--db", db, "--list", "eu,uk", "--eu-url", srv.URL+"/eu/content?token=x", "--uk-url", srv.URL+"/uk/list.xml")
	if !strings.Contains(out, "Imported eu") || !strings.Contains(out, "Imported uk") {
		t.Errorf("update of the EU and UK lists: %s", out)
	}
	if code, _, errOut := run(t, "", "lists", "update", "--db", db, "--list", "uk"); code != exitUsage || !strings.Contains(errOut, "--uk-url") {
		t.Errorf("uk without --uk-url: exit %d, %s", code, errOut)
	}
	mu.Lock()
}

// TestDemo_RealLists runs the demo on the real list files instead of the fictional ones.
func TestDemo_RealLists(t *testing.T) {
	dir := filepath.Dir(shareddata.Path(t, "lists", "ofac-sdn-2024-05-03.csv"))
	db := filepath.Join(t.TempDir(), "demo.db")
	out := mustRun(t, "", "demo", "--db", db, "--lists", dir)
	if !strings.Contains(out, "Imported ofac-sdn") || !strings.Contains(out, "Imported un") || !strings.Contains(out, "Screened 65 subjects") {
		t.Errorf("demo on real lists:\n%s", out)
	}
}
