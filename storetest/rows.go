package storetest

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/vigil-sec/vigil"
)

// Beneath is a store under test with a look beneath the Store interface, at rows and settings the contract
// cannot see: what erasure and list imports leave behind, and the clock the store stamps rows with.
type Beneath struct {
	Store vigil.Store
	// DB reads the store's tables directly. $1, $2 … are its placeholders, as in the stores' SQL.
	DB *sql.DB
	// SubjectTables is a query for the names of the tables that have a subject_id column, in name order: found
	// from the schema, so that a table added later is covered by the erasure test too.
	SubjectTables string
	// SetNow replaces the store's clock after it was opened.
	SetNow func(now func() time.Time)
}

// RunBeneath runs the tests that look beneath the Store interface. open must return a fresh, empty store for
// each subtest, closed when the subtest ends. Subtests run in parallel, each on its own store.
func RunBeneath(t *testing.T, open func(t *testing.T) Beneath) {
	for _, tt := range []struct {
		name string
		run  func(t *testing.T, b Beneath)
	}{
		{"DeleteSubject_LeavesNoRows", deleteSubjectLeavesNoRows},
		{"ImportList_DeletesReplacedRows", importListDeletesReplacedRows},
		{"Now_StampsRows", nowStampsRows},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, open(t))
		})
	}
}

