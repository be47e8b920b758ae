// Package sqlite implements vigil.Store on SQLite (modernc.org/sqlite, pure Go): the embedded default, one file
// next to the user. postgres/ implements the same contract on PostgreSQL; storetest/ is the suite both pass.
package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"embed"
	"encoding/base32"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/vigil-sec/vigil"
	"golang.org/x/text/cases"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
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
	// write has one connection and begins transactions IMMEDIATE: SQLite allows one writer, so this process's
	// writers queue for the connection instead of failing with SQLITE_BUSY when a read lock cannot be
	// upgraded. Migrations run on it too.
	write *sql.DB
	// read has several query-only connections that read concurrently with the writer under WAL. For a memory
	// database it is write itself: each connection to :memory: would be a different, empty database.
	read *sql.DB

	path string

	writeStmts, readStmts stmtCache

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
	db.writeStmts.pool, db.readStmts.pool = db.write, db.read
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
	errs := []error{db.readStmts.close(), db.writeStmts.close()}
	if db.read != nil && db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	return errors.Join(errs...)
}

// Tx is a transaction with the time it began, which every row it writes is stamped with. Its ExecContext,
// QueryContext and QueryRowContext run statements prepared once per connection (see stmtCache).
type Tx struct {
	*sql.Tx
	db    *DB
	stmts *stmtCache
	now   time.Time

	ctx    context.Context
	missed []string // queries to prepare once the transaction is over
	done   bool
}

// beginTx starts a transaction: on the write connection, or on a reader for readOnly.
func (db *DB) beginTx(ctx context.Context, readOnly bool) (*Tx, error) {
	pool, stmts := db.write, &db.writeStmts
	if readOnly && db.read != db.write {
		pool, stmts = db.read, &db.readStmts
	}
	tx, err := pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	return &Tx{Tx: tx, db: db, stmts: stmts, now: storedTime(db.Now()), ctx: ctx}, nil
}

// Commit commits the transaction.
func (tx *Tx) Commit() error {
	err := tx.Tx.Commit()
	tx.end()
	return err
}

// Rollback aborts the transaction, unless it is over already.
func (tx *Tx) Rollback() error {
	err := tx.Tx.Rollback()
	tx.end()
	return err
}

// end prepares the statements the transaction ran unprepared: now that it no longer holds its connection, the
// pool has one to prepare them on.
func (tx *Tx) end() {
	if tx.done {
		return
	}
	tx.done = true
	for _, q := range tx.missed {
		tx.stmts.prepare(context.WithoutCancel(tx.ctx), q)
	}
}

// stmt returns the prepared statement of query for this transaction, or nil when it is not prepared yet.
func (tx *Tx) stmt(ctx context.Context, query string) *sql.Stmt {
	if stmt := tx.stmts.get(query); stmt != nil {
		return tx.StmtContext(ctx, stmt)
	}
	tx.missed = append(tx.missed, query)
	return nil
}

// ExecContext runs query in the transaction, prepared if it ran before.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if stmt := tx.stmt(ctx, query); stmt != nil {
		return stmt.ExecContext(ctx, args...)
	}
	return tx.Tx.ExecContext(ctx, query, args...)
}

// QueryContext runs query in the transaction, prepared if it ran before.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if stmt := tx.stmt(ctx, query); stmt != nil {
		return stmt.QueryContext(ctx, args...)
	}
	return tx.Tx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query in the transaction, prepared if it ran before.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if stmt := tx.stmt(ctx, query); stmt != nil {
		return stmt.QueryRowContext(ctx, args...)
	}
	return tx.Tx.QueryRowContext(ctx, query, args...)
}

// stmtCache keeps the statements run on one pool prepared, by query text. SQLite compiles every statement it
// runs, and neither database/sql nor the driver keeps the result; reusing it makes SaveScreening about twice
// as fast. A statement is prepared after the first transaction that runs it, because preparing needs a
// connection of the pool and the write pool's only connection is the transaction's. The queries are a bounded
// set (filters combine a fixed set of conditions; limits are arguments); the cache stops growing at maxStmts
// in case that ever changes.
type stmtCache struct {
	pool   *sql.DB
	mu     sync.Mutex
	m      map[string]*sql.Stmt
	closed bool
}

const maxStmts = 500

func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[query]
}

// prepare adds query to the cache. A query that does not prepare is left out: running it reports the error
// where it belongs.
// The lock is not held while preparing, which waits for a connection that a transaction in need of the cache
// may hold.
func (c *stmtCache) prepare(ctx context.Context, query string) {
	c.mu.Lock()
	_, ok := c.m[query]
	full := len(c.m) >= maxStmts
	c.mu.Unlock()
	if ok || full || c.pool == nil {
		return
	}
	stmt, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[query]; ok || c.closed {
		stmt.Close() // prepared meanwhile, or too late
		return
	}
	if c.m == nil {
		c.m = make(map[string]*sql.Stmt)
	}
	c.m[query] = stmt
}

func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, stmt := range c.m {
		errs = append(errs, stmt.Close())
	}
	c.m, c.closed = nil, true
	return errors.Join(errs...)
}

// timeLayout is how times are stored: fixed width, so that string order is time order.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// storedTime is t as the store keeps it: UTC, to the microsecond.
func storedTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// timeArg is the argument for a time column: NULL for the zero time.
func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return storedTime(t).Format(timeLayout)
}

