package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/shareddata"
)

// run runs vigil in-process with args and stdin, and returns its exit code, stdout and stderr.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	m := NewMain(strings.NewReader(stdin), &stdout, &stderr)
	code := m.Run(context.Background(), args)
	if err := m.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	return code, stdout.String(), stderr.String()
}

func mustRun(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	code, out, errOut := run(t, stdin, args...)
	if code != 0 {
		t.Fatalf("vigil %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

var (
	realListsOnce sync.Once
	realListsDB   string
)

// realListsDB returns a copy of a database with the real OFAC and UN lists of ../shared/data imported, made
// once per test run.
func dbWithRealLists(t *testing.T) string {
	t.Helper()
	files := []string{
		shareddata.Path(t, "lists", "ofac-sdn-2024-05-03.csv"),
		shareddata.Path(t, "lists", "ofac-alt-2026-06.csv"),
		shareddata.Path(t, "lists", "ofac-add-2026-06.csv"),
		shareddata.Path(t, "lists", "un-consolidated-2026-02-27.xml"),
	}
	realListsOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vigil-real-lists")
		if err != nil {
			t.Fatal(err)
		}
		db := filepath.Join(dir, "lists.db")
		code, out, errOut := run(t, "", append([]string{"lists", "import", "--db", db, "--as-of", "2026-06-30"}, files...)...)
		if code != 0 {
			t.Fatalf("import real lists: exit %d\n%s\n%s", code, out, errOut)
		}
		realListsDB = db
	})
	if realListsDB == "" {
		t.Fatal("the real lists could not be imported (see the first test that tried)")
	}
	dst := filepath.Join(t.TempDir(), "vigil.db")
	data, err := os.ReadFile(realListsDB)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}

func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	mustRun(t, "", "demo", "--db", db, "--as-of", "2026-11-25")
	return db
}

func decodeReports(t *testing.T, out string) []vigil.Report {
	t.Helper()
	var reports []vigil.Report
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		t.Fatalf("output is not a JSON array of reports: %v\n%s", err, out)
	}
	return reports
}

// decodeReport decodes one report: an object, or an array of one (the output for one NDJSON line).
func decodeReport(t *testing.T, out string) vigil.Report {
	t.Helper()
	if strings.HasPrefix(strings.TrimSpace(out), "[") {
		reports := decodeReports(t, out)
		if len(reports) != 1 {
			t.Fatalf("want one report, got %d", len(reports))
		}
		return reports[0]
	}
	var r vigil.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("output is not a JSON report: %v\n%s", err, out)
	}
	return r
}

func hasCheck(r vigil.Report, check string) bool {
	for _, f := range r.Findings {
		if f.Check == check {
			return true
		}
	}
	return false
}

func TestVersion(t *testing.T) {
	if out := mustRun(t, "", "version"); !strings.HasPrefix(out, "vigil ") {
		t.Errorf("version printed %q", out)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{{"no-such-command"}, {"screen"}, {"report"}, {"screen", "--format", "xml", "-"}} {
		if code, _, _ := run(t, "", args...); code != exitUsage {
			t.Errorf("vigil %v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

func TestDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	out := mustRun(t, "", "demo", "--db", db, "--as-of", "2026-11-25")
	for _, want := range []string{"Imported demo-ofac-sdn", "Imported demo-un", "Screened 65 subjects", "demo-101", "Bands:"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	// The crafted subjects show the public case patterns; the benign ones stay low.
	want := map[string]string{
		"demo-101": "watchlist.name",       // a sanctioned name variant
		"demo-102": "document.issuer",      // a DPRK passport
		"demo-103": "watchlist.identifier", // a sanctioned wallet
		"demo-104": "link.shared",          // shares a bank account and a shipping address …
		"demo-105": "link.shared",          // … with this "different" candidate
		"demo-106": "phone",                // a VoIP number
		"demo-107": "email",                // a disposable email domain
		"demo-108": "watchlist.identifier", // a sanctioned email, written differently
		"demo-110": "watchlist.identifier", // a sanctioned phone number
	}
	for id, check := range want {
		r := decodeReport(t, mustRun(t, "", "report", "--db", db, "--format", "json", id))
		if !hasCheck(r, check) {
			t.Errorf("%s: no %s finding in %+v", id, check, r.Findings)
		}
	}
	for _, id := range []string{"demo-001", "demo-017", "demo-050", "demo-051", "demo-052"} {
		r := decodeReport(t, mustRun(t, "", "report", "--db", db, "--format", "json", id))
		if r.Band != vigil.BandLow {
			t.Errorf("benign %s (%s) is %s with %+v", id, r.Subject.Name, r.Band, r.Findings)
		}
	}
	critical := decodeReport(t, mustRun(t, "", "report", "--db", db, "--format", "json", "demo-103"))
	if critical.Band != vigil.BandCritical || critical.Case == nil {
		t.Errorf("an exact sanctioned wallet must be critical with a case: %+v", critical)
	}

	t.Run("RebuildsDemoDatabase", func(t *testing.T) {
		mustRun(t, "", "demo", "--db", db)
	})
	t.Run("RefusesOtherDatabase", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "other.db")
		mustRun(t, "", "lists", "import", "--db", other, "../../demo/lists/sdn.csv")
		mustRun(t, `{"id":"hr-1","name":"Anna Kowalska"}`, "screen", "--db", other, "-")
		code, _, errOut := run(t, "", "demo", "--db", other)
		if code != exitUsage || !strings.Contains(errOut, "not the demo's") {
			t.Errorf("demo over a real database: exit %d, %s", code, errOut)
		}
	})
	t.Run("RefusesDatabaseWithRealListsOnly", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "lists-only.db")
		mustRun(t, "", "lists", "import", "--db", other, "../../demo/lists/sdn.csv")
		if code, _, errOut := run(t, "", "demo", "--db", other); code != exitUsage || !strings.Contains(errOut, "lists that cli imported") {
			t.Errorf("demo over a database with lists: exit %d, %s", code, errOut)
		}
	})
	t.Run("RefusesDatabaseWithTokensOnly", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "tokens-only.db")
		mustRun(t, "", "tokens", "create", "--db", other, "alice")
		if code, _, errOut := run(t, "", "demo", "--db", other); code != exitUsage || !strings.Contains(errOut, "API tokens") {
			t.Errorf("demo over a database with tokens: exit %d, %s", code, errOut)
		}
	})
}

