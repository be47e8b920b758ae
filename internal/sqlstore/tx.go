package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"
)

// Tx is a transaction with the time it began, which every row it writes is stamped with. Its ExecContext,
// QueryContext and QueryRowContext run statements prepared once per connection when the dialect caches
// statements (see stmtCache); the embedded *sql.Tx runs them unprepared.
type Tx struct {
	*sql.Tx
	dialect *Dialect
	now     time.Time

	stmts  *stmtCache // nil: statements are not cached
	ctx    context.Context
	missed []string // queries to prepare once the transaction is over
	done   bool
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

// stmt returns the prepared statement of query for this transaction, or nil when it is not prepared (yet).
func (tx *Tx) stmt(ctx context.Context, query string) *sql.Stmt {
	if tx.stmts == nil {
		return nil
	}
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

// formatError is the dialect's FormatError.
func (tx *Tx) formatError(err error) error { return tx.dialect.FormatError(err) }

// timeArg is the argument for a time column: NULL for the zero time.
func (tx *Tx) timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return tx.dialect.Time(storedTime(t))
}

// query starts a WHERE clause.
func (tx *Tx) query() *query { return &query{noLimit: tx.dialect.NoLimit} }

// stmtCache keeps the statements run on one pool prepared, by query text. SQLite compiles every statement it
// runs, and neither database/sql nor modernc.org/sqlite keeps the result; reusing it makes SaveScreening about
// twice as fast. A statement is prepared after the first transaction that runs it, because preparing needs a
// connection of the pool and SQLite's write pool has one, the transaction's. The queries are a bounded set
// (filters combine a fixed set of conditions; limits are arguments); the cache stops growing at maxStmts in
// case that ever changes.
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
	if ok || full {
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