// nullTime scans a time column; NULL is the zero time. Times come back in UTC.
type nullTime time.Time

func (n *nullTime) Scan(value any) error {
	var s string
	switch v := value.(type) {
	case nil:
		*n = nullTime{}
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	case time.Time:
		*n = nullTime(v.UTC())
		return nil
	default:
		return fmt.Errorf("scan time: unexpected %T", value)
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return fmt.Errorf("scan time %q: %w", s, err)
		}
	}
	*n = nullTime(t.UTC())
	return nil
}

// Value makes nullTime usable as an argument too.
func (n nullTime) Value() (driver.Value, error) {
	return timeArg(time.Time(n)), nil
}

// query builds a WHERE clause: arg adds an argument and returns its placeholder ($1, $2 …, which SQLite and
// PostgreSQL both read), and and adds a condition.
type query struct {
	conds []string
	args  []any
	page  []any // LIMIT and OFFSET, after args
}

func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

func (q *query) and(cond string) { q.conds = append(q.conds, cond) }

func (q *query) where() string {
	if len(q.conds) == 0 {
		return ""
	}
	return "WHERE " + strings.Join(q.conds, " AND ")
}

// checkPage rejects a negative offset or limit, which SQL would read in surprising ways.
func checkPage(offset, limit int) error {
	if offset < 0 {
		return vigil.Errorf(vigil.EINVALID, "offset: %d is negative", offset)
	}
	if limit < 0 {
		return vigil.Errorf(vigil.EINVALID, "limit: %d is negative; 0 means no limit", limit)
	}
	return nil
}

// limitOffset returns the LIMIT clause for limit (0: none) and offset. They are arguments, so that the query
// text does not vary with them; withPage returns the arguments of the query with them.
func (q *query) limitOffset(limit, offset int) string {
	arg := func(v int) string {
		q.page = append(q.page, v)
		return "$" + strconv.Itoa(len(q.args)+len(q.page))
	}
	switch {
	case limit > 0 && offset > 0:
		return "LIMIT " + arg(limit) + " OFFSET " + arg(offset)
	case limit > 0:
		return "LIMIT " + arg(limit)
	case offset > 0:
		return "LIMIT -1 OFFSET " + arg(offset) // SQLite has no OFFSET without LIMIT
	}
	return ""
}

func (q *query) withPage() []any {
	return append(slices.Clip(q.args), q.page...)
}

// conflictMessages explain, per constraint, what a conflict means to the user who caused it.
var conflictMessages = map[string]string{
	"subjects.id":                       "a subject with this ID already exists",
	"tokens.hash":                       "a token with this secret already exists",
	"cases.subject_id":                  "the subject already has an open case",
	"list_versions.list":                "the list already has an active version",
	"findings.subject_id, findings.key": "the subject already has a finding with this key",
	"list_entries.version_id, list_entries.entry_id":                                      "the list version already has an entry with this ID",
	"subject_identifiers.subject_id, subject_identifiers.kind, subject_identifiers.value": "the subject already holds this identifier",
}

// formatError turns a constraint violation into a vigil error (ECONFLICT, or EINVALID for a value the schema
// refuses); other errors are returned as they are.
func formatError(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		msg := se.Error()
		if i := strings.LastIndex(msg, "constraint failed: "); i >= 0 {
			cols := msg[i+len("constraint failed: "):]
			if j := strings.IndexAny(cols, "()"); j >= 0 {
				cols = strings.TrimSpace(cols[:j])
			}
			if m, ok := conflictMessages[cols]; ok {
				return vigil.Errorf(vigil.ECONFLICT, "%s", m)
			}
		}
		return vigil.Errorf(vigil.ECONFLICT, "this conflicts with what is already stored")
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return vigil.Errorf(vigil.ECONFLICT, "this refers to something that is not stored (was it deleted meanwhile?)")
	case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return vigil.Errorf(vigil.EINVALID, "a value is outside what the store accepts: %s", se.Error())
	}
	return err
}

// newSubjectID returns a short random subject ID, "s-" and 12 base32 characters (60 bits): short enough to
// read out on a call, random enough that the collision check in the caller almost never retries.
func newSubjectID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return "s-" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))[:12]
}

// foldName is a name as FindSubjects compares it: case-folded with full Unicode folding (SQL's lower() folds
// ASCII only in SQLite). Invalid UTF-8 and NUL, which no stored name has, become U+FFFD, which none has either:
// PostgreSQL refuses both in text, and SQLite would cut a C string at the NUL.
func foldName(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
	return cases.Fold().String(s)
}

// requireActor rejects an empty or unreasonable actor: every change is recorded in the audit log under one.
func requireActor(actor string) error {
	if strings.TrimSpace(actor) == "" {
		return vigil.Errorf(vigil.EINVALID, "actor: is required, to record who made the change in the audit log")
	}
	if len(actor) > 256 {
		return vigil.Errorf(vigil.EINVALID, "actor: is %d bytes long; at most 256 are allowed", len(actor))
	}
	if !storableText(actor) {
		return vigil.Errorf(vigil.EINVALID, "actor: contains a NUL character or invalid UTF-8")
	}
	return nil
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
