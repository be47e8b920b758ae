package http_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/vigil-sec/vigil"
)

func TestCreateSubject(t *testing.T) {
	s := MustOpenServer(t, true)
	post := func(doc string) *Response {
		return s.Do(t, Request{Method: "POST", Path: "/api/v1/subjects", Body: doc, ContentType: "application/json", Token: s.Token})
	}

	t.Run("New", func(t *testing.T) {
		resp := post(hitDoc)
		var report vigil.Report
		resp.Decode(t, http.StatusCreated, &report)
		if got := resp.Header.Get("Location"); got != "/api/v1/subjects/ats-1" {
			t.Errorf("Location %q", got)
		}
		if !report.Stored || report.Subject.ID != "ats-1" || report.Case == nil {
			t.Errorf("report %+v", report)
		}
		f := watchlistFinding(&report, "990001")
		if f == nil || f.Check != "watchlist.name" || f.Status != vigil.FindingOpen {
			t.Fatalf("no open watch-list finding on entry 990001: %s", resp.Body)
		}
		if !report.AsOf.Equal(testNow) {
			t.Errorf("as_of %v, want %v", report.AsOf, testNow)
		}
	})
	t.Run("KnownIDUpdates", func(t *testing.T) {
		var report vigil.Report
		post(strings.Replace(hitDoc, `"kind":"candidate"`, `"kind":"employee"`, 1)).Decode(t, http.StatusOK, &report)
		if report.Subject.Kind != vigil.KindEmployee {
			t.Errorf("kind %q, want employee", report.Subject.Kind)
		}
	})
	t.Run("NoIDIsAssigned", func(t *testing.T) {
		var report vigil.Report
		resp := post(`{"name":"Anna Kowalska"}`)
		resp.Decode(t, http.StatusCreated, &report)
		if report.Subject.ID == "" || resp.Header.Get("Location") != "/api/v1/subjects/"+report.Subject.ID {
			t.Errorf("id %q, Location %q", report.Subject.ID, resp.Header.Get("Location"))
		}
	})
	t.Run("HTMLIsEscaped", func(t *testing.T) {
		resp := post(`{"id":"x-1","name":"<script>alert(1)</script> Smith"}`)
		resp.Decode(t, http.StatusCreated, nil)
		if bytes.Contains(resp.Body, []byte("<script>")) {
			t.Errorf("body holds raw markup: %s", resp.Body)
		}
	})

	errs := []struct {
		name, body, contentType, path string
		status                        int
		code                          string
		parts                         []string
	}{
		{"UnknownField", `{"name":"A B","nmae":"x"}`, "application/json", "", 400, vigil.EINVALID, []string{`"nmae"`}},
		{"BadFieldValue", `{"name":"A B","birth_date":"14/03/1985"}`, "application/json", "", 400, vigil.EINVALID, []string{"birth_date"}},
		{"BadFields", `{"name":"","phones":["abc"],"kind":"boss"}`, "application/json", "", 400, vigil.EINVALID, []string{"name", "kind", "phones[0]"}},
		{"BadID", `{"id":"a b","name":"A B"}`, "application/json", "", 400, vigil.EINVALID, []string{"id"}},
		{"Syntax", `{"name":"A B",}`, "application/json", "", 400, vigil.EINVALID, []string{"invalid JSON"}},
		{"Empty", ``, "application/json", "", 400, vigil.EINVALID, []string{"empty"}},
		{"TwoDocuments", `{"name":"A B"} {"name":"C D"}`, "application/json", "", 400, vigil.EINVALID, []string{"more than one"}},
		{"NoContentType", `{"name":"A B"}`, "", "", 415, "unsupported_media_type", []string{"missing", "application/json"}},
		{"FormPost", `name=A`, "application/x-www-form-urlencoded", "", 415, "unsupported_media_type", []string{"application/json"}},
		{"Latin1", `{"name":"A B"}`, "application/json; charset=latin1", "", 415, "unsupported_media_type", []string{"UTF-8"}},
		{"UnknownParameter", clearDoc, "application/json", "?dry_run=true", 400, vigil.EINVALID, []string{`"dry_run"`, "takes none"}},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			resp := s.Do(t, Request{Method: "POST", Path: "/api/v1/subjects" + tc.path, Body: tc.body, ContentType: tc.contentType, Token: s.Token})
			resp.WantError(t, tc.status, tc.code, tc.parts...)
		})
	}
	t.Run("NDJSON", func(t *testing.T) {
		var reports []*vigil.Report
		s.Do(t, Request{Method: "POST", Path: "/api/v1/subjects", Body: hitDoc + "\n" + `{"id":"x-2","name":"Ewa Lis"}` + "\n",
			ContentType: "application/x-ndjson", Token: s.Token}).Decode(t, http.StatusOK, &reports)
		if len(reports) != 2 || !reports[0].Stored || reports[1].Subject.ID != "x-2" {
			t.Errorf("reports %+v", reports)
		}
	})
	t.Run("TooLarge", func(t *testing.T) {
		body := `{"name":"A B","application":{"resume_text":"` + strings.Repeat("a", 3<<20) + `"}}`
		resp := s.Do(t, Request{Method: "POST", Path: "/api/v1/subjects", Body: body, ContentType: "application/json", Token: s.Token})
		resp.WantError(t, http.StatusRequestEntityTooLarge, "too_large", "2 MiB")
	})
	t.Run("NothingStoredByErrors", func(t *testing.T) {
		_, total, err := s.Store.FindSubjects(context.Background(), vigil.SubjectFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 4 { // ats-1, the assigned ID, x-1, x-2
			t.Errorf("%d subjects stored, want 4", total)
		}
	})
}