func TestScreen_NoListsRefuses(t *testing.T) {
	db := filepath.Join(t.TempDir(), "empty.db")
	code, out, errOut := run(t, `{"name":"Anna Kowalska"}`, "screen", "--db", db, "-")
	if code != exitFailure || out != "" || !strings.Contains(errOut, "vigil lists import") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and how to import lists", code, out, errOut)
	}
}

func TestScreen_NDJSONBadLineKeepsEarlierSubjects(t *testing.T) {
	db := demoDB(t)
	input := `{"id":"hr-1","name":"Anna Kowalska"}
{"id":"hr-2","name":"Jan Kowalski","phones":["+48 512 345 111"]}
{"id":"hr-3","name":"Piotr Zieliński","nationalty":["PL"]}
{"id":"hr-4","name":"Ewa Lis"}
`
	code, out, errOut := run(t, input, "screen", "--db", db, "--format", "json", "-")
	if code != exitUsage {
		t.Fatalf("exit %d, want 2; stderr %s", code, errOut)
	}
	if !strings.Contains(errOut, "line 3") || !strings.Contains(errOut, `"nationalty"`) {
		t.Errorf("stderr must name the line and the field: %s", errOut)
	}
	reports := decodeReports(t, out)
	if len(reports) != 2 || reports[0].Subject.ID != "hr-1" || reports[1].Subject.ID != "hr-2" {
		t.Fatalf("want the reports of hr-1 and hr-2, got %+v", reports)
	}
	for _, id := range []string{"hr-1", "hr-2"} {
		mustRun(t, "", "report", "--db", db, id)
	}
	for _, id := range []string{"hr-3", "hr-4"} {
		if code, _, _ := run(t, "", "report", "--db", db, id); code != exitUsage {
			t.Errorf("%s must not be stored (report exit %d)", id, code)
		}
	}
}

