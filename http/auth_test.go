package http_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vigil-sec/vigil"
)

// apiRoutes is every route under /api/v1, with a path that reaches it.
var apiRoutes = []struct{ method, path string }{
	{"POST", "/api/v1/subjects"},
	{"POST", "/api/v1/screen"},
	{"GET", "/api/v1/subjects"},
	{"GET", "/api/v1/subjects/ats-1"},
	{"GET", "/api/v1/subjects/ats-1/report"},
	{"DELETE", "/api/v1/subjects/ats-1"},
	{"GET", "/api/v1/findings"},
	{"GET", "/api/v1/findings/1"},
	{"POST", "/api/v1/findings/1/decision"},
	{"GET", "/api/v1/cases"},
	{"GET", "/api/v1/cases/1"},
	{"PATCH", "/api/v1/cases/1"},
	{"GET", "/api/v1/lists"},
	{"POST", "/api/v1/lists/import"},
	{"POST", "/api/v1/rescreen"},
	{"GET", "/api/v1/search?name=Pak"},
	{"GET", "/api/v1/audit"},
}

func TestAuthentication(t *testing.T) {
	s := MustOpenServer(t, true)
	s.MustScreen(t, hitDoc)
	ctx := context.Background()

	revoked, hash := vigil.NewTokenSecret()
	if _, err := s.Store.CreateToken(ctx, "bob", vigil.TokenPrefix(revoked), hash); err != nil {
		t.Fatal(err)
	}
	// Bob's token works until it is revoked.
	s.Do(t, Request{Method: "GET", Path: "/api/v1/subjects", Token: revoked}).Decode(t, http.StatusOK, nil)
	if _, err := s.Store.RevokeToken(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	unknown, _ := vigil.NewTokenSecret()

	cases := []struct {
		name          string
		header        string
		wantChallenge string
		wantMessage   string
	}{
		{"NoHeader", "", `Bearer realm="vigil"`, "needs a token"},
		{"Basic", "Basic YWxpY2U6c2VjcmV0", `Bearer realm="vigil"`, "not of the form Bearer"},
		{"EmptyBearer", "Bearer ", `Bearer realm="vigil"`, "not of the form Bearer"},
		{"Unknown", "Bearer " + unknown, `Bearer realm="vigil", error="invalid_token"`, "unknown or revoked"},
		{"Revoked", "Bearer " + revoked, `Bearer realm="vigil", error="invalid_token"`, "unknown or revoked"},
		{"Oversized", "Bearer " + strings.Repeat("x", 4096), `Bearer realm="vigil"`, "not of the form Bearer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, route := range apiRoutes {
				req := Request{Method: route.method, Path: route.path, Body: "{}", ContentType: "application/json"}
				if tc.header != "" {
					req.Header = http.Header{"Authorization": {tc.header}}
				}
				resp := s.Do(t, req)
				resp.WantError(t, http.StatusUnauthorized, vigil.EUNAUTHORIZED, tc.wantMessage)
				if got := resp.Header.Get("WWW-Authenticate"); got != tc.wantChallenge {
					t.Errorf("%s %s: WWW-Authenticate %q, want %q", route.method, route.path, got, tc.wantChallenge)
				}
			}
		})
	}
	t.Run("NothingChanged", func(t *testing.T) {
		if _, err := s.Store.FindSubjectByID(ctx, "ats-1"); err != nil {
			t.Fatalf("an unauthenticated DELETE erased the subject: %v", err)
		}
	})
	t.Run("SchemeIsCaseInsensitive", func(t *testing.T) {
		resp := s.Do(t, Request{Method: "GET", Path: "/api/v1/subjects", Header: http.Header{"Authorization": {"bearer " + s.Token}}})
		resp.Decode(t, http.StatusOK, nil)
	})
	t.Run("PublicRoutes", func(t *testing.T) {
		s.Do(t, Request{Method: "GET", Path: "/healthz"}).Decode(t, http.StatusOK, nil)
		s.Do(t, Request{Method: "GET", Path: "/metrics"}).Decode(t, http.StatusOK, nil)
	})
}