func TestScreen(t *testing.T) {
	s := MustOpenServer(t, true)
	ctx := context.Background()
	screen := func(query, contentType, body string) *Response {
		return s.Do(t, Request{Method: "POST", Path: "/api/v1/screen" + query, Body: body, ContentType: contentType, Token: s.Token})
	}
	countSubjects := func(t *testing.T) int {
		t.Helper()
		_, total, err := s.Store.FindSubjects(ctx, vigil.SubjectFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return total
	}

	t.Run("DryRunStoresNothing", func(t *testing.T) {
		var report vigil.Report
		screen("?dry_run=true", "application/json", hitDoc).Decode(t, http.StatusOK, &report)
		if report.Stored || watchlistFinding(&report, "990001") == nil || report.Case != nil {
			t.Errorf("report %+v", report)
		}
		var reports []*vigil.Report
		screen("?dry_run=1", "application/x-ndjson", hitDoc+"\n"+clearDoc+"\n").Decode(t, http.StatusOK, &reports)
		if len(reports) != 2 || reports[0].Stored || reports[1].Stored {
			t.Errorf("reports %+v", reports)
		}
		if n := countSubjects(t); n != 0 {
			t.Errorf("a dry run stored %d subjects", n)
		}
		events, _, err := s.Store.FindAuditEvents(ctx, vigil.AuditFilter{SubjectID: ptr("ats-1")})
		if err != nil || len(events) != 0 {
			t.Errorf("a dry run left audit events %v (%v)", events, err)
		}
	})
	t.Run("AsOf", func(t *testing.T) {
		var report vigil.Report
		screen("?dry_run=true&as_of=2026-01-02T03:04:05Z", "application/json", clearDoc).Decode(t, http.StatusOK, &report)
		if want := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC); !report.AsOf.Equal(want) {
			t.Errorf("as_of %v, want %v", report.AsOf, want)
		}
	})
	t.Run("Single", func(t *testing.T) {
		var report vigil.Report
		screen("", "application/json; charset=utf-8", clearDoc).Decode(t, http.StatusOK, &report)
		if !report.Stored || report.Subject.ID != "ats-2" || len(report.Findings) != 0 || report.Band != vigil.BandLow {
			t.Errorf("report %+v", report)
		}
	})
	t.Run("NDJSONIsAlwaysAnArray", func(t *testing.T) {
		var reports []*vigil.Report
		screen("", "application/x-ndjson", clearDoc).Decode(t, http.StatusOK, &reports)
		if len(reports) != 1 || reports[0].Subject.ID != "ats-2" {
			t.Errorf("reports %+v", reports)
		}
	})
	t.Run("NDJSON", func(t *testing.T) {
		body := hitDoc + "\n\n" + `{"id":"ats-3","name":"Kum Hui O","birth_date":"1991"}` + "\r\n" + clearDoc
		var reports []*vigil.Report
		screen("", "application/x-ndjson", body).Decode(t, http.StatusOK, &reports)
		var ids []string
		for _, r := range reports {
			ids = append(ids, r.Subject.ID)
		}
		if diff := cmp.Diff([]string{"ats-1", "ats-3", "ats-2"}, ids); diff != "" {
			t.Errorf("report subjects (-want +got):\n%s", diff)
		}
		if watchlistFinding(reports[1], "990009") == nil {
			t.Errorf("ats-3 does not match entry 990009: %+v", reports[1].Findings)
		}
	})

	bad := []struct {
		name, body string
		line       int
		parts      []string
	}{
		{"UnknownField", `{"id":"n-1","name":"Anna Nowak"}` + "\n" + `{"id":"n-2","name":"Jan Kos"}` + "\n" + `{"id":"n-3","name":"Ewa Lis","emial":"x"}` + "\n" + `{"id":"n-4","name":"Never Screened"}`,
			3, []string{"line 3", `"emial"`}},
		{"InvalidValue", `{"id":"n-5","name":"Anna Nowak"}` + "\n" + `{"id":"n-6","name":"Jan Kos","birth_date":"1990-13-45"}`,
			2, []string{"line 2", "birth_date"}},
		{"BrokenJSON", `{"id":"n-7","name":"Anna Nowak"}` + "\n" + `{"id":"n-8","name":` + "\n",
			2, []string{"line 2"}},
	}
	for _, tc := range bad {
		t.Run("BadLine/"+tc.name, func(t *testing.T) {
			before := countSubjects(t)
			e := screen("", "application/x-ndjson", tc.body).WantError(t, http.StatusBadRequest, vigil.EINVALID, tc.parts...)
			if e.Error.Line != tc.line {
				t.Errorf("error line %d, want %d", e.Error.Line, tc.line)
			}
			if len(e.Reports) != tc.line-1 {
				t.Fatalf("%d reports kept, want the %d before the bad line", len(e.Reports), tc.line-1)
			}
			for _, r := range e.Reports {
				if !r.Stored {
					t.Errorf("report of %s is not stored", r.Subject.ID)
				}
				if _, err := s.Store.FindSubjectByID(ctx, r.Subject.ID); err != nil {
					t.Errorf("subject %s before the bad line was not stored: %v", r.Subject.ID, err)
				}
			}
			if after := countSubjects(t); after != before+tc.line-1 {
				t.Errorf("%d subjects stored, want %d", after-before, tc.line-1)
			}
		})
	}

	errs := []struct {
		name, query, contentType, body string
		status                         int
		code                           string
		parts                          []string
	}{
		{"TypoInParameter", "?dryrun=true", "application/json", clearDoc, 400, vigil.EINVALID, []string{`"dryrun"`, "dry_run"}},
		{"BadDryRun", "?dry_run=yes", "application/json", clearDoc, 400, vigil.EINVALID, []string{"dry_run"}},
		{"BadAsOf", "?as_of=yesterday", "application/json", clearDoc, 400, vigil.EINVALID, []string{"as_of"}},
		{"RepeatedParameter", "?dry_run=true&dry_run=false", "application/json", clearDoc, 400, vigil.EINVALID, []string{"dry_run", "2 times"}},
		{"TextPlain", "", "text/plain", clearDoc, 415, "unsupported_media_type", []string{"application/x-ndjson"}},
		{"EmptyNDJSON", "", "application/x-ndjson", "\n\n", 400, vigil.EINVALID, []string{"empty input"}},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			screen(tc.query, tc.contentType, tc.body).WantError(t, tc.status, tc.code, tc.parts...)
		})
	}
}

