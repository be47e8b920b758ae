// Package sqlite implements vigil.Store on SQLite (modernc.org/sqlite, pure Go): the embedded default, one file
// next to the user. It opens the database, migrates its schema and says how SQLite differs (dialect.go); the
// store's methods are internal/sqlstore's, shared with postgres/. storetest/ is the suite both pass.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Memory is the path of a database that lives in memory and disappears on Close; for tests and dry runs.
const Memory = ":memory:"

// busyTimeout is how long a writer waits for another process (a second vigil, a backup) holding the write lock.
// Writers of this process never wait on each other here: they queue for the one write connection.
const busyTimeout = 10 * time.Second

// DB is Vigil's store in one SQLite database. It is safe for concurrent use.
type DB struct {
	*sqlstore.Store // the methods of vigil.Store

	// write has one connection and begins transactions IMMEDIATE: SQLite allows one writer, so this process's
	// writers queue for the connection instead of failing with SQLITE_BUSY when a read lock cannot be
	// upgraded. Migrations run on it too.
	write *sql.DB
	// read has several query-only connections that read concurrently with the writer under WAL. For a memory
	// database it is write itself: each connection to :memory: would be a different, empty database.
	read *sql.DB

	path string

	// Now returns the current time. It defaults to time.Now; tests replace it. Stored times are UTC, to the
	// microsecond (what PostgreSQL keeps, so both stores return the same times).
	Now func() time.Time
}

var _ vigil.Store = (*DB)(nil)

// Open opens (creating if need be) the SQLite database at path, or a fresh memory database for Memory, and
// brings its schema up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: a database path is required (or \":memory:\")")
	}
	db := &DB{path: path, Now: time.Now}
	if path == Memory {
		w, err := sql.Open("sqlite", memoryDSN())
		if err != nil {
			return nil, fmt.Errorf("open memory database: %w", err)
		}
		// The one connection is the database: never let the pool close it.
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		w.SetConnMaxIdleTime(0)
		db.write, db.read = w, w
	} else {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		// SQLite would say only "unable to open database file".
		if st, err := os.Stat(filepath.Dir(abs)); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("open %s: directory %s does not exist", path, filepath.Dir(abs))
		}
		if db.write, err = sql.Open("sqlite", fileDSN(abs, false)); err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		db.write.SetMaxOpenConns(1)
		db.write.SetMaxIdleConns(1)
		db.write.SetConnMaxIdleTime(0)
		// The writer connects first: it switches the file to WAL before any reader opens it.
		if err := db.write.PingContext(ctx); err != nil {
			db.write.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		if db.read, err = sql.Open("sqlite", fileDSN(abs, true)); err != nil {
			db.write.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		n := max(4, runtime.GOMAXPROCS(0))
		db.read.SetMaxOpenConns(n)
		db.read.SetMaxIdleConns(n)
	}
	// The store reads db.Now at each transaction, so that a clock set after Open is the one used.
	db.Store = sqlstore.New(&dialect, db.write, db.read, func() time.Time { return db.Now() })
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// fileDSN returns the modernc.org/sqlite data source name of the file at the absolute path abs. The path goes
// in a file: URI, escaped, so that a '?' or '#' in it cannot be read as parameters.
func fileDSN(abs string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: filepath.ToSlash(abs)}).EscapedPath() + "?" + q.Encode()
}

func memoryDSN() string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	return "file::memory:?" + q.Encode()
}

// Migrate brings the schema up to date with the migrations embedded in this binary. Open calls it; `vigil
// migrate` may call it on its own. Each migration runs in a transaction of its own.
func (db *DB) Migrate(ctx context.Context) error {
	fsys, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		return fmt.Errorf("migrate %s: %w", db.path, err)
	}
	// A database with tables but no migration history is someone else's: adding Vigil's tables to it (or
	// letting `vigil demo` delete it afterwards) would damage it.
	var tables, history int
	if err := db.write.QueryRowContext(ctx, `
		SELECT count(*), count(*) FILTER (WHERE name = 'goose_db_version')
		FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).Scan(&tables, &history); err != nil {
		return fmt.Errorf("migrate %s: %w", db.path, err)
	}
	if tables > 0 && history == 0 {
		return vigil.Errorf(vigil.EINVALID, "%s is a SQLite database of something else (it has tables but is not Vigil's); give --db a new file or a Vigil database", db.path)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db.write, fsys,
		goose.WithDisableGlobalRegistry(true), goose.WithLogger(goose.NopLogger()))
	if err != nil {
		return fmt.Errorf("migrate %s: %w", db.path, err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", db.path, err)
	}
	return nil
}

// Close closes the database. A memory database is gone afterwards.
func (db *DB) Close() error {
	return db.Store.Close()
}