func TestCrossOriginProtection(t *testing.T) {
	s := MustOpenServer(t, true)
	s.MustScreen(t, hitDoc)
	crossSite := http.Header{"Sec-Fetch-Site": {"cross-site"}}
	t.Run("StateChangingRefused", func(t *testing.T) {
		for _, route := range apiRoutes {
			if route.method == "GET" {
				continue
			}
			resp := s.Do(t, Request{Method: route.method, Path: route.path, Body: "{}", ContentType: "application/json", Token: s.Token, Header: crossSite})
			resp.WantError(t, http.StatusForbidden, "forbidden", "cross-origin")
		}
		if _, err := s.Store.FindSubjectByID(context.Background(), "ats-1"); err != nil {
			t.Fatalf("a cross-site DELETE erased the subject: %v", err)
		}
	})
	t.Run("ReadsAllowed", func(t *testing.T) {
		s.Do(t, Request{Method: "GET", Path: "/api/v1/subjects", Token: s.Token, Header: crossSite}).Decode(t, http.StatusOK, nil)
	})
	t.Run("SameOriginAllowed", func(t *testing.T) {
		resp := s.Do(t, Request{Method: "POST", Path: "/api/v1/screen?dry_run=true", Body: clearDoc, ContentType: "application/json",
			Token: s.Token, Header: http.Header{"Sec-Fetch-Site": {"same-origin"}}})
		resp.Decode(t, http.StatusOK, nil)
	})
}

func TestUnmatchedRoutes(t *testing.T) {
	s := MustOpenServer(t, false)
	cases := []struct {
		name, method, path string
		status             int
		code, allow        string
	}{
		{"UnknownAPIRoute", "GET", "/api/v1/nope", http.StatusNotFound, vigil.ENOTFOUND, ""},
		{"Root", "GET", "/", http.StatusNotFound, vigil.ENOTFOUND, ""},
		{"OldVersion", "GET", "/api/v0/subjects", http.StatusNotFound, vigil.ENOTFOUND, ""},
		{"PutSubjects", "PUT", "/api/v1/subjects", http.StatusMethodNotAllowed, "method_not_allowed", "GET, HEAD, POST"},
		{"PostSubject", "POST", "/api/v1/subjects/ats-1", http.StatusMethodNotAllowed, "method_not_allowed", "GET, HEAD, DELETE"},
		{"GetDecision", "GET", "/api/v1/findings/1/decision", http.StatusMethodNotAllowed, "method_not_allowed", "POST"},
		{"DeleteHealth", "DELETE", "/healthz", http.StatusMethodNotAllowed, "method_not_allowed", "GET, HEAD"},
		{"PostMetrics", "POST", "/metrics", http.StatusMethodNotAllowed, "method_not_allowed", "GET, HEAD"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := s.Do(t, Request{Method: tc.method, Path: tc.path, Token: s.Token})
			resp.WantError(t, tc.status, tc.code)
			if got := resp.Header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow %q, want %q", got, tc.allow)
			}
		})
	}
}

func TestHealth(t *testing.T) {
	s := MustOpenServer(t, false)
	var body map[string]string
	s.Do(t, Request{Method: "GET", Path: "/healthz"}).Decode(t, http.StatusOK, &body)
	if body["status"] != "ok" {
		t.Errorf("body %v", body)
	}
	// A store that no longer answers makes the server unhealthy.
	s.CloseStore(t)
	s.Do(t, Request{Method: "GET", Path: "/healthz"}).WantError(t, http.StatusServiceUnavailable, "unavailable", "store")

	// Any other route fails with a bland 500 naming the request; the cause goes to the log only.
	var logs bytes.Buffer
	s.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	r := httptest.NewRequest("GET", "/api/v1/subjects", nil)
	r.Header.Set("Authorization", "Bearer "+s.Token)
	resp := s.Serve(t, r)
	e := resp.WantError(t, http.StatusInternalServerError, vigil.EINTERNAL, "Internal error (request "+resp.Header.Get("X-Request-Id")+")")
	if strings.Contains(e.Error.Message, "closed") || strings.Contains(e.Error.Message, "sql") {
		t.Errorf("internal detail leaked: %q", e.Error.Message)
	}
	if !strings.Contains(logs.String(), "request failed") || !strings.Contains(logs.String(), "closed") ||
		!strings.Contains(logs.String(), resp.Header.Get("X-Request-Id")) {
		t.Errorf("the log lacks the cause: %s", logs.String())
	}
}
