package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-sec/vigil/internal/sqlstore"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect is what SQLite does its own way under the shared store. Transactions need nothing of it: the one
// write connection begins them IMMEDIATE (see fileDSN), so writers queue and imports of a list never overlap.
var dialect = sqlstore.Dialect{
	Position:        "instr",
	True:            "1",
	False:           "0",
	NoLimit:         "-1",
	Time:            func(t time.Time) any { return t.Format(timeLayout) },
	Violation:       violation,
	CacheStatements: true,
	InsertList:      insertList,
}

// timeLayout is how times are stored: SQLite has no time type, so times are text in UTC, fixed width so that
// string order is time order (the RFC 3339 that sqlstore scans back).
const timeLayout = "2006-01-02T15:04:05.000000Z"

// violation reads a constraint violation from an error of modernc.org/sqlite, which names a unique constraint
// by its columns ("UNIQUE constraint failed: tokens.hash") as sqlstore does.
func violation(err error) (sqlstore.Violation, bool) {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return sqlstore.Violation{}, false
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		v := sqlstore.Violation{Kind: sqlstore.Unique}
		msg := se.Error()
		if i := strings.LastIndex(msg, "constraint failed: "); i >= 0 {
			cols := msg[i+len("constraint failed: "):]
			if j := strings.IndexAny(cols, "()"); j >= 0 {
				cols = strings.TrimSpace(cols[:j])
			}
			v.Constraint = cols
		}
		return v, true
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return sqlstore.Violation{Kind: sqlstore.ForeignKey}, true
	case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return sqlstore.Violation{Kind: sqlstore.Invalid, Message: se.Error()}, true
	}
	return sqlstore.Violation{}, false
}

// insertList inserts a list version's rows in multi-row INSERT statements.
func insertList(ctx context.Context, tx *sqlstore.Tx, rows *sqlstore.ListRows) error {
	fixed := []any{rows.VersionID, rows.List}
	es, is := &rows.Entries, &rows.Indicators
	if err := insertRows(ctx, tx, "list_entries", []string{"version_id", "list", "entry_id", "kind", "name", "document"},
		fixed, es.EntryID, es.Kind, es.Name, es.Document); err != nil {
		return fmt.Errorf("entries: %w", err)
	}
	if err := insertRows(ctx, tx, "indicators", []string{"version_id", "list", "entry_id", "kind", "value", "raw", "type"},
		fixed, is.EntryID, is.Kind, is.Value, is.Raw, is.Type); err != nil {
		return fmt.Errorf("indicators: %w", err)
	}
	return nil
}

// rowsPerInsert bounds one multi-row INSERT: enough rows to make a 15,000-entry list a few dozen statements,
// few enough to stay far below SQLite's limit of 32,766 arguments.
const rowsPerInsert = 500

// insertRows inserts rows into table: row i has the values fixed, then columns[0][i], columns[1][i] …, for
// cols in that order.
func insertRows(ctx context.Context, tx *sqlstore.Tx, table string, cols []string, fixed []any, columns ...[]string) error {
	width := len(cols)
	rows := len(columns[0])
	stmtFor := func(n int) string {
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
		// Anonymous placeholders: SQLite looks a numbered one up by name in a list, which makes binding
		// thousands of them quadratic.
		row := "(" + strings.Repeat("?, ", width-1) + "?)"
		for r := 0; r < n; r++ {
			if r > 0 {
				b.WriteString(", ")
			}
			b.WriteString(row)
		}
		return b.String()
	}
	args := make([]any, 0, min(rows, rowsPerInsert)*width)
	argsOf := func(from, to int) []any {
		args = args[:0]
		for r := from; r < to; r++ {
			args = append(args, fixed...)
			for _, col := range columns {
				args = append(args, col[r])
			}
		}
		return args
	}
	done := 0
	if rows >= rowsPerInsert {
		stmt, err := tx.PrepareContext(ctx, stmtFor(rowsPerInsert))
		if err != nil {
			return err
		}
		defer stmt.Close()
		for ; rows-done >= rowsPerInsert; done += rowsPerInsert {
			if _, err := stmt.ExecContext(ctx, argsOf(done, done+rowsPerInsert)...); err != nil {
				return err
			}
		}
	}
	if done < rows {
		// Not through the statement cache: the text varies with the number of rows.
		if _, err := tx.Tx.ExecContext(ctx, stmtFor(rows-done), argsOf(done, rows)...); err != nil {
			return err
		}
	}
	return nil
}
