// Package postgres implements vigil.Store on PostgreSQL (pgx through database/sql), for several Vigil
// processes sharing one database. sqlite/ implements the same contract on SQLite, with SQL that reads alike;
// storetest/ is the suite both pass.
package postgres

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"embed"
	"encoding/base32"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/vigil-sec/vigil"
	"golang.org/x/text/cases"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// maxConns bounds the connections one process opens: PostgreSQL allows 100 by default, shared by every worker.
const maxConns = 10

// DB is Vigil's store in a PostgreSQL database. It is safe for concurrent use, also by several processes.
type DB struct {
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
	if err := db.db.PingContext(ctx); err != nil {
		db.db.Close()
		return nil, fmt.Errorf("connect to PostgreSQL at %s:%d database %s: %w", cfg.Host, cfg.Port, cfg.Database, err)
	}
	if err := db.Migrate(ctx); err != nil {
		db.db.Close()
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
	return db.db.Close()
}

// Tx is a transaction with the time it began, which every row it writes is stamped with.
type Tx struct {
	*sql.Tx
	db  *DB
	now time.Time
}

// beginTx starts a transaction, read-only for readOnly. Transactions are READ COMMITTED; writers that must not
// interleave take a row or advisory lock first (see SaveScreening and ImportList).
func (db *DB) beginTx(ctx context.Context, readOnly bool) (*Tx, error) {
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	return &Tx{Tx: tx, db: db, now: storedTime(db.Now())}, nil
}

// storedTime is t as the store keeps it: UTC, to the microsecond.
func storedTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// timeArg is the argument for a time column: NULL for the zero time.
func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return storedTime(t)
}

// nullTime scans a time column; NULL is the zero time. Times come back in UTC.
type nullTime time.Time

func (n *nullTime) Scan(value any) error {
	switch v := value.(type) {
	case nil:
		*n = nullTime{}
	case time.Time:
		*n = nullTime(v.UTC())
	default:
		return fmt.Errorf("scan time: unexpected %T", value)
	}
	return nil
}

// Value makes nullTime usable as an argument too.
func (n nullTime) Value() (driver.Value, error) {
	return timeArg(time.Time(n)), nil
}

// query builds a WHERE clause: arg adds an argument and returns its placeholder, and and adds a condition.
type query struct {
	conds []string
	args  []any
	page  []any // LIMIT and OFFSET, after args
}

func (q *query) arg(v any) string {
	if s, ok := v.(string); ok && !storableText(s) {
		// No stored text equals it, and PostgreSQL would refuse it: match nothing, as SQLite does.
		q.conds = append(q.conds, "FALSE")
		v = ""
	}
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

// limitOffset returns the LIMIT clause for limit (0: none) and offset. They are arguments, so that the query
// text, which pgx prepares and caches, does not vary with them; withPage returns the arguments of the query
// with them.
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
		return "OFFSET " + arg(offset)
	}
	return ""
}

func (q *query) withPage() []any {
	return append(slices.Clip(q.args), q.page...)
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

// conflictMessages explain, per constraint, what a conflict means to the user who caused it.
var conflictMessages = map[string]string{
	"subjects_pkey":                        "a subject with this ID already exists",
	"tokens_hash_key":                      "a token with this secret already exists",
	"cases_active_subject":                 "the subject already has an open case",
	"list_versions_active":                 "the list already has an active version",
	"findings_subject_id_key_key":          "the subject already has a finding with this key",
	"list_entries_version_id_entry_id_key": "the list version already has an entry with this ID",
	"subject_identifiers_pkey":             "the subject already holds this identifier",
}

// formatError turns a constraint violation into a vigil error (ECONFLICT, or EINVALID for a value the schema or
// PostgreSQL's text type refuses); other errors are returned as they are.
func formatError(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case "23505": // unique_violation
		if m, ok := conflictMessages[pe.ConstraintName]; ok {
			return vigil.Errorf(vigil.ECONFLICT, "%s", m)
		}
		return vigil.Errorf(vigil.ECONFLICT, "this conflicts with what is already stored")
	case "23503": // foreign_key_violation
		return vigil.Errorf(vigil.ECONFLICT, "this refers to something that is not stored (was it deleted meanwhile?)")
	case "23514", "23502": // check_violation, not_null_violation
		return vigil.Errorf(vigil.EINVALID, "a value is outside what the store accepts: %s", pe.Message)
	case "22P05", "22021": // untranslatable_character (\u0000 in JSON), character_not_in_repertoire (NUL, bad UTF-8)
		return vigil.Errorf(vigil.EINVALID, "a value contains a NUL character or invalid UTF-8, which cannot be stored")
	}
	return err
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// newSubjectID returns a short random subject ID, "s-" and 12 base32 characters (60 bits): short enough to
// read out on a call, random enough that the collision check in the caller almost never retries.
func newSubjectID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return "s-" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))[:12]
}

// foldName is a name as FindSubjects compares it: case-folded with full Unicode folding, in Go, so that it
// folds as sqlite/ does whatever the database's locale. Invalid UTF-8 and NUL, which no stored name has and
// PostgreSQL's text refuses, become U+FFFD, which no stored name has either.
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