func TestScreenTooLarge(t *testing.T) {
	s := MustOpenServer(t, true)
	t.Run("JSON", func(t *testing.T) {
		body := `{"name":"A B","application":{"resume_text":"` + strings.Repeat("a", 2<<20) + `"}}`
		r := httptest.NewRequest("POST", "/api/v1/screen?dry_run=true", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer "+s.Token)
		s.Serve(t, r).WantError(t, http.StatusRequestEntityTooLarge, "too_large", "2 MiB")
	})
	t.Run("NDJSON", func(t *testing.T) {
		// Two documents, then more than 64 MiB of blank lines: the reports of the two are kept.
		head := clearDoc + "\n" + `{"id":"ats-9","name":"Ewa Lis"}` + "\n"
		blank := strings.Repeat(" ", 4095) + "\n"
		body := io.MultiReader(strings.NewReader(head), &repeatReader{chunk: blank, n: (64<<20)/len(blank) + 1})
		r := httptest.NewRequest("POST", "/api/v1/screen", body)
		r.Header.Set("Content-Type", "application/x-ndjson")
		r.Header.Set("Authorization", "Bearer "+s.Token)
		e := s.Serve(t, r).WantError(t, http.StatusRequestEntityTooLarge, "too_large", "64 MiB")
		if len(e.Reports) != 2 {
			t.Errorf("%d reports kept, want 2", len(e.Reports))
		}
	})
}

// repeatReader yields chunk n times without holding more than one copy in memory.
type repeatReader struct {
	chunk string
	n     int
	off   int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.chunk[r.off:])
	r.off += n
	if r.off == len(r.chunk) {
		r.off = 0
		r.n--
	}
	return n, nil
}

