package http_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vigil-sec/vigil"
)

func TestMetrics(t *testing.T) {
	s := MustOpenServer(t, true)
	s.MustScreen(t, hitDoc)
	s.MustScreen(t, hitDoc) // the same finding again: not opened twice
	s.MustScreen(t, clearDoc)
	s.Do(t, Request{Method: "POST", Path: "/api/v1/screen?dry_run=true", Body: hitDoc, ContentType: "application/json", Token: s.Token}).Decode(t, http.StatusOK, nil)
	s.Do(t, Request{Method: "GET", Path: "/api/v1/subjects/nobody", Token: s.Token}).WantError(t, http.StatusNotFound, vigil.ENOTFOUND)
	s.Do(t, Request{Method: "GET", Path: "/api/v1/subjects"}).WantError(t, http.StatusUnauthorized, vigil.EUNAUTHORIZED)
	s.Do(t, Request{Method: "GET", Path: "/no/such/route"}).WantError(t, http.StatusNotFound, vigil.ENOTFOUND)

	resp := s.Do(t, Request{Method: "GET", Path: "/metrics"})
	if resp.Status != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("status %d, Content-Type %q", resp.Status, resp.Header.Get("Content-Type"))
	}
	body := string(resp.Body)
	for _, want := range []string{
		`vigil_http_requests_total{code="201",route="POST /api/v1/subjects"} 2`,
		`vigil_http_requests_total{code="200",route="POST /api/v1/subjects"} 1`,
		`vigil_http_requests_total{code="200",route="POST /api/v1/screen"} 1`,
		`vigil_http_requests_total{code="404",route="GET /api/v1/subjects/{id}"} 1`,
		`vigil_http_requests_total{code="401",route="GET /api/v1/subjects"} 1`,
		`vigil_http_requests_total{code="404",route="unmatched"} 1`,
		`vigil_http_request_duration_seconds_count{code="201",route="POST /api/v1/subjects"} 2`,
		`vigil_screenings_total{mode="stored"} 3`,
		`vigil_screenings_total{mode="dry_run"} 1`,
		`vigil_findings_opened_total{check="watchlist.name"} 2`, // ats-1 on both demo lists, once
		`vigil_list_entries{list="demo-ofac-sdn"} 12`,
		`vigil_list_entries{list="demo-un"} 6`,
		`vigil_list_age_seconds{list="demo-ofac-sdn"} 2.6352e+06`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want+"\n") && !strings.Contains(body, want+" ") && !(strings.HasPrefix(want, "go_") && strings.Contains(body, want)) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	// Request data never becomes a label.
	if strings.Contains(body, "nobody") || strings.Contains(body, "/no/such/route") {
		t.Errorf("a request path leaked into the labels")
	}
}

// TestClose checks that Close lets a request in flight finish and then refuses new ones.
func TestClose(t *testing.T) {
	s := MustOpenServer(t, true)
	url := s.URL()

	// A request whose body arrives slowly is in flight when Close starts.
	pr, pw := io.Pipe()
	req, err := http.NewRequest("POST", url+"/api/v1/screen?dry_run=true", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	req.Header.Set("Authorization", "Bearer "+s.Token)
	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- result{resp.StatusCode, string(b), err}
	}()
	io.WriteString(pw, clearDoc+"\n")
	time.Sleep(200 * time.Millisecond) // the server is reading the body

	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while a request was in flight", err)
	default:
	}
	io.WriteString(pw, hitDoc+"\n")
	pw.Close()

	r := <-done
	if r.err != nil || r.status != http.StatusOK || !strings.Contains(r.body, `"ats-1"`) || !strings.Contains(r.body, `"ats-2"`) {
		t.Fatalf("request in flight: status %d, error %v, body %s", r.status, r.err, r.body)
	}
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Fatal("the server still answers after Close")
	}
}
