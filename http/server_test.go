package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/demo"
	"github.com/vigil-sec/vigil/engine"
	vigilhttp "github.com/vigil-sec/vigil/http"
	"github.com/vigil-sec/vigil/source"
	"github.com/vigil-sec/vigil/sqlite"
)

// testNow is the fixed clock of the tests: the lists are imported as of 2026-09-01, a month before.
var testNow = time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)

// Server is a real server on a free port, with a real engine over a real SQLite store holding the demo's
// fictional lists (demo-ofac-sdn, demo-un) and a token for the user "alice".
type Server struct {
	*vigilhttp.Server
	Store  *sqlite.DB
	Engine *engine.Engine
	Token  string // alice's

	storeClosed bool
}

// CloseStore closes the store under the running server, as a failed disk or database would.
func (s *Server) CloseStore(tb testing.TB) {
	tb.Helper()
	if err := s.Store.Close(); err != nil {
		tb.Fatal(err)
	}
	s.storeClosed = true
}

// MustOpenServer opens a server; with lists false, nothing is imported.
func MustOpenServer(tb testing.TB, lists bool) *Server {
	tb.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "t.db"))
	if err != nil {
		tb.Fatal(err)
	}
	eng := engine.New(store, nil)
	eng.Now = func() time.Time { return testNow }
	if lists {
		files, err := demo.Lists()
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := eng.ImportLists(ctx, files, engine.ImportOptions{
			AsOf: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), ListPrefix: demo.ListPrefix, Actor: "setup",
		}); err != nil {
			tb.Fatal(err)
		}
	}
	secret, hash := vigil.NewTokenSecret()
	if _, err := store.CreateToken(ctx, "alice", vigil.TokenPrefix(secret), hash); err != nil {
		tb.Fatal(err)
	}

	srv := vigilhttp.NewServer()
	srv.Addr = "127.0.0.1:0"
	srv.Engine = eng
	srv.Store = store
	srv.Now = func() time.Time { return testNow }
	srv.ListMaxAge = 45 * 24 * time.Hour
	if err := srv.Open(); err != nil {
		tb.Fatal(err)
	}
	s := &Server{Server: srv, Store: store, Engine: eng, Token: secret}
	tb.Cleanup(func() {
		if err := srv.Close(); err != nil {
			tb.Error(err)
		}
		if !s.storeClosed {
			if err := store.Close(); err != nil {
				tb.Error(err)
			}
		}
	})
	return s
}

func readFile(tb testing.TB, name string) source.File {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return source.File{Name: name, Data: data}
}

// Request describes one API call of a test.
type Request struct {
	Method      string
	Path        string
	Body        string
	ContentType string
	Token       string // "" sends no Authorization header
	Header      http.Header
}

// Response is what came back.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends req to the running server over the network, and checks the headers every response carries.
func (s *Server) Do(tb testing.TB, req Request) *Response {
	tb.Helper()
	r, err := http.NewRequest(req.Method, s.URL()+req.Path, strings.NewReader(req.Body))
	if err != nil {
		tb.Fatal(err)
	}
	if req.ContentType != "" {
		r.Header.Set("Content-Type", req.ContentType)
	}
	if req.Token != "" {
		r.Header.Set("Authorization", "Bearer "+req.Token)
	}
	for k, vs := range req.Header {
		r.Header[k] = vs
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	checkHeaders(tb, req.Method+" "+req.Path, resp.StatusCode, resp.Header)
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
}

// Serve sends req through Handler() without a network, for bodies too large to send comfortably.
func (s *Server) Serve(tb testing.TB, r *http.Request) *Response {
	tb.Helper()
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, r)
	checkHeaders(tb, r.Method+" "+r.URL.Path, rec.Code, rec.Header())
	return &Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

func checkHeaders(tb testing.TB, what string, status int, h http.Header) {
	tb.Helper()
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		tb.Errorf("%s: X-Content-Type-Options = %q", what, got)
	}
	if got := h.Get("Cache-Control"); got != "no-store" {
		tb.Errorf("%s: Cache-Control = %q", what, got)
	}
	if status != http.StatusNoContent && !strings.HasSuffix(what, " /metrics") {
		if got := h.Get("Content-Type"); got != "application/json; charset=utf-8" {
			tb.Errorf("%s: Content-Type = %q", what, got)
		}
	}
}

// Decode decodes the body into v, failing on anything but the expected status.
func (r *Response) Decode(tb testing.TB, status int, v any) {
	tb.Helper()
	if r.Status != status {
		tb.Fatalf("status %d, want %d; body: %s", r.Status, status, r.Body)
	}
	if v == nil {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		tb.Fatalf("decode %s: %v", r.Body, err)
	}
}

// ErrorBody is the API's error shape, with the reports a failed NDJSON screening keeps.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Line    int    `json:"line"`
	} `json:"error"`
	Reports []*vigil.Report `json:"reports"`
}

// WantError checks an error response: its status, its code, and that its message holds every one of parts.
func (r *Response) WantError(tb testing.TB, status int, code string, parts ...string) *ErrorBody {
	tb.Helper()
	var e ErrorBody
	r.Decode(tb, status, &e)
	if e.Error.Code != code {
		tb.Errorf("error code %q, want %q (message %q)", e.Error.Code, code, e.Error.Message)
	}
	for _, p := range parts {
		if !strings.Contains(e.Error.Message, p) {
			tb.Errorf("error message %q does not contain %q", e.Error.Message, p)
		}
	}
	return &e
}

// Subject documents of the tests.
const (
	// hitDoc matches the demo's fictional entry RI Kyong-Sik (demo-ofac-sdn 990001, demo-un 9900101) by name
	// and birth date.
	hitDoc = `{"id":"ats-1","kind":"candidate","name":"Kyong Sik Ri","birth_date":"1988-03-14","emails":["k.ri@example.com"]}`
	// clearDoc matches nothing.
	clearDoc = `{"id":"ats-2","kind":"employee","name":"Mateusz Nowak","birth_date":"1994-03-07","nationalities":["PL"]}`
)

// MustScreen stores and screens one document and returns its report.
func (s *Server) MustScreen(tb testing.TB, doc string) *vigil.Report {
	tb.Helper()
	var report vigil.Report
	resp := s.Do(tb, Request{Method: "POST", Path: "/api/v1/subjects", Body: doc, ContentType: "application/json", Token: s.Token})
	if resp.Status != http.StatusCreated && resp.Status != http.StatusOK {
		tb.Fatalf("POST /api/v1/subjects: status %d: %s", resp.Status, resp.Body)
	}
	resp.Decode(tb, resp.Status, &report)
	return &report
}

// watchlistFinding returns the report's open watch-list finding on entry, or nil.
func watchlistFinding(r *vigil.Report, entryID string) *vigil.Finding {
	for _, f := range r.Findings {
		if f.EntryID == entryID {
			return f
		}
	}
	return nil
}