func TestScreenWithoutLists(t *testing.T) {
	s := MustOpenServer(t, false)
	resp := s.Do(t, Request{Method: "POST", Path: "/api/v1/screen", Body: clearDoc, ContentType: "application/json", Token: s.Token})
	resp.WantError(t, http.StatusConflict, vigil.ENOLISTS, "no watch-list is imported")
	e := s.Do(t, Request{Method: "POST", Path: "/api/v1/screen", Body: clearDoc + "\n", ContentType: "application/x-ndjson", Token: s.Token}).
		WantError(t, http.StatusConflict, vigil.ENOLISTS)
	if e.Reports == nil || len(e.Reports) != 0 {
		t.Errorf("reports %v, want []", e.Reports)
	}
}

func TestListSubjects(t *testing.T) {
	s := MustOpenServer(t, true)
	s.MustScreen(t, hitDoc)
	s.MustScreen(t, clearDoc)
	s.MustScreen(t, `{"id":"ats-3","kind":"employee","name":"Ewa Nowakowska"}`)

	type summary struct {
		ID        string            `json:"id"`
		Kind      vigil.SubjectKind `json:"kind"`
		Name      string            `json:"name"`
		CreatedAt time.Time         `json:"created_at"`
		UpdatedAt time.Time         `json:"updated_at"`
	}
	type listing struct {
		Subjects []summary `json:"subjects"`
		Total    int       `json:"total"`
	}
	cases := []struct {
		name, query string
		ids         []string
		total       int
	}{
		{"All", "", []string{"ats-1", "ats-2", "ats-3"}, 3},
		{"Kind", "?kind=employee", []string{"ats-2", "ats-3"}, 2},
		{"Name", "?name=nowak", []string{"ats-2", "ats-3"}, 2},
		{"Page", "?offset=1&limit=1", []string{"ats-2"}, 3},
		{"PastTheEnd", "?offset=10", nil, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got listing
			s.Do(t, Request{Method: "GET", Path: "/api/v1/subjects" + tc.query, Token: s.Token}).Decode(t, http.StatusOK, &got)
			var ids []string
			for _, sub := range got.Subjects {
				ids = append(ids, sub.ID)
				if sub.CreatedAt.IsZero() || sub.UpdatedAt.IsZero() || sub.Name == "" || sub.Kind == "" {
					t.Errorf("summary %+v", sub)
				}
			}
			if diff := cmp.Diff(tc.ids, ids); diff != "" || got.Total != tc.total {
				t.Errorf("total %d (want %d); ids (-want +got):\n%s", got.Total, tc.total, diff)
			}
		})
	}
	errs := []struct{ name, query, want string }{
		{"LimitZero", "?limit=0", "limit"},
		{"LimitTooHigh", "?limit=501", "from 1 to 500"},
		{"LimitNotNumber", "?limit=ten", "limit"},
		{"NegativeOffset", "?offset=-1", "offset"},
		{"Kind", "?kind=boss", "kind"},
		{"ControlInName", "?name=a%00b", "name"},
		{"Unknown", "?sort=name", `"sort"`},
		{"BadEscape", "?name=%zz", "query string"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			s.Do(t, Request{Method: "GET", Path: "/api/v1/subjects" + tc.query, Token: s.Token}).WantError(t, 400, vigil.EINVALID, tc.want)
		})
	}
	t.Run("AllProblemsAtOnce", func(t *testing.T) {
		s.Do(t, Request{Method: "GET", Path: "/api/v1/subjects?limit=0&kind=boss&offset=x", Token: s.Token}).
			WantError(t, 400, vigil.EINVALID, "limit", "kind", "offset")
	})
}

