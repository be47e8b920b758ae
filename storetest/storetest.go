// Package storetest is the contract of vigil.Store as a test suite: sqlite/ and postgres/ run the same Run, so
// that both stores behave alike down to ordering, error codes and times.
//
// A store under test needs a clock that moves forward between transactions (NewClock gives one), because the
// suite checks that later changes carry later times; it never compares a store's times with the wall clock.
package storetest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/vigil-sec/vigil"
)

// Run runs the contract suite. open must return a fresh, empty store for each subtest, closed when the subtest
// ends (t.Cleanup), whose clock advances between transactions. Subtests run in parallel, each on its own store.
func Run(t *testing.T, open func(t *testing.T) vigil.Store) {
	groups := []struct {
		name  string
		tests []test
	}{
		{"SaveScreening", saveScreeningTests},
		{"FindSubjects", findSubjectsTests},
		{"FindLinks", findLinksTests},
		{"DeleteSubject", deleteSubjectTests},
		{"Findings", findingTests},
		{"DecideMatch", decideMatchTests},
		{"Cases", caseTests},
		{"UpdateCase", updateCaseTests},
		{"ImportList", importListTests},
		{"FindListData", findListDataTests},
		{"Tokens", tokenTests},
		{"FindAuditEvents", auditTests},
		{"Times", timeTests},
		{"HostileInput", hostileTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, tt := range g.tests {
				t.Run(tt.name, func(t *testing.T) {
					t.Parallel()
					tt.run(t, open(t))
				})
			}
		})
	}
}

type test struct {
	name string
	run  func(t *testing.T, s vigil.Store)
}

// NewClock returns a goroutine-safe clock for a store under test that reads start first and step later on each
// reading, so that every transaction gets a later time than the one before it, on any machine.
func NewClock(start time.Time, step time.Duration) func() time.Time {
	var mu sync.Mutex
	next := start
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now := next
		next = next.Add(step)
		return now
	}
}

// actor is who the suite acts as.
const actor = "tester@example.com"

// asOf is the base as-of time of screenings; a zone east of UTC, with microseconds, so that times are seen to
// come back as the same instant in UTC.
var asOf = time.Date(2026, 3, 14, 15, 9, 26, 535897000, time.FixedZone("IST", 5*3600+1800))

func at(days int) time.Time { return asOf.AddDate(0, 0, days) }

// ptr returns a pointer to v, for filters and updates.
func ptr[T any](v T) *T { return &v }

// wantCode fails unless err carries the vigil error code want, and, when msg is given, its message contains msg.
func wantCode(t *testing.T, err error, want string, msg ...string) {
	t.Helper()
	if got := vigil.ErrorCode(err); got != want {
		t.Fatalf("error code = %q (%v), want %q", got, err, want)
	}
	for _, m := range msg {
		if !strings.Contains(vigil.ErrorMessage(err), m) {
			t.Fatalf("error message %q does not contain %q", vigil.ErrorMessage(err), m)
		}
	}
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func diff(t *testing.T, what string, got, want any, opts ...cmp.Option) {
	t.Helper()
	if d := cmp.Diff(want, got, opts...); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}

// screening builds a screening of s as of when, low band with cases from high, whose checks are those of the
// findings.
func screening(s *vigil.Subject, when time.Time, findings ...*vigil.Finding) *vigil.Screening {
	sc := &vigil.Screening{
		Subject: s, AsOf: when, Findings: findings,
		Band: vigil.BandLow, CaseBand: vigil.BandHigh, Actor: actor,
	}
	seen := map[string]bool{}
	for _, f := range findings {
		if !seen[f.Check] {
			seen[f.Check] = true
			sc.Checks = append(sc.Checks, f.Check)
		}
	}
	return sc
}

func mustSave(t *testing.T, s vigil.Store, sc *vigil.Screening) *vigil.ScreeningResult {
	t.Helper()
	res, err := s.SaveScreening(context.Background(), sc)
	if err != nil {
		t.Fatalf("SaveScreening(%s): %v", sc.Subject.Name, err)
	}
	return res
}

// mustSubject stores a subject with no findings and returns it as stored.
func mustSubject(t *testing.T, s vigil.Store, subj *vigil.Subject) *vigil.Subject {
	t.Helper()
	return mustSave(t, s, screening(subj, asOf)).Subject
}

func watchlistFinding(entryID string, score int) *vigil.Finding {
	return &vigil.Finding{
		Check: "watchlist.name", Key: "ofac-sdn:" + entryID, Severity: vigil.SeverityHigh, Score: score,
		Summary:  "Name matches OFAC SDN entry " + entryID,
		Evidence: []vigil.Evidence{{Kind: "list_entry", Ref: "ofac-sdn:" + entryID, Detail: "name similarity 0.93"}},
		Count:    1, Status: vigil.FindingOpen, List: "ofac-sdn", EntryID: entryID,
	}
}

func finding(check, key string, sev vigil.Severity, score int) *vigil.Finding {
	return &vigil.Finding{
		Check: check, Key: key, Severity: sev, Score: score, Summary: check + " sees " + key,
		Evidence: []vigil.Evidence{{Kind: "field", Ref: "phones[0]", Detail: key}}, Count: 1, Status: vigil.FindingOpen,
	}
}

// findingsOf returns the subject's stored findings, all statuses.
func findingsOf(t *testing.T, s vigil.Store, subjectID string) []*vigil.Finding {
	t.Helper()
	fs, n, err := s.FindFindings(context.Background(), vigil.FindingFilter{SubjectID: &subjectID})
	noErr(t, err)
	if n != len(fs) {
		t.Fatalf("FindFindings total = %d, but %d findings returned without a limit", n, len(fs))
	}
	return fs
}

func byKey(fs []*vigil.Finding) map[string]*vigil.Finding {
	m := make(map[string]*vigil.Finding, len(fs))
	for _, f := range fs {
		m[f.Key] = f
	}
	return m
}

// auditOf returns the audit events about a subject, newest first.
func auditOf(t *testing.T, s vigil.Store, subjectID string) []*vigil.AuditEvent {
	t.Helper()
	es, _, err := s.FindAuditEvents(context.Background(), vigil.AuditFilter{SubjectID: &subjectID})
	noErr(t, err)
	return es
}

func isUTC(t *testing.T, what string, ts ...time.Time) {
	t.Helper()
	for _, tm := range ts {
		if tm.IsZero() {
			t.Errorf("%s is zero", what)
		} else if tm.Location() != time.UTC {
			t.Errorf("%s = %v is not in UTC", what, tm)
		}
	}
}
