package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/sqlite"
	"github.com/vigil-sec/vigil/storetest"
)

// clockStart is when the stores under test think they start: any fixed time, so that runs are alike.
var clockStart = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// MustOpenDB opens a fresh memory database with a clock that ticks a millisecond per reading, and closes it
// when the test ends.
func MustOpenDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	return mustOpen(tb, sqlite.Memory)
}

func mustOpen(tb testing.TB, path string) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	db.Now = storetest.NewClock(clockStart, time.Millisecond)
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close %s: %v", path, err)
		}
	})
	return db
}

func TestStore(t *testing.T) {
	t.Run("File", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) vigil.Store {
			return mustOpen(t, filepath.Join(t.TempDir(), "vigil.db"))
		})
	})
	t.Run("Memory", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) vigil.Store { return MustOpenDB(t) })
	})
}

func FuzzSubjects(f *testing.F) {
	storetest.FuzzSubjects(f, MustOpenDB(f))
}

// TestOpen_RefusesOtherDatabases: Vigil neither adds its tables to a SQLite file of something else nor lets
// anything downstream (vigil demo) treat it as its own.
func TestOpen_RefusesOtherDatabases(t *testing.T) {
	path := filepath.Join(t.TempDir(), "payroll.db")
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec(`CREATE TABLE payroll (employee TEXT, amount INTEGER)`); err != nil {
		t.Fatal(err)
	}
	other.Close()
	_, err = sqlite.Open(context.Background(), path)
	if vigil.ErrorCode(err) != vigil.EINVALID || !strings.Contains(vigil.ErrorMessage(err), "not Vigil's") {
		t.Fatalf("opening another application's database: %v", err)
	}
}
