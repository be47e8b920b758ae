package http_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/engine"
	"github.com/vigil-sec/vigil/match"
)

type listStatus struct {
	vigil.ListVersion
	AgeDays int                  `json:"age_days"`
	Stale   bool                 `json:"stale"`
	History []*vigil.ListVersion `json:"history"`
}

type listsResponse struct {
	Lists      []listStatus `json:"lists"`
	MaxAgeDays int          `json:"max_age_days"`
}

// formPart is one part of a multipart body: a file when filename is set, else a field.
type formPart struct{ name, filename, content string }

func multipartBody(tb testing.TB, parts ...formPart) (string, string) {
	tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		if p.filename != "" {
			h.Set("Content-Disposition", `form-data; name="`+p.name+`"; filename="`+p.filename+`"`)
			h.Set("Content-Type", "text/csv")
		} else {
			h.Set("Content-Disposition", `form-data; name="`+p.name+`"`)
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			tb.Fatal(err)
		}
		io.WriteString(w, p.content)
	}
	if err := mw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.String(), mw.FormDataContentType()
}

func testdata(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestLists(t *testing.T) {
	s := MustOpenServer(t, true)
	s.MustScreen(t, hitDoc)
	// A subject named like the entry that the second version of testdata's list adds: the re-screen after that
	// import must find it.
	s.MustScreen(t, `{"id":"ats-7","name":"Yong Su Han","birth_date":"1992-05-05"}`)
	getLists := func(t *testing.T) map[string]listStatus {
		t.Helper()
		var got listsResponse
		s.Do(t, Request{Method: "GET", Path: "/api/v1/lists", Token: s.Token}).Decode(t, http.StatusOK, &got)
		if got.MaxAgeDays != 45 {
			t.Errorf("max_age_days %d, want 45", got.MaxAgeDays)
		}
		byName := map[string]listStatus{}
		for i, l := range got.Lists {
			if i > 0 && got.Lists[i-1].List >= l.List {
				t.Errorf("lists not in name order: %s before %s", got.Lists[i-1].List, l.List)
			}
			byName[l.List] = l
		}
		return byName
	}
	importLists := func(parts ...formPart) *Response {
		body, ct := multipartBody(t, parts...)
		return s.Do(t, Request{Method: "POST", Path: "/api/v1/lists/import", Body: body, ContentType: ct, Token: s.Token})
	}

	t.Run("Freshness", func(t *testing.T) {
		got := getLists(t)
		if len(got) != 2 {
			t.Fatalf("lists %+v", got)
		}
		for name, entries := range map[string]int{"demo-ofac-sdn": 12, "demo-un": 6} {
			l := got[name]
			if !l.Active || l.Entries != entries || l.AgeDays != 30 || l.Stale || l.History == nil || len(l.History) != 0 || l.SHA256 == "" {
				t.Errorf("list %s: %+v", name, l)
			}
		}
		// Changing the maximum age of a running server: in-process requests, so that the change is
		// ordered before the read.
		defer func() { s.ListMaxAge = 45 * 24 * time.Hour }()
		inProcess := func(maxAge time.Duration) listsResponse {
			s.ListMaxAge = maxAge
			r := httptest.NewRequest("GET", "/api/v1/lists", nil)
			r.Header.Set("Authorization", "Bearer "+s.Token)
			var got listsResponse
			s.Serve(t, r).Decode(t, http.StatusOK, &got)
			return got
		}
		if got := inProcess(0); got.Lists[0].Stale || got.MaxAgeDays != 0 {
			t.Errorf("no maximum age, yet %+v", got)
		}
		if got := inProcess(29 * 24 * time.Hour); !got.Lists[0].Stale || !got.Lists[1].Stale {
			t.Errorf("30-day-old lists are not stale under a 29-day maximum: %+v", got.Lists)
		}
	})

	errs := []struct {
		name  string
		parts []formPart
		want  []string
	}{
		{"NoFile", []formPart{{"as_of", "", "2026-09-30"}}, []string{"at least one file"}},
		{"UnknownField", []formPart{{"file", "sdn.csv", "x"}, {"list", "", "ofac"}}, []string{`"list"`}},
		{"BadAsOf", []formPart{{"as_of", "", "30/09/2026"}, {"file", "sdn.csv", "x"}}, []string{"as_of", "YYYY-MM-DD"}},
		{"NoFileName", []formPart{{"file", "", "9001,x"}}, []string{"file", "no file name"}},
		{"DuplicateName", []formPart{{"file", "sdn.csv", "a"}, {"file", "sdn.csv", "b"}}, []string{"sdn.csv", "twice"}},
		{"EmptyFile", []formPart{{"file", "sdn.csv", "  \n"}}, []string{"sdn.csv", "empty"}},
		{"Malformed", []formPart{{"file", "list.csv", "this is not a list\n"}}, []string{"list.csv"}},
		{"OneBadFileOfTwo", []formPart{{"file", "sdn.csv", testdata(t, "sdn.csv")}, {"file", "alt.csv", "9001,19001,\"aka\"\n"}}, []string{"alt.csv"}},
	}
	for _, tc := range errs {
		t.Run("ImportError/"+tc.name, func(t *testing.T) {
			importLists(tc.parts...).WantError(t, http.StatusBadRequest, vigil.EINVALID, tc.want...)
		})
	}
	t.Run("ImportError/NotMultipart", func(t *testing.T) {
		s.Do(t, Request{Method: "POST", Path: "/api/v1/lists/import", Body: "9001,x", ContentType: "text/csv", Token: s.Token}).
			WantError(t, http.StatusUnsupportedMediaType, "unsupported_media_type", "multipart/form-data")
	})
	t.Run("ImportError/TooLarge", func(t *testing.T) {
		s.MaxImportBytes = 1 << 20
		defer func() { s.MaxImportBytes = 0 }()
		body, ct := multipartBody(t, formPart{"file", "sdn.csv", strings.Repeat("x", 2<<20)})
		r := httptest.NewRequest("POST", "/api/v1/lists/import", strings.NewReader(body))
		r.Header.Set("Content-Type", ct)
		r.Header.Set("Authorization", "Bearer "+s.Token)
		s.Serve(t, r).WantError(t, http.StatusRequestEntityTooLarge, "too_large", "1 MiB")
	})
	if got := getLists(t); len(got) != 2 {
		t.Fatalf("a failed import changed the lists: %+v", got)
	}

	ofacFiles := []formPart{{"file", "sdn.csv", testdata(t, "sdn.csv")}, {"file", "alt.csv", testdata(t, "alt.csv")}}
	t.Run("NewList", func(t *testing.T) {
		var sum engine.ImportSummary
		importLists(ofacFiles...).Decode(t, http.StatusOK, &sum)
		if len(sum.Lists) != 1 || !sum.Lists[0].Imported || sum.Lists[0].Version.List != "ofac-sdn" || sum.Lists[0].Version.Entries != 5 {
			t.Fatalf("summary %+v", sum)
		}
		if sum.Rescreen == nil || sum.Rescreen.Subjects != 2 || sum.Rescreen.NewFindings != 0 {
			t.Errorf("re-screen %+v, want 2 subjects and nothing new", sum.Rescreen)
		}
	})
	t.Run("SameVersionAgain", func(t *testing.T) {
		var sum engine.ImportSummary
		importLists(ofacFiles...).Decode(t, http.StatusOK, &sum)
		if len(sum.Lists) != 1 || sum.Lists[0].Imported || sum.Rescreen != nil {
			t.Errorf("summary %+v", sum)
		}
	})
	t.Run("OlderVersionRefused", func(t *testing.T) {
		importLists(formPart{"as_of", "", "2026-09-30"}, formPart{"file", "sdn.csv", testdata(t, "sdn-v2.csv")}).
			WantError(t, http.StatusBadRequest, vigil.EINVALID, "older than the active version", "force")
	})
	t.Run("NewVersion", func(t *testing.T) {
		var sum engine.ImportSummary
		importLists(formPart{"as_of", "", "2026-09-30"}, formPart{"force", "", "true"}, formPart{"file", "sdn.csv", testdata(t, "sdn-v2.csv")}).
			Decode(t, http.StatusOK, &sum)
		if len(sum.Lists) != 1 || !sum.Lists[0].Imported || sum.Lists[0].Version.Entries != 6 {
			t.Fatalf("summary %+v", sum)
		}
		if sum.Rescreen == nil || sum.Rescreen.Subjects != 2 || sum.Rescreen.NewFindings != 1 {
			t.Errorf("re-screen %+v, want 2 subjects and the new entry found", sum.Rescreen)
		}
		got := getLists(t)
		l := got["ofac-sdn"]
		if len(got) != 3 || l.Entries != 6 || l.AgeDays != 1 || len(l.History) != 1 || l.History[0].Active || l.History[0].Entries != 5 {
			t.Errorf("lists after import %+v", got)
		}
		events, _, err := s.Store.FindAuditEvents(t.Context(), vigil.AuditFilter{Action: ptr("list.import"), Actor: ptr("alice")})
		if err != nil || len(events) != 2 {
			t.Errorf("audit of alice's two imports: %+v (%v)", events, err)
		}
	})
}

func TestRescreen(t *testing.T) {
	s := MustOpenServer(t, true)
	s.MustScreen(t, hitDoc)
	s.MustScreen(t, clearDoc)
	rescreen := func(body, contentType string) *Response {
		return s.Do(t, Request{Method: "POST", Path: "/api/v1/rescreen", Body: body, ContentType: contentType, Token: s.Token})
	}
	t.Run("NoBody", func(t *testing.T) {
		var sum engine.RescreenSummary
		rescreen("", "").Decode(t, http.StatusOK, &sum)
		if sum.Subjects != 2 || sum.NewFindings != 0 || sum.CasesOpen != 1 {
			t.Errorf("summary %+v", sum)
		}
	})
	t.Run("AsOf", func(t *testing.T) {
		var sum engine.RescreenSummary
		rescreen(`{"as_of":"2026-12-01"}`, "application/json").Decode(t, http.StatusOK, &sum)
		var r vigil.Report
		s.Do(t, Request{Method: "GET", Path: "/api/v1/subjects/ats-2/report", Token: s.Token}).Decode(t, http.StatusOK, &r)
		if r.AsOf.Format("2006-01-02") != "2026-12-01" {
			t.Errorf("report as of %v after a re-screen as of 2026-12-01", r.AsOf)
		}
	})
	for _, tc := range []struct{ name, body, contentType, want string }{
		{"BadAsOf", `{"as_of":"soon"}`, "application/json", "as_of"},
		{"UnknownField", `{"asof":"2026-12-01"}`, "application/json", `"asof"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rescreen(tc.body, tc.contentType).WantError(t, http.StatusBadRequest, vigil.EINVALID, tc.want)
		})
	}
	t.Run("BodyNotJSON", func(t *testing.T) {
		rescreen(`as_of=2026-12-01`, "application/x-www-form-urlencoded").WantError(t, http.StatusUnsupportedMediaType, "unsupported_media_type")
	})
	t.Run("WithoutLists", func(t *testing.T) {
		empty := MustOpenServer(t, false)
		empty.Do(t, Request{Method: "POST", Path: "/api/v1/rescreen", Token: empty.Token}).WantError(t, http.StatusConflict, vigil.ENOLISTS)
	})
}

type searchResponse struct {
	Query struct {
		Name        string  `json:"name"`
		BirthDate   string  `json:"birth_date"`
		Nationality string  `json:"nationality"`
		Limit       int     `json:"limit"`
		MinScore    float64 `json:"min_score"`
	} `json:"query"`
	Matches []struct {
		List        string  `json:"list"`
		EntryID     string  `json:"entry_id"`
		Name        string  `json:"name"`
		Score       float64 `json:"score"`
		Explanation string  `json:"explanation"`
		Nationality *struct {
			Verdict string   `json:"verdict"`
			Listed  []string `json:"listed"`
		} `json:"nationality"`
	} `json:"matches"`
}

func TestSearch(t *testing.T) {
	s := MustOpenServer(t, true)
	search := func(t *testing.T, query string) searchResponse {
		t.Helper()
		var got searchResponse
		s.Do(t, Request{Method: "GET", Path: "/api/v1/search" + query, Token: s.Token}).Decode(t, http.StatusOK, &got)
		return got
	}
	entries := func(got searchResponse) []string {
		var ids []string
		for _, m := range got.Matches {
			ids = append(ids, m.List+":"+m.EntryID)
		}
		return ids
	}

	t.Run("Ranking", func(t *testing.T) {
		got := search(t, "?name=Kyong+Sik+Rhee&min_score=0.3")
		want := []string{"demo-ofac-sdn:990001", "demo-un:9900101", "demo-un:9900103"}
		if diff := cmp.Diff(want, entries(got)); diff != "" {
			t.Fatalf("ranking (-want +got):\n%s", diff)
		}
		for i := 1; i < len(got.Matches); i++ {
			if got.Matches[i].Score > got.Matches[i-1].Score {
				t.Errorf("match %d scores %v, above the one before (%v)", i, got.Matches[i].Score, got.Matches[i-1].Score)
			}
		}
		// RHEE and RI are one Korean surname: either spelling of the entry may be the best
		if m := got.Matches[0]; m.Score < 0.9 || !strings.Contains(m.Explanation, "rhee") || m.Nationality != nil {
			t.Errorf("best match %+v", m)
		}
		if got.Query.Name != "Kyong Sik Rhee" || got.Query.MinScore != 0.3 || got.Query.Limit != 10 {
			t.Errorf("query %+v", got.Query)
		}
	})
	t.Run("DefaultThreshold", func(t *testing.T) {
		got := search(t, "?name=Kyong+Sik+Rhee")
		if got.Query.MinScore != match.Threshold {
			t.Errorf("default min_score %v, want match.Threshold %v", got.Query.MinScore, match.Threshold)
		}
		if len(got.Matches) == 0 {
			t.Fatal("no match at the threshold")
		}
		for _, m := range got.Matches {
			if m.Score < match.Threshold {
				t.Errorf("match %+v below the threshold", m)
			}
		}
	})
	t.Run("Alias", func(t *testing.T) {
		got := search(t, "?name=Park+Sung-Chul")
		if len(got.Matches) == 0 || got.Matches[0].EntryID != "990002" || got.Matches[0].Name != "PARK, Sung-Chul" {
			t.Errorf("matches %+v", got.Matches)
		}
	})
	t.Run("Limit", func(t *testing.T) {
		if got := search(t, "?name=Pak+Song+Chol&min_score=0&limit=1"); len(got.Matches) != 1 {
			t.Errorf("%d matches under limit 1", len(got.Matches))
		}
	})
	t.Run("BirthDateCorroborates", func(t *testing.T) {
		with := search(t, "?name=Pak+Song+Chul&birth_date=1990&min_score=0")
		without := search(t, "?name=Pak+Song+Chul&min_score=0")
		if with.Matches[0].EntryID != "990002" || with.Matches[0].Score <= without.Matches[0].Score ||
			!strings.Contains(with.Matches[0].Explanation, "birth date") {
			t.Errorf("with birth date %+v; without %+v", with.Matches[0], without.Matches[0])
		}
	})
	t.Run("NationalityAnnotatesOnly", func(t *testing.T) {
		got := search(t, "?name=Kyong+Sik+Ri&nationality=PRK&min_score=0.3")
		plain := search(t, "?name=Kyong+Sik+Ri&min_score=0.3")
		if got.Query.Nationality != "KP" || len(got.Matches) != len(plain.Matches) {
			t.Fatalf("query %+v, %d matches (without nationality %d)", got.Query, len(got.Matches), len(plain.Matches))
		}
		for i, m := range got.Matches {
			if m.EntryID != plain.Matches[i].EntryID || m.Score != plain.Matches[i].Score {
				t.Errorf("nationality changed the ranking: %+v vs %+v", m, plain.Matches[i])
			}
			if m.Nationality == nil {
				t.Errorf("match %s has no nationality note", m.EntryID)
			} else if m.EntryID == "990001" && m.Nationality.Verdict != "match" {
				t.Errorf("990001 lists KP: %+v", m.Nationality)
			}
		}
		pl := search(t, "?name=Kyong+Sik+Ri&nationality=pl")
		for _, m := range pl.Matches {
			if n := m.Nationality; m.EntryID == "990001" && (n == nil || n.Verdict != "differs" || len(n.Listed) != 1 || n.Listed[0] != "KP") {
				t.Errorf("nationality %+v, want differs from KP", n)
			}
		}
		o := search(t, "?name=O+Kum+Hui&nationality=PL")
		if n := o.Matches[0].Nationality; o.Matches[0].EntryID != "990009" || n == nil || n.Verdict != "unknown" || n.Listed == nil {
			t.Errorf("entry without nationalities: %+v", o.Matches[0])
		}
	})
	t.Run("NoMatch", func(t *testing.T) {
		if got := search(t, "?name=Mateusz+Nowak"); got.Matches == nil || len(got.Matches) != 0 {
			t.Errorf("matches %+v, want []", got.Matches)
		}
	})
	errs := []struct{ name, query, want string }{
		{"NoName", "", "name: is required"},
		{"BlankName", "?name=+++", "name: is blank"},
		{"LongName", "?name=" + strings.Repeat("a", 1025), "name"},
		{"ControlInName", "?name=a%0Ab", "name"},
		{"BadBirthDate", "?name=Pak&birth_date=1985-13", "birth_date"},
		{"BadNationality", "?name=Pak&nationality=North+Korea", "nationality"},
		{"RegionIsNoCountry", "?name=Pak&nationality=EU", "nationality"},
		{"BadLimit", "?name=Pak&limit=101", "limit"},
		{"BadMinScore", "?name=Pak&min_score=1.5", "min_score"},
		{"NaNMinScore", "?name=Pak&min_score=NaN", "min_score"},
		{"UnknownParameter", "?name=Pak&dob=1985", `"dob"`},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			s.Do(t, Request{Method: "GET", Path: "/api/v1/search" + tc.query, Token: s.Token}).WantError(t, http.StatusBadRequest, vigil.EINVALID, tc.want)
		})
	}
	t.Run("WithoutLists", func(t *testing.T) {
		empty := MustOpenServer(t, false)
		empty.Do(t, Request{Method: "GET", Path: "/api/v1/search?name=Pak", Token: empty.Token}).WantError(t, http.StatusConflict, vigil.ENOLISTS)
	})
}
