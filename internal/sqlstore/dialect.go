package sqlstore

import (
	"context"
	"time"
)

// Dialect is what sets one database apart under the Store: a few words of SQL, how a time is passed, how the
// driver reports a constraint violation, whether statements need caching, and how a list import is locked and
// bulk-inserted. Everything else is the same SQL on both databases. A Dialect is a package-level value of
// sqlite/ and postgres/, shared by all their stores; it must not change once in use.
type Dialect struct {
	// Position is the SQL function giving the 1-based position of a string in another, 0 when absent: FindSubjects
	// searches names with it (instr in SQLite, strpos in PostgreSQL).
	Position string

	// True and False are the literals written for the boolean column list_versions.active: 1 and 0 in SQLite,
	// whose partial index is on active = 1; TRUE and FALSE in PostgreSQL.
	True, False string

	// NoLimit is what LIMIT takes to mean no limit, for an OFFSET without a limit: -1 in SQLite, which has no
	// OFFSET without LIMIT; ALL in PostgreSQL.
	NoLimit string

	// Time returns the argument for a time column holding t, which is in UTC, to the microsecond, and not zero.
	// Whatever it returns must scan back as a time.Time or as text in RFC 3339 (see nullTime).
	Time func(t time.Time) any

	// Violation reads a constraint violation from an error of the driver; ok is false for any other error.
	// FormatError turns what it reads into a vigil error.
	Violation func(err error) (v Violation, ok bool)

	// CacheStatements keeps every statement the Store runs prepared, per pool, for a driver that compiles each
	// statement it runs and keeps nothing (modernc.org/sqlite). pgx caches prepared statements itself.
	CacheStatements bool

	// LockList, unless nil, is called first in the transaction of a list import, to make imports of one list
	// wait for each other so that each sees the version the one before made active. PostgreSQL needs it
	// (transactions are READ COMMITTED); SQLite has one writer, which queues them already.
	LockList func(ctx context.Context, tx *Tx, list string) error

	// InsertList inserts the rows of a new list version, as fast as the database allows: a list has tens of
	// thousands of rows. Errors of the driver are returned as they are; the Store formats them.
	InsertList func(ctx context.Context, tx *Tx, rows *ListRows) error
}

// ListRows are the rows of a new list version, column by column: entry row i holds Entries.EntryID[i],
// Entries.Kind[i] …, and every row has VersionID and List besides.
type ListRows struct {
	VersionID int64
	List      string

	// Entries are the columns entry_id, kind, name and document (JSON) of list_entries.
	Entries struct{ EntryID, Kind, Name, Document []string }
	// Indicators are the columns entry_id, kind, value, raw and type of indicators.
	Indicators struct{ EntryID, Kind, Value, Raw, Type []string }
}

// A Violation is a constraint the database enforced against what a user asked for, as a Dialect reads it
// from its driver's error.
type Violation struct {
	Kind ViolationKind
	// Constraint names a violated unique constraint by its columns, the way SQLite does: "tokens.hash",
	// "findings.subject_id, findings.key". FormatError explains the known ones to the user.
	Constraint string
	// Message is the database's own description of an Invalid violation.
	Message string
}

// ViolationKind says which kind of constraint a Violation is of.
type ViolationKind int

const (
	// Unique is a unique or primary key constraint: the row conflicts with one stored (ECONFLICT).
	Unique ViolationKind = iota + 1
	// ForeignKey is a reference to a row that is not stored (ECONFLICT: it was deleted meanwhile).
	ForeignKey
	// Invalid is a check or not-null constraint: a value the schema refuses (EINVALID).
	Invalid
	// BadText is text the database cannot store, NUL or invalid UTF-8, which PostgreSQL refuses (EINVALID).
	BadText
)