func TestScreen_TruncatedLastLine(t *testing.T) {
	db := demoDB(t)
	input := "{\"id\":\"t-1\",\"name\":\"Anna Kowalska\"}\n{\"id\":\"t-2\",\"name\":\"Jan Kow"
	code, out, errOut := run(t, input, "screen", "--db", db, "--format", "json", "-")
	if code != exitUsage || !strings.Contains(errOut, "line 2") {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	if reports := decodeReports(t, out); len(reports) != 1 {
		t.Fatalf("the line before the truncated one is kept and listed: %s", out)
	}
	mustRun(t, "", "report", "--db", db, "t-1")
}

func TestScreen_SingleDocumentAndDryRun(t *testing.T) {
	db := demoDB(t)
	doc := `{
  "id": "hr-9", "name": "Kyong Sik Ri", "birth_date": "1988-03-14"
}`
	r := decodeReport(t, mustRun(t, doc, "screen", "--db", db, "--format", "json", "--dry-run", "--as-of", "2026-11-25", "-"))
	if r.Stored || !hasCheck(r, "watchlist.name") || r.AsOf.Format("2006-01-02") != "2026-11-25" {
		t.Errorf("dry run report: %+v", r)
	}
	if code, _, _ := run(t, "", "report", "--db", db, "hr-9"); code != exitUsage {
		t.Error("a dry run must store nothing")
	}
	// Same inputs and as-of give the same report.
	again := decodeReport(t, mustRun(t, doc, "screen", "--db", db, "--format", "json", "--dry-run", "--as-of", "2026-11-25", "-"))
	a, _ := json.Marshal(r)
	b, _ := json.Marshal(again)
	if !bytes.Equal(a, b) {
		t.Errorf("reports differ:\n%s\n%s", a, b)
	}
	text := mustRun(t, doc, "screen", "--db", db, "--dry-run", "-")
	if !strings.Contains(text, "watchlist.name") || !strings.Contains(text, "dry run") {
		t.Errorf("text report:\n%s", text)
	}
}

// TestScreen_Hostile feeds the hostile inputs the issue names through the command: each gives a clear error and
// exit 2, or is handled safely, and never crashes.
func TestScreen_Hostile(t *testing.T) {
	db := demoDB(t)
	tests := []struct {
		name, input, want string
		code              int
	}{
		{"HugeName", `{"name":"` + strings.Repeat("A", 10<<20) + `"}`, "longer than 1048576 bytes", exitUsage},
		{"InvalidUTF8", "{\"name\":\"Jan \xc3\x28Kowalski\"}", "not valid UTF-8", exitUsage},
		{"DeeplyNested", `{"name":"A","other_names":` + strings.Repeat("[", 50000) + strings.Repeat("]", 50000) + `}`, "nested more than", exitUsage},
		{"UnknownField", `{"name":"A B","salary":1}`, `unknown field "salary"`, exitUsage},
		{"ControlCharacters", "{\"name\":\"A\\u001b]0;pwned\\u0007B\"}", "control character", exitUsage},
		{"Markup", `{"name":"<script>alert(1)</script>","residence":{"city":"<img src=x onerror=alert(1)>"}}`, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.input, "screen", "--db", db, "--dry-run", "-")
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d (want %d), stderr %.300q", code, tt.code, errOut)
			}
			if len(errOut) > 4000 {
				t.Errorf("error output is %d bytes: hostile values must be cut short", len(errOut))
			}
			if strings.ContainsAny(out+errOut, "\x1b\x07") {
				t.Error("control characters reached the terminal")
			}
		})
	}
}

func TestReport_UnknownID(t *testing.T) {
	db := demoDB(t)
	code, _, errOut := run(t, "", "report", "--db", db, "no-such-subject")
	if code != exitUsage || !strings.Contains(errOut, "no-such-subject") {
		t.Errorf("exit %d, stderr %s", code, errOut)
	}
}

func TestTokens(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	secret := strings.TrimSpace(mustRun(t, "", "tokens", "create", "--db", db, "alice"))
	if !strings.HasPrefix(secret, "vgl_") {
		t.Fatalf("token %q", secret)
	}
	if out := mustRun(t, "", "tokens", "ls", "--db", db); !strings.Contains(out, "alice") || strings.Contains(out, secret) {
		t.Errorf("ls must list the user and never the secret:\n%s", out)
	}
	mustRun(t, "", "tokens", "revoke", "--db", db, "alice")
	if code, _, _ := run(t, "", "tokens", "revoke", "--db", db, "alice"); code != exitUsage {
		t.Errorf("revoking again: exit %d, want 2 (nothing to revoke)", code)
	}
	if code, _, _ := run(t, "", "tokens", "create", "--db", db, "bad name!"); code != exitUsage {
		t.Error("a bad user name must be refused")
	}
}

func TestSearch(t *testing.T) {
	db := demoDB(t)
	out := mustRun(t, "", "search", "--db", db, "--format", "json", "Kyong Sik Ri")
	var res struct {
		Matches []struct {
			List    string  `json:"list"`
			EntryID string  `json:"entry_id"`
			Score   float64 `json:"score"`
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Matches) == 0 || res.Matches[0].EntryID != "990001" && res.Matches[0].EntryID != "9900101" {
		t.Errorf("search results: %s", out)
	}
	if code, _, _ := run(t, "", "search", "--db", db, "--birth-date", "yesterday", "X"); code != exitUsage {
		t.Error("a bad birth date must be exit 2")
	}
}

func TestMigrate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	if out := mustRun(t, "", "migrate", "--db", db); !strings.Contains(out, "up to date") {
		t.Errorf("migrate: %s", out)
	}
}

var _ = io.Discard