func TestGetSubject(t *testing.T) {
	s := MustOpenServer(t, true)
	s.MustScreen(t, hitDoc)

	t.Run("OK", func(t *testing.T) {
		var got struct {
			Subject    *vigil.Subject `json:"subject"`
			CreatedAt  time.Time      `json:"created_at"`
			UpdatedAt  time.Time      `json:"updated_at"`
			ScreenedAt *time.Time     `json:"screened_at"`
		}
		s.Do(t, Request{Method: "GET", Path: "/api/v1/subjects/ats-1", Token: s.Token}).Decode(t, http.StatusOK, &got)
		want, err := vigil.ParseSubject([]byte(hitDoc))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got.Subject); diff != "" {
			t.Errorf("document (-want +got):\n%s", diff)
		}
		if got.CreatedAt.IsZero() || got.UpdatedAt.IsZero() || got.ScreenedAt == nil || !got.ScreenedAt.Equal(testNow) {
			t.Errorf("times %v %v %v", got.CreatedAt, got.UpdatedAt, got.ScreenedAt)
		}
	})
	t.Run("Report", func(t *testing.T) {
		var report vigil.Report
		s.Do(t, Request{Method: "GET", Path: "/api/v1/subjects/ats-1/report", Token: s.Token}).Decode(t, http.StatusOK, &report)
		if watchlistFinding(&report, "990001") == nil || !report.Stored || report.Case == nil {
			t.Errorf("report %+v", report)
		}
	})
	for _, path := range []string{"/api/v1/subjects/nobody", "/api/v1/subjects/nobody/report"} {
		t.Run("NotFound"+path, func(t *testing.T) {
			s.Do(t, Request{Method: "GET", Path: path, Token: s.Token}).WantError(t, http.StatusNotFound, vigil.ENOTFOUND)
		})
	}
	for _, path := range []string{"/api/v1/subjects/a%20b", "/api/v1/subjects/a%3Cb/report", "/api/v1/subjects/" + strings.Repeat("x", 129)} {
		t.Run("BadID"+path[:min(len(path), 30)], func(t *testing.T) {
			s.Do(t, Request{Method: "GET", Path: path, Token: s.Token}).WantError(t, http.StatusBadRequest, vigil.EINVALID, "id")
		})
	}
}

func TestDeleteSubject(t *testing.T) {
	s := MustOpenServer(t, true)
	ctx := context.Background()
	report := s.MustScreen(t, hitDoc)

	resp := s.Do(t, Request{Method: "DELETE", Path: "/api/v1/subjects/ats-1", Token: s.Token})
	if resp.Status != http.StatusNoContent || len(resp.Body) != 0 {
		t.Fatalf("status %d, body %q", resp.Status, resp.Body)
	}
	s.Do(t, Request{Method: "GET", Path: "/api/v1/subjects/ats-1", Token: s.Token}).WantError(t, http.StatusNotFound, vigil.ENOTFOUND)
	s.Do(t, Request{Method: "GET", Path: "/api/v1/cases/" + itoa(report.Case.ID), Token: s.Token}).WantError(t, http.StatusNotFound, vigil.ENOTFOUND)
	_, n, err := s.Store.FindFindings(ctx, vigil.FindingFilter{SubjectID: ptr("ats-1")})
	if err != nil || n != 0 {
		t.Errorf("%d findings left after erasure (%v)", n, err)
	}
	events, _, err := s.Store.FindAuditEvents(ctx, vigil.AuditFilter{Actor: ptr("alice"), Action: ptr("subject.delete")})
	if err != nil || len(events) != 1 || events[0].SubjectID != "ats-1" {
		t.Errorf("audit of the erasure: %+v (%v)", events, err)
	}
	s.Do(t, Request{Method: "DELETE", Path: "/api/v1/subjects/ats-1", Token: s.Token}).WantError(t, http.StatusNotFound, vigil.ENOTFOUND)
	s.Do(t, Request{Method: "DELETE", Path: "/api/v1/subjects/a%20b", Token: s.Token}).WantError(t, http.StatusBadRequest, vigil.EINVALID, "id")
}

func ptr[T any](v T) *T { return &v }
