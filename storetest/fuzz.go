package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/vigil-sec/vigil"
	"golang.org/x/text/cases"
)

// FuzzSubjects fuzzes a store with hostile subject documents and name searches, on the one store s for all
// inputs. Every document that the parser accepts and that validates must be stored and read back unchanged; a
// name filter is a literal, case-insensitive substring, whatever it contains; a subject is found by its own name.
func FuzzSubjects(f *testing.F, s vigil.Store) {
	full, err := json.Marshal(fullSubject("ats-1"))
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []struct{ doc, query string }{
		{string(full), "nowak"},
		{`{"name": "Łukasz Wróbel", "other_names": []}`, "ŁUKASZ"},
		{`{"name": "Straße", "kind": "employee"}`, "STRASSE"},
		{`{"name": "100%_real", "application": {"resume_text": "line\nline\ttab"}}`, "%"},
		{`{"name": "O'Brien; DROP TABLE subjects; --"}`, "'; --"},
		{`{"name": "Kim \"Jong\" \\ Un", "application": {"ip": "fe80::1%eth0"}}`, `\`},
		{`{"name": "Ω \u2028 \ud83d\ude00", "skills": [{"name": "Go", "years": 1e-7}]}`, "\u2028"},
		{`{"name": "x", "application": {"ip": "fe80::1%\u0000"}}`, "\x00"},
		{`{"name": "x", "hired": "2026-01-01T00:00:00+14:00"}`, "\xff"},
	} {
		f.Add([]byte(seed.doc), seed.query)
	}
	var n atomic.Int64
	f.Fuzz(func(t *testing.T, doc []byte, query string) {
		ctx := context.Background()
		subj, err := vigil.ParseSubject(doc)
		if err != nil {
			return
		}
		subj.Normalize()
		if subj.Validate() != nil {
			return
		}
		subj.ID = fmt.Sprintf("fuzz-%d", n.Add(1))
		res, err := s.SaveScreening(ctx, screening(subj, asOf))
		if vigil.ErrorCode(err) == vigil.EINVALID && !storable(subj) {
			return // text that neither store can keep (NUL, invalid UTF-8), which Validate let through
		}
		if err != nil {
			t.Fatalf("a valid document was not stored: %v\n%s", err, doc)
		}
		got, err := s.FindSubjectByID(ctx, subj.ID)
		if err != nil {
			t.Fatalf("stored subject not found: %v", err)
		}
		want := *subj
		want.CreatedAt, want.UpdatedAt, want.ScreenedAt = res.Subject.CreatedAt, res.Subject.UpdatedAt, res.Subject.ScreenedAt
		// An empty list and no list are the same document.
		diff(t, "stored subject", got, &want, cmpopts.EquateEmpty())

		found, total, err := s.FindSubjects(ctx, vigil.SubjectFilter{Name: &query})
		if err != nil {
			t.Fatalf("FindSubjects(Name: %q): %v", query, err)
		}
		if total != len(found) {
			t.Errorf("FindSubjects(Name: %q) total %d, %d found", query, total, len(found))
		}
		for _, f := range found {
			if !strings.Contains(fold(f.Name), fold(query)) {
				t.Errorf("FindSubjects(Name: %q) found %q, which does not contain it", query, f.Name)
			}
		}
		own, _, err := s.FindSubjects(ctx, vigil.SubjectFilter{Name: &subj.Name, ID: &subj.ID})
		if err != nil || len(own) != 1 {
			t.Errorf("subject %s not found by its own name %q: %d found (%v)", subj.ID, subj.Name, len(own), err)
		}
	})
}

// fold is how the suite expects names to compare: Unicode case folding. Stores must agree with it.
func fold(s string) string {
	return cases.Fold().String(strings.ToValidUTF8(s, "\uFFFD"))
}

// storable reports whether every string of s survives JSON: no NUL (PostgreSQL's jsonb refuses \u0000) and
// valid UTF-8 (encoding/json replaces the rest).
func storable(s *vigil.Subject) bool {
	b, err := json.Marshal(s)
	if err != nil || bytes.Contains(b, []byte(`\u0000`)) {
		return false
	}
	var back vigil.Subject
	return json.Unmarshal(b, &back) == nil && cmp.Equal(&back, s, cmpopts.EquateEmpty())
}