// TestScreen_ReportsShowLaterLinks: in one NDJSON run, the report printed for the first subject includes the link
// that the third subject, sharing its phone, made.
func TestScreen_ReportsShowLaterLinks(t *testing.T) {
	db := demoDB(t)
	input := `{"id":"n-1","name":"Anna Kowalska","phones":["+48 601 000 111"]}
{"id":"n-2","name":"Jan Nowak"}
{"id":"n-3","name":"Ewa Lis","phones":["+48601000111"]}
`
	reports := decodeReports(t, mustRun(t, input, "screen", "--db", db, "--format", "json", "-"))
	if len(reports) != 3 || !hasCheck(reports[0], "link.shared") || !hasCheck(reports[2], "link.shared") || hasCheck(reports[1], "link.shared") {
		t.Errorf("reports %+v", reports)
	}
}

// TestScreen_MarkupInEveryTextField puts script and markup into every string field of the subject document that
// accepts free text, screens it, and checks that the JSON report carries it only escaped and the text report
// shows it as data: an applicant's fields never become markup or terminal control in what reviewers read.
func TestScreen_MarkupInEveryTextField(t *testing.T) {
	db := demoDB(t)
	const markup = `<script>alert(1)</script><img src=x onerror=alert(2)>`
	base, err := vigil.ParseSubject(mustReadTestdata(t, "../../testdata/subject-full.json"))
	if err != nil {
		t.Fatal(err)
	}
	filled := 0
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				fill(v.Elem())
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					fill(v.Field(i))
				}
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				fill(v.Index(i))
			}
		case reflect.String:
			old := v.String()
			v.SetString(markup)
			probe := *base
			probe.Normalize()
			if probe.Validate() != nil { // a field with a format (email, date, code) refuses markup: that is its check
				v.SetString(old)
				return
			}
			filled++
		}
	}
	fill(reflect.ValueOf(base))
	if filled < 15 {
		t.Fatalf("only %d free-text fields took the markup", filled)
	}
	doc, err := json.Marshal(base)
	if err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, string(doc), "screen", "--db", db, "--dry-run", "--format", "json", "-")
	if strings.Contains(out, "<script>") || strings.Contains(out, "<img") {
		t.Errorf("the JSON report carries raw markup:\n%s", out)
	}
	text := mustRun(t, string(doc), "screen", "--db", db, "--dry-run", "-")
	if strings.ContainsAny(text, "\x1b\x07") {
		t.Errorf("the text report carries control characters")
	}
	t.Logf("%d free-text fields carried markup", filled)
}

func mustReadTestdata(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// lockedBuffer is an io.Writer a test can read while the command still writes to it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestServe runs `vigil serve` on a free port: it prints a bootstrap token once, answers /healthz without a
// token and the API with it, refuses the API without it, and shuts down cleanly when told to stop.
func TestServe(t *testing.T) {
	db := demoDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	m := NewMain(strings.NewReader(""), &stdout, &stderr)
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}) }()
	var base, token string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		out := stdout.String()
		if i := strings.Index(out, "listening on "); i >= 0 {
			base = strings.TrimSuffix(strings.Fields(out[i+len("listening on "):])[0], "/api/v1")
			for _, f := range strings.Fields(out) {
				if strings.HasPrefix(f, "vgl_") {
					token = f
				}
			}
			break
		}
	}
	if base == "" || token == "" {
		t.Fatalf("no address or bootstrap token printed:\n%s\n%s", stdout.String(), stderr.String())
	}
	get := func(path, tok string) int {
		req, _ := http.NewRequest("GET", base+path, nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get("/healthz", ""); code != http.StatusOK {
		t.Errorf("/healthz: %d", code)
	}
	if code := get("/api/v1/cases", ""); code != http.StatusUnauthorized {
		t.Errorf("/api/v1/cases without a token: %d", code)
	}
	if code := get("/api/v1/subjects/demo-101/report", token); code != http.StatusOK {
		t.Errorf("report with the bootstrap token: %d", code)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d after a clean stop: %s", code, stderr.String())
		}
	case <-time.After(35 * time.Second):
		t.Fatal("serve did not stop")
	}
	m.Close()
	// A second start prints no new token: one exists.
	ctx2, cancel2 := context.WithCancel(context.Background())
	var out2 lockedBuffer
	m2 := NewMain(strings.NewReader(""), &out2, io.Discard)
	done2 := make(chan int, 1)
	go func() { done2 <- m2.Run(ctx2, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}) }()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !strings.Contains(out2.String(), "listening"); {
		time.Sleep(20 * time.Millisecond)
	}
	cancel2()
	<-done2
	m2.Close()
	if strings.Contains(out2.String(), "vgl_") {
		t.Errorf("a second start printed another token:\n%s", out2.String())
	}
}
