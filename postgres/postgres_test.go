package postgres_test

// These tests run against a real PostgreSQL server: VIGIL_TEST_POSTGRES_URL, by default
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable (trust authentication). Each test creates a
// database of its own, vigil_test_<random>, dropped when it ends, and each store under test a schema in it,
// so that tests run in parallel and leave nothing behind.
//
// An unreachable server fails the tests. Set VIGIL_TEST_POSTGRES=skip to skip them on purpose, on a machine
// without PostgreSQL; CI never sets it.

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/postgres"
	"github.com/vigil-sec/vigil/storetest"
)

const defaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// clockStart is when the stores under test think they start: any fixed time, so that runs are alike.
var clockStart = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

var (
	adminOnce sync.Once
	adminDB   *sql.DB
	adminURL  string
	adminErr  error
)

// admin returns a connection to the test server's maintenance database, skipping the test only when
// VIGIL_TEST_POSTGRES=skip says the server is absent on purpose.
func admin(tb testing.TB) (*sql.DB, string) {
	tb.Helper()
	if os.Getenv("VIGIL_TEST_POSTGRES") == "skip" {
		tb.Skip("VIGIL_TEST_POSTGRES=skip: PostgreSQL tests skipped on purpose")
	}
	adminOnce.Do(func() {
		adminURL = os.Getenv("VIGIL_TEST_POSTGRES_URL")
		if adminURL == "" {
			adminURL = defaultURL
		}
		if adminDB, adminErr = sql.Open("pgx", adminURL); adminErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		adminErr = adminDB.PingContext(ctx)
	})
	if adminErr != nil {
		tb.Fatalf("PostgreSQL is not reachable at %s: %v\n"+
			"Start it (Debian: pg_ctlcluster 15 main start; Docker: docker run -d -p 5432:5432 "+
			"-e POSTGRES_HOST_AUTH_METHOD=trust postgres:15), point VIGIL_TEST_POSTGRES_URL at a server where "+
			"the user may create databases, or set VIGIL_TEST_POSTGRES=skip to skip these tests on purpose.",
			redact(adminURL), adminErr)
	}
	return adminDB, adminURL
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

func randomName(prefix string) string {
	var b [6]byte
	rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// createDatabase creates an empty database for the test, dropped when it ends, and returns its URL.
func createDatabase(tb testing.TB) string {
	tb.Helper()
	db, base := admin(tb)
	name := randomName("vigil_test_")
	if _, err := db.Exec(`CREATE DATABASE ` + name); err != nil {
		tb.Fatalf("create database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		if _, err := db.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			tb.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("VIGIL_TEST_POSTGRES_URL must be a postgres:// URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// openSchema opens a store in a new schema of the database at dbURL, with a clock that ticks a millisecond per
// reading, closed when the test ends. It returns the store and the URL that reaches its schema.
func openSchema(tb testing.TB, dbURL string) (*postgres.DB, string) {
	tb.Helper()
	raw, err := sql.Open("pgx", dbURL)
	if err != nil {
		tb.Fatal(err)
	}
	defer raw.Close()
	schema := randomName("s_")
	if _, err := raw.Exec(`CREATE SCHEMA ` + schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	u, _ := url.Parse(dbURL)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := postgres.Open(context.Background(), u.String())
	if err != nil {
		tb.Fatalf("open store in schema %s: %v", schema, err)
	}
	db.Now = storetest.NewClock(clockStart, time.Millisecond)
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close store: %v", err)
		}
	})
	return db, u.String()
}

// MustOpenDB opens a store in a database of its own, dropped when the test ends.
func MustOpenDB(tb testing.TB) *postgres.DB {
	tb.Helper()
	db, _ := openSchema(tb, createDatabase(tb))
	return db
}

func TestStore(t *testing.T) {
	dbURL := createDatabase(t)
	storetest.Run(t, func(t *testing.T) vigil.Store {
		db, _ := openSchema(t, dbURL)
		return db
	})
}

func FuzzSubjects(f *testing.F) {
	storetest.FuzzSubjects(f, MustOpenDB(f))
}

// rawDB opens a plain connection to a store's schema, to look under the Store interface.
func rawDB(t *testing.T, schemaURL string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", schemaURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func countRows(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestOpen(t *testing.T) {
	admin(t)
	ctx := context.Background()
	t.Run("InvalidURLIsNotEchoed", func(t *testing.T) {
		_, err := postgres.Open(ctx, "postgres://vigil:s3cret@127.0.0.1:notaport/x")
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Open with a bad URL: %v", err)
		}
	})
	t.Run("Unreachable", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		_, err := postgres.Open(ctx, "postgres://vigil:s3cret@127.0.0.1:1/x?sslmode=disable&connect_timeout=2")
		if err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Open of an unreachable server: %v", err)
		}
	})
	t.Run("ConcurrentMigrations", func(t *testing.T) {
		_, schemaURL := openSchema(t, createDatabase(t))
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				db, err := postgres.Open(ctx, schemaURL)
				if err == nil {
					err = db.Migrate(ctx)
					db.Close()
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("Open %d: %v", i, err)
			}
		}
		if n := countRows(t, rawDB(t, schemaURL), `SELECT COUNT(*) FROM goose_db_version WHERE version_id > 0`); n != 1 {
			t.Errorf("%d migrations recorded, want 1", n)
		}
	})
}

