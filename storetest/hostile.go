package storetest

import (
	"context"
	"testing"

	"github.com/vigil-sec/vigil"
)

// hostileTests look things up by values no stored row can hold: text with NUL or invalid UTF-8, as a request
// may carry. Stores answer as for any unknown value, never with an internal error.
var hostileTests = []test{
	{"LookupsFindNothing", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		res := mustSave(t, s, screening(&vigil.Subject{ID: "a", Name: "Anna Kowalska", Phones: []string{"+48 512 345 678"}}, asOf, watchlistFinding("1", 10)))
		mustImport(t, s, version("ofac-sdn", "aaa"), []*vigil.ListEntry{entry("ofac-sdn", "1", 1)})
		mustToken(t, s, "alice")
		for _, bad := range []string{"a\x00", "\xff", "\x00", "Anna\xc3"} {
			_, err := s.FindSubjectByID(ctx, bad)
			wantCode(t, err, vigil.ENOTFOUND)
			_, err = s.DeleteSubject(ctx, bad, actor)
			wantCode(t, err, vigil.ENOTFOUND)
			_, err = s.RevokeToken(ctx, bad)
			wantCode(t, err, vigil.ENOTFOUND)
			_, err = s.AuthenticateToken(ctx, bad)
			wantCode(t, err, vigil.EUNAUTHORIZED)
			for name, call := range map[string]func() (int, error){
				"FindSubjects.ID":   func() (int, error) { _, n, err := s.FindSubjects(ctx, vigil.SubjectFilter{ID: &bad}); return n, err },
				"FindSubjects.Name": func() (int, error) { _, n, err := s.FindSubjects(ctx, vigil.SubjectFilter{Name: &bad}); return n, err },
				"FindFindings.Check": func() (int, error) {
					_, n, err := s.FindFindings(ctx, vigil.FindingFilter{Check: &bad})
					return n, err
				},
				"FindCases.Subject": func() (int, error) {
					_, n, err := s.FindCases(ctx, vigil.CaseFilter{SubjectID: &bad})
					return n, err
				},
				"FindAuditEvents.Actor": func() (int, error) {
					_, n, err := s.FindAuditEvents(ctx, vigil.AuditFilter{Actor: &bad})
					return n, err
				},
				"FindIndicators.Value": func() (int, error) {
					_, n, err := s.FindIndicators(ctx, vigil.IndicatorFilter{Value: &bad})
					return n, err
				},
				"FindListEntries.ID": func() (int, error) {
					es, err := s.FindListEntries(ctx, vigil.ListEntryFilter{ID: &bad})
					return len(es), err
				},
				"FindListVersions.List": func() (int, error) {
					vs, err := s.FindListVersions(ctx, vigil.ListVersionFilter{List: &bad})
					return len(vs), err
				},
				"FindMatchDecisions": func() (int, error) { ds, err := s.FindMatchDecisions(ctx, bad); return len(ds), err },
				"FindLinks": func() (int, error) {
					ls, err := s.FindLinks(ctx, bad, []vigil.Identifier{{Kind: vigil.IdentPhone, Value: bad}})
					return len(ls), err
				},
			} {
				if n, err := call(); err != nil || n != 0 {
					t.Errorf("%s(%q) = %d results, %v; want none, no error", name, bad, n, err)
				}
			}
		}
		// A bad excluded ID excludes no one.
		links, err := s.FindLinks(ctx, "\x00", res.Subject.Identifiers())
		noErr(t, err)
		if len(links) != 1 || links[0].SubjectID != "a" {
			t.Errorf("links %+v, want subject a", links)
		}
	}},
	{"WritesAreRefused", func(t *testing.T, s vigil.Store) {
		ctx := context.Background()
		e := entry("ofac-sdn", "1", 1)
		e.Aliases[0].Name = "Kim\x00"
		_, err := s.ImportList(ctx, version("ofac-sdn", "aaa"), []*vigil.ListEntry{e}, actor)
		wantCode(t, err, vigil.EINVALID, "entries[0].aliases[0].name")
		v := version("ofac-sdn", "aaa")
		v.Warnings = []string{"\xff"}
		_, err = s.ImportList(ctx, v, nil, actor)
		wantCode(t, err, vigil.EINVALID, "warnings[0]")
		_, err = s.CreateToken(ctx, "alice", "vgl_\x00", "hash")
		wantCode(t, err, vigil.EINVALID, "prefix")
		_, err = s.DeleteSubject(ctx, "a", "dpo\x00")
		wantCode(t, err, vigil.EINVALID, "actor")
		res := mustSave(t, s, screening(&vigil.Subject{ID: "a", Name: "Anna Kowalska"}, asOf, watchlistFinding("1", 10)))
		_, err = s.DecideMatch(ctx, res.Findings[0].ID, &vigil.MatchDecision{Outcome: vigil.OutcomeSamePerson, Rationale: "r", DecidedBy: "x", SubjectFingerprint: "\xff"})
		wantCode(t, err, vigil.EINVALID, "fingerprint")
	}},
}
