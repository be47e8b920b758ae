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
		if n := storetest.CountRows(t, rawDB(t, schemaURL), `SELECT COUNT(*) FROM goose_db_version WHERE version_id > 0`); n != 1 {
			t.Errorf("%d migrations recorded, want 1", n)
		}
	})
}

func TestBeneath(t *testing.T) {
	dbURL := createDatabase(t)
	storetest.RunBeneath(t, func(t *testing.T) storetest.Beneath {
		db, schemaURL := openSchema(t, dbURL)
		return storetest.Beneath{
			Store: db, DB: rawDB(t, schemaURL),
			SubjectTables: `
				SELECT table_name FROM information_schema.columns
				WHERE table_schema = current_schema() AND column_name = 'subject_id' ORDER BY table_name`,
			SetNow: func(now func() time.Time) { db.Now = now },
		}
	})
}

// TestConstraints holds the names the dialect gives unique constraints against the schema: every unique
// index is named, by its table and columns in order, so that a conflict on it is explained to the user.
func TestConstraints(t *testing.T) {
	_, schemaURL := openSchema(t, createDatabase(t))
	rows, err := rawDB(t, schemaURL).Query(`
		SELECT i.relname, string_agg(t.relname || '.' || a.attname, ', ' ORDER BY k.n)
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_namespace ns ON ns.oid = t.relnamespace AND ns.nspname = current_schema()
		CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k (attnum, n)
		JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
		WHERE x.indisunique AND t.relname <> 'goose_db_version'
		GROUP BY i.relname`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]string{}
	for rows.Next() {
		var name, cols string
		if err := rows.Scan(&name, &cols); err != nil {
			t.Fatal(err)
		}
		got[name] = cols
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// Primary keys of AUTOINCREMENT-like id columns are drawn by the database: no user conflicts with them.
	for name, cols := range got {
		if strings.HasSuffix(cols, ".id") && !strings.Contains(cols, ", ") && name != "subjects_pkey" {
			delete(got, name)
		}
	}
	if d := cmp.Diff(postgres.Constraints, got); d != "" {
		t.Errorf("unique constraints (-dialect +schema):\n%s", d)
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

// TestOpen_RefusesOtherSchemas: Vigil does not add its tables to a schema that holds another application's.
func TestOpen_RefusesOtherSchemas(t *testing.T) {
	dbURL := createDatabase(t)
	raw := rawDB(t, dbURL)
	if _, err := raw.Exec(`CREATE TABLE payroll (employee text, amount integer)`); err != nil {
		t.Fatal(err)
	}
	_, err := postgres.Open(context.Background(), dbURL)
	if vigil.ErrorCode(err) != vigil.EINVALID || !strings.Contains(vigil.ErrorMessage(err), "not Vigil's") {
		t.Fatalf("opening another application's schema: %v", err)
	}
}