func TestNow_StampsRows(t *testing.T) {
	db := MustOpenDB(t)
	now := time.Date(2027, 5, 6, 7, 8, 9, 987654321, time.FixedZone("CEST", 2*3600))
	db.Now = func() time.Time { return now }
	tok, err := db.CreateToken(context.Background(), "alice", "p", "h")
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2027, 5, 6, 5, 8, 9, 987654000, time.UTC)
	if !tok.CreatedAt.Equal(want) || tok.CreatedAt.Location() != time.UTC {
		t.Errorf("CreatedAt = %v, want the injected clock's %v in UTC to the microsecond", tok.CreatedAt, want)
	}
}

// TestDeleteSubject_LeavesNoRows checks every table with a subject_id column, found from the schema, so that a
// table added later is covered too.
func TestDeleteSubject_LeavesNoRows(t *testing.T) {
	db, schemaURL := openSchema(t, createDatabase(t))
	raw := rawDB(t, schemaURL)
	ctx := context.Background()
	subj := &vigil.Subject{ID: "gone", Name: "Jan Kowalski", Phones: []string{"+48 512 345 678"}}
	match := &vigil.Finding{Check: "watchlist.name", Key: "ofac-sdn:1", Severity: vigil.SeverityHigh, List: "ofac-sdn", EntryID: "1"}
	res, err := db.SaveScreening(ctx, &vigil.Screening{Subject: subj, AsOf: time.Now(), Findings: []*vigil.Finding{match},
		Score: 80, Band: vigil.BandCritical, CaseBand: vigil.BandHigh, Actor: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.DecideMatch(ctx, res.Findings[0].ID, &vigil.MatchDecision{Outcome: vigil.OutcomeSamePerson, Rationale: "r", DecidedBy: "t"}); err != nil {
		t.Fatal(err)
	}
	note := "note"
	if _, err := db.UpdateCase(ctx, res.Case.ID, vigil.CaseUpdate{Note: &note}, "t"); err != nil {
		t.Fatal(err)
	}

	rows, err := raw.Query(`
		SELECT table_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND column_name = 'subject_id' ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	want := []string{"audit_events", "case_notes", "cases", "findings", "match_decisions", "subject_identifiers"}
	if d := cmp.Diff(want, tables); d != "" {
		t.Fatalf("tables with subject_id (-want +got):\n%s", d)
	}
	for _, table := range tables {
		if n := countRows(t, raw, `SELECT COUNT(*) FROM `+table+` WHERE subject_id = 'gone'`); n == 0 {
			t.Errorf("%s has no row about the subject before erasure: the test does not cover it", table)
		}
	}
	if err := db.DeleteSubject(ctx, "gone", "dpo"); err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		if table == "audit_events" {
			if d := countRows(t, raw, `SELECT COUNT(*) FROM audit_events WHERE subject_id = 'gone' AND detail <> ''`); d != 0 {
				t.Errorf("%d audit events keep their detail", d)
			}
			continue
		}
		if n := countRows(t, raw, `SELECT COUNT(*) FROM `+table+` WHERE subject_id = 'gone'`); n != 0 {
			t.Errorf("%s keeps %d rows about the erased subject", table, n)
		}
	}
}

func TestImportList_DeletesReplacedRows(t *testing.T) {
	db, schemaURL := openSchema(t, createDatabase(t))
	raw := rawDB(t, schemaURL)
	ctx := context.Background()
	entries := func(ids ...string) []*vigil.ListEntry {
		var es []*vigil.ListEntry
		for _, id := range ids {
			es = append(es, &vigil.ListEntry{ID: id, Name: "N " + id, Identifiers: []vigil.EntryIdentifier{{Kind: vigil.IdentEmail, Value: id + "@example.com"}}})
		}
		return es
	}
	v1 := &vigil.ListVersion{List: "l", SHA256: "a"}
	if _, err := db.ImportList(ctx, v1, entries("1", "2", "3"), "t"); err != nil {
		t.Fatal(err)
	}
	v2 := &vigil.ListVersion{List: "l", SHA256: "b"}
	if _, err := db.ImportList(ctx, v2, entries("3", "4"), "t"); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"list_entries", "indicators"} {
		if n := countRows(t, raw, `SELECT COUNT(*) FROM `+table+` WHERE version_id = $1`, v1.ID); n != 0 {
			t.Errorf("%s keeps %d rows of the replaced version", table, n)
		}
		if n := countRows(t, raw, `SELECT COUNT(*) FROM `+table+` WHERE version_id = $1`, v2.ID); n != 2 {
			t.Errorf("%s has %d rows of the new version, want 2", table, n)
		}
	}
	if n := countRows(t, raw, `SELECT COUNT(*) FROM list_versions`); n != 2 {
		t.Errorf("%d version rows, want both kept as history", n)
	}
}

// TestImportList_Concurrent imports versions of one list from several connections at once: each import
// replaces the one before, and exactly one version ends up active.
func TestImportList_Concurrent(t *testing.T) {
	db, _ := openSchema(t, createDatabase(t))
	ctx := context.Background()
	entries := storetest.SyntheticEntries("ofac-sdn", 200)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = db.ImportList(ctx, &vigil.ListVersion{List: "ofac-sdn", SHA256: randomName("")}, entries, "t")
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("import %d: %v", i, err)
		}
	}
	active := true
	vs, err := db.FindListVersions(ctx, vigil.ListVersionFilter{Active: &active})
	if err != nil || len(vs) != 1 {
		t.Fatalf("%d active versions (%v), want 1", len(vs), err)
	}
	got, err := db.FindListEntries(ctx, vigil.ListEntryFilter{})
	if err != nil || len(got) != len(entries) {
		t.Errorf("%d entries (%v), want %d", len(got), err, len(entries))
	}
}
