// Package postgres implements vigil.Store on PostgreSQL (pgx through database/sql), for several Vigil
// processes sharing one database. It connects, migrates the schema and says how PostgreSQL differs
// (dialect.go); the store's methods are internal/sqlstore's, shared with sqlite/. storetest/ is the suite both
// pass.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// maxConns bounds the connections one process opens: PostgreSQL allows 100 by default, shared by every worker.
const maxConns = 10

// DB is Vigil's store in a PostgreSQL database. It is safe for concurrent use, also by several processes.
type DB struct {
	*sqlstore.Store // the methods of vigil.Store

	db *sql.DB

	// Now returns the current time. It defaults to time.Now; tests replace it. Stored times are UTC, to the
	// microsecond, as PostgreSQL keeps them.
	Now func() time.Time
}

var _ vigil.Store = (*DB)(nil)

// Open connects to the database at url (postgres://user@host:port/dbname?sslmode=…, or a key=value
// connection string) and brings its schema up to date.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// The parser's message may quote the URL, password included.
		return nil, errors.New("postgres: the database URL is not valid (expected postgres://user@host:port/dbname?sslmode=…)")
	}
	db := &DB{db: stdlib.OpenDB(*cfg), Now: time.Now}
	db.db.SetMaxOpenConns(maxConns)
	db.db.SetMaxIdleConns(maxConns)
	db.db.SetConnMaxIdleTime(5 * time.Minute)
	// The store reads db.Now at each transaction, so that a clock set after Open is the one used.
	db.Store = sqlstore.New(&dialect, db.db, nil, func() time.Time { return db.Now() })
	if err := db.db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to PostgreSQL at %s:%d database %s: %w", cfg.Host, cfg.Port, cfg.Database, err)
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Migrate brings the schema up to date with the migrations embedded in this binary. Open calls it; `vigil
// migrate` may call it on its own. An advisory lock makes processes that start together migrate one at a time;
// it is taken per schema (the first of the search path), so that Vigils in different schemas of one database
// do not wait for each other.
func (db *DB) Migrate(ctx context.Context) error {
	fsys, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var schema string
	if err := db.db.QueryRowContext(ctx, `SELECT current_database() || '.' || coalesce(current_schema(), '')`).Scan(&schema); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	// A schema with tables but no migration history is someone else's: Vigil does not add its tables there.
	var tables, history int
	if err := db.db.QueryRowContext(ctx, `
		SELECT count(*), count(*) FILTER (WHERE table_name = 'goose_db_version')
		FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`).Scan(&tables, &history); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if tables > 0 && history == 0 {
		return vigil.Errorf(vigil.EINVALID, "schema %s already holds tables that are not Vigil's; give Vigil a database or schema of its own (search_path in the URL)", schema)
	}
	h := fnv.New64a()
	h.Write([]byte("vigil migrate " + schema))
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64())))
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db.db, fsys, goose.WithSessionLocker(locker),
		goose.WithDisableGlobalRegistry(true), goose.WithLogger(goose.NopLogger()))
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Close closes the connections.
func (db *DB) Close() error {
	return db.Store.Close()
}