// CountRows runs query, which counts rows, on db; it fails the test if that fails.
func CountRows(tb testing.TB, db *sql.DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// deleteSubjectLeavesNoRows checks that erasure empties every table with a subject_id column of the subject's
// rows, but for the audit events, whose detail it blanks.
func deleteSubjectLeavesNoRows(t *testing.T, b Beneath) {
	ctx := context.Background()
	db := b.Store
	subj := &vigil.Subject{ID: "gone", Name: "Jan Kowalski", Phones: []string{"+48 512 345 678"}}
	// Each side's link finding names the other: erasing "gone" must take both findings.
	mention := func(key, other string) *vigil.Finding {
		f := finding("link.shared", key, vigil.SeverityMedium, 15)
		f.Evidence = append(f.Evidence, vigil.Evidence{Kind: vigil.EvidenceSubject, Ref: other, Detail: "holds it"})
		return f
	}
	_, err := db.SaveScreening(ctx, &vigil.Screening{Subject: &vigil.Subject{ID: "stays", Name: "Anna Nowak"}, AsOf: asOf,
		Checks: []string{"link.shared"}, Findings: []*vigil.Finding{mention("link.shared:phone:1", "gone")},
		Band: vigil.BandLow, CaseBand: vigil.BandHigh, Actor: actor})
	noErr(t, err)
	res, err := db.SaveScreening(ctx, &vigil.Screening{Subject: subj, AsOf: asOf,
		Findings: []*vigil.Finding{watchlistFinding("1", 80), mention("link.shared:phone:1", "stays")},
		Score:    80, Band: vigil.BandCritical, CaseBand: vigil.BandHigh, Actor: actor})
	noErr(t, err)
	_, err = db.DecideMatch(ctx, res.Findings[0].ID, &vigil.MatchDecision{Outcome: vigil.OutcomeSamePerson, Rationale: "r", DecidedBy: actor})
	noErr(t, err)
	_, err = db.UpdateCase(ctx, res.Case.ID, vigil.CaseUpdate{Note: ptr("note")}, actor)
	noErr(t, err)

	rows, err := b.DB.QueryContext(ctx, b.SubjectTables)
	noErr(t, err)
	var tables []string
	for rows.Next() {
		var name string
		noErr(t, rows.Scan(&name))
		tables = append(tables, name)
	}
	noErr(t, rows.Err())
	rows.Close()
	want := []string{"audit_events", "case_notes", "cases", "finding_mentions", "findings", "match_decisions", "subject_identifiers"}
	if d := cmp.Diff(want, tables); d != "" {
		t.Fatalf("tables with subject_id (-want +got):\n%s", d)
	}
	for _, table := range tables {
		if n := CountRows(t, b.DB, `SELECT COUNT(*) FROM `+table+` WHERE subject_id = 'gone'`); n == 0 {
			t.Errorf("%s has no row about the subject before erasure: the test does not cover it", table)
		}
	}

	affected, err := db.DeleteSubject(ctx, "gone", "dpo")
	noErr(t, err)
	if len(affected) != 1 || affected[0] != "stays" {
		t.Errorf("DeleteSubject returned %q as the subjects whose findings it deleted, want [stays]", affected)
	}
	for _, table := range tables {
		if table == "audit_events" {
			if n := CountRows(t, b.DB, `SELECT COUNT(*) FROM audit_events WHERE subject_id = 'gone' AND detail <> ''`); n != 0 {
				t.Errorf("%d audit events keep their detail", n)
			}
			continue
		}
		if n := CountRows(t, b.DB, `SELECT COUNT(*) FROM `+table+` WHERE subject_id = 'gone'`); n != 0 {
			t.Errorf("%s keeps %d rows about the erased subject", table, n)
		}
	}
	if n := CountRows(t, b.DB, `SELECT COUNT(*) FROM finding_mentions WHERE mentioned_subject_id = 'gone'`); n != 0 {
		t.Errorf("%d findings of other subjects still name the erased subject", n)
	}
	if n := CountRows(t, b.DB, `SELECT COUNT(*) FROM findings WHERE subject_id = 'stays'`); n != 0 {
		t.Errorf("the finding of another subject that named the erased one is kept")
	}
	if n := CountRows(t, b.DB, `SELECT COUNT(*) FROM subjects`); n != 1 {
		t.Errorf("%d subjects left, want the one that stays", n)
	}
}

// importListDeletesReplacedRows checks that a new version of a list deletes the entries and indicators of the
// one it replaces and keeps its version row, as history.
func importListDeletesReplacedRows(t *testing.T, b Beneath) {
	ctx := context.Background()
	entries := func(ids ...string) []*vigil.ListEntry {
		var es []*vigil.ListEntry
		for _, id := range ids {
			es = append(es, &vigil.ListEntry{ID: id, Name: "N " + id, Identifiers: []vigil.EntryIdentifier{{Kind: vigil.IdentEmail, Value: id + "@example.com"}}})
		}
		return es
	}
	v1 := &vigil.ListVersion{List: "l", SHA256: "a"}
	_, err := b.Store.ImportList(ctx, v1, entries("1", "2", "3"), actor)
	noErr(t, err)
	v2 := &vigil.ListVersion{List: "l", SHA256: "b"}
	_, err = b.Store.ImportList(ctx, v2, entries("3", "4"), actor)
	noErr(t, err)
	for _, table := range []string{"list_entries", "indicators"} {
		if n := CountRows(t, b.DB, `SELECT COUNT(*) FROM `+table+` WHERE version_id = $1`, v1.ID); n != 0 {
			t.Errorf("%s keeps %d rows of the replaced version", table, n)
		}
		if n := CountRows(t, b.DB, `SELECT COUNT(*) FROM `+table+` WHERE version_id = $1`, v2.ID); n != 2 {
			t.Errorf("%s has %d rows of the new version, want 2", table, n)
		}
	}
	if n := CountRows(t, b.DB, `SELECT COUNT(*) FROM list_versions`); n != 2 {
		t.Errorf("%d version rows, want both kept as history", n)
	}
}

// nowStampsRows checks that a clock set after the store was opened is the one rows are stamped with, in UTC to
// the microsecond, as written and as read back.
func nowStampsRows(t *testing.T, b Beneath) {
	ctx := context.Background()
	b.SetNow(func() time.Time { return time.Date(2027, 5, 6, 7, 8, 9, 987654321, time.FixedZone("CEST", 2*3600)) })
	want := time.Date(2027, 5, 6, 5, 8, 9, 987654000, time.UTC)
	tok, err := b.Store.CreateToken(ctx, "alice", "p", "h")
	noErr(t, err)
	if !tok.CreatedAt.Equal(want) || tok.CreatedAt.Location() != time.UTC {
		t.Errorf("CreatedAt = %v, want the injected clock's %v in UTC to the microsecond", tok.CreatedAt, want)
	}
	tokens, err := b.Store.FindTokens(ctx)
	noErr(t, err)
	if len(tokens) != 1 {
		t.Fatalf("%d tokens, want the one created", len(tokens))
	}
	if got := tokens[0].CreatedAt; !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("CreatedAt read back = %v, want %v in UTC", got, want)
	}
}
