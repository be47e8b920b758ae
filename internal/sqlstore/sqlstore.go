// Package sqlstore implements vigil.Store once over database/sql, for sqlite/ and postgres/: they open the
// connections and migrate the schema, and give the Store a Dialect that says what sets their database apart.
// The SQL here is read alike by both: placeholders are $1, $2 … and the schema is the same logical schema.
//
// Each exported method of Store owns its transaction (begun, rolled back on return unless committed);
// lowercase helpers take (ctx, tx, …) and run inside one.
package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
	"golang.org/x/text/cases"
)

// Store is vigil.Store on a database/sql database. It is safe for concurrent use.
type Store struct {
	dialect *Dialect
	now     func() time.Time

	// write runs the transactions that write; read the read-only ones, concurrently with the writer where
	// the database allows it. They may be the same pool.
	write, read           *sql.DB
	writeStmts, readStmts *stmtCache // nil unless the dialect caches statements
}

var _ vigil.Store = (*Store)(nil)

// New returns a Store on the pools write and read (read may be write, or nil for write), which it takes over:
// Close closes them. now is read at the start of each transaction; every row the transaction writes is
// stamped with that time, in UTC to the microsecond.
func New(d *Dialect, write, read *sql.DB, now func() time.Time) *Store {
	if read == nil {
		read = write
	}
	s := &Store{dialect: d, now: now, write: write, read: read}
	if d.CacheStatements {
		s.writeStmts = &stmtCache{pool: write}
		s.readStmts = s.writeStmts
		if read != write {
			s.readStmts = &stmtCache{pool: read}
		}
	}
	return s
}

// Close closes the prepared statements and the pools.
func (s *Store) Close() error {
	var errs []error
	if s.readStmts != nil && s.readStmts != s.writeStmts {
		errs = append(errs, s.readStmts.close())
	}
	if s.writeStmts != nil {
		errs = append(errs, s.writeStmts.close())
	}
	if s.read != s.write {
		errs = append(errs, s.read.Close())
	}
	errs = append(errs, s.write.Close())
	return errors.Join(errs...)
}

// beginTx starts a transaction: on the write pool, or on the read pool for readOnly.
func (s *Store) beginTx(ctx context.Context, readOnly bool) (*Tx, error) {
	pool, stmts := s.write, s.writeStmts
	if readOnly {
		pool, stmts = s.read, s.readStmts
	}
	tx, err := pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return nil, fmt.Errorf("begin transaction: %w", err)
	}
	return &Tx{Tx: tx, dialect: s.dialect, stmts: stmts, now: storedTime(s.now()), ctx: ctx}, nil
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

// newSubjectID returns a short random subject ID, "s-" and 12 base32 characters (60 bits): short enough to
// read out on a call, random enough that the collision check in the caller almost never retries.
func newSubjectID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return "s-" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))[:12]
}

// foldName is a name as FindSubjects compares it: case-folded with full Unicode folding, in Go, so that both
// databases fold alike whatever their locale (SQL's lower() folds ASCII only in SQLite). Invalid UTF-8 and NUL,
// which no stored name has, become U+FFFD, which none has either: PostgreSQL refuses both in text, and SQLite
// would cut a C string at the NUL.
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
