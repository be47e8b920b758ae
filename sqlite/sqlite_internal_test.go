package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/storetest"
)

// These tests look under the Store interface, at rows and settings the contract suite cannot see.

func openTest(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpen_Settings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "vigil.db")
	if _, err := Open(context.Background(), path); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("Open in a directory that does not exist: %v", err)
	}
	path = filepath.Join(t.TempDir(), "odd ?name#%20.db")
	db := openTest(t, path)
	ctx := context.Background()
	for _, tt := range []struct {
		pool  string
		pragm string
		want  string
	}{
		{"write", "journal_mode", "wal"},
		{"write", "foreign_keys", "1"},
		{"write", "synchronous", "1"}, // NORMAL
		{"write", "busy_timeout", fmt.Sprint(busyTimeout.Milliseconds())},
		{"read", "foreign_keys", "1"},
		{"read", "query_only", "1"},
		{"read", "busy_timeout", fmt.Sprint(busyTimeout.Milliseconds())},
	} {
		pool := db.write
		if tt.pool == "read" {
			pool = db.read
		}
		var got string
		if err := pool.QueryRowContext(ctx, "PRAGMA "+tt.pragm).Scan(&got); err != nil {
			t.Fatalf("%s PRAGMA %s: %v", tt.pool, tt.pragm, err)
		}
		if got != tt.want {
			t.Errorf("%s PRAGMA %s = %s, want %s", tt.pool, tt.pragm, got, tt.want)
		}
	}
	if _, err := db.read.ExecContext(ctx, `DELETE FROM subjects`); err == nil {
		t.Error("a reader connection could write")
	}
	// The file is where the path says, odd characters and all.
	if n := storetest.CountRows(t, db.read, `SELECT COUNT(*) FROM pragma_database_list WHERE file = $1`, path); n != 1 {
		t.Errorf("database file is not %q", path)
	}
}

func TestOpen_MigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vigil.db")
	db := openTest(t, path)
	_, err := db.CreateToken(context.Background(), "alice", "vgl_a", "h1")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	db.Close()
	db = openTest(t, path)
	tokens, err := db.FindTokens(context.Background())
	if err != nil || len(tokens) != 1 {
		t.Fatalf("after reopening: %d tokens (%v), want the one created", len(tokens), err)
	}
	if n := storetest.CountRows(t, db.read, `SELECT COUNT(*) FROM goose_db_version WHERE version_id > 0`); n != 1 {
		t.Errorf("%d migrations recorded, want 1", n)
	}
}

func TestOpen_EmptyPath(t *testing.T) {
	if _, err := Open(context.Background(), ""); err == nil {
		t.Fatal("Open(\"\") succeeded")
	}
}

func TestMemory_IsPrivate(t *testing.T) {
	a, b := openTest(t, Memory), openTest(t, Memory)
	if _, err := a.CreateToken(context.Background(), "alice", "p", "h"); err != nil {
		t.Fatal(err)
	}
	if tokens, err := b.FindTokens(context.Background()); err != nil || len(tokens) != 0 {
		t.Errorf("a second memory database sees %d tokens of the first (%v)", len(tokens), err)
	}
}

func TestBeneath(t *testing.T) {
	storetest.RunBeneath(t, func(t *testing.T) storetest.Beneath {
		db := openTest(t, Memory)
		return storetest.Beneath{
			Store: db, DB: db.read,
			SubjectTables: `
				SELECT m.name FROM sqlite_schema m JOIN pragma_table_info(m.name) c
				WHERE m.type = 'table' AND c.name = 'subject_id' ORDER BY m.name`,
			SetNow: func(now func() time.Time) { db.Now = now },
		}
	})
}

// TestNow_StoredLayout checks that times are stored as fixed-width UTC text, whose string order is time order.
func TestNow_StoredLayout(t *testing.T) {
	db := openTest(t, Memory)
	db.Now = func() time.Time { return time.Date(2027, 5, 6, 7, 8, 9, 987654321, time.FixedZone("CEST", 2*3600)) }
	if _, err := db.CreateToken(context.Background(), "alice", "p", "h"); err != nil {
		t.Fatal(err)
	}
	var stored string
	if err := db.read.QueryRow(`SELECT created_at FROM tokens`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != "2027-05-06T05:08:09.987654Z" {
		t.Errorf("stored time %q, want the fixed-width UTC layout", stored)
	}
}

func TestFormatError(t *testing.T) {
	db := openTest(t, Memory)
	ctx := context.Background()
	if _, err := db.CreateToken(ctx, "a", "p", "same"); err != nil {
		t.Fatal(err)
	}
	_, err := db.CreateToken(ctx, "b", "p", "same")
	if vigil.ErrorCode(err) != vigil.ECONFLICT || vigil.ErrorMessage(err) != "a token with this secret already exists" {
		t.Errorf("duplicate hash: %v", err)
	}
	// The schema's own guards, under the validation in Go.
	for _, tt := range []struct {
		name, query, code string
	}{
		{"ActiveCase", `INSERT INTO cases (subject_id, status, score, band, reason, opened_at, updated_at) VALUES ('s', 'open', 1, 'low', '', 'x', 'x')`, vigil.ECONFLICT},
		{"ForeignKey", `INSERT INTO findings (subject_id, "check", key, severity, score, summary, evidence, status, first_seen, last_seen, count, created_at, updated_at) VALUES ('nobody', 'c', 'k', 'low', 1, '', '[]', 'open', 'x', 'x', 1, 'x', 'x')`, vigil.ECONFLICT},
		{"Check", `INSERT INTO subjects (id, kind, name, name_fold, document, created_at, updated_at) VALUES ('t', 'candidate', 'n', 'n', 'not json', 'x', 'x')`, vigil.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "ActiveCase" {
				for _, q := range []string{
					`INSERT INTO subjects (id, kind, name, name_fold, document, created_at, updated_at) VALUES ('s', 'candidate', 'n', 'n', '{}', 'x', 'x')`,
					`INSERT INTO cases (subject_id, status, score, band, reason, opened_at, updated_at) VALUES ('s', 'in_review', 1, 'low', '', 'x', 'x')`,
				} {
					if _, err := db.write.ExecContext(ctx, q); err != nil {
						t.Fatal(err)
					}
				}
			}
			_, err := db.write.ExecContext(ctx, tt.query)
			if got := vigil.ErrorCode(dialect.FormatError(err)); got != tt.code {
				t.Errorf("code %q for %v, want %q", got, err, tt.code)
			}
			if tt.name == "ActiveCase" && vigil.ErrorMessage(dialect.FormatError(err)) != "the subject already has an open case" {
				t.Errorf("message %q", vigil.ErrorMessage(dialect.FormatError(err)))
			}
		})
	}
}
