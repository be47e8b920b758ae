package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/vigil-sec/vigil/internal/sqlstore"
)

// dialect is what PostgreSQL does its own way under the shared store. Transactions are READ COMMITTED: writers
// that must not interleave take a lock first, a row lock (SaveScreening's update of the subject) or an advisory
// lock (lockList).
var dialect = sqlstore.Dialect{
	Position:   "strpos",
	True:       "TRUE",
	False:      "FALSE",
	NoLimit:    "ALL",
	Time:       func(t time.Time) any { return t },
	Violation:  violation,
	LockList:   lockList,
	InsertList: insertList,
}

// constraints name PostgreSQL's unique constraints by their columns, as sqlstore.Violation does.
var constraints = map[string]string{
	"subjects_pkey":                        "subjects.id",
	"tokens_hash_key":                      "tokens.hash",
	"cases_active_subject":                 "cases.subject_id",
	"list_versions_active":                 "list_versions.list",
	"findings_subject_id_key_key":          "findings.subject_id, findings.key",
	"finding_mentions_pkey":                "finding_mentions.finding_id, finding_mentions.mentioned_subject_id",
	"list_entries_version_id_entry_id_key": "list_entries.version_id, list_entries.entry_id",
	"subject_identifiers_pkey":             "subject_identifiers.subject_id, subject_identifiers.kind, subject_identifiers.value",
}

// violation reads a constraint violation, or text that PostgreSQL's text type refuses, from an error of pgx.
func violation(err error) (sqlstore.Violation, bool) {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return sqlstore.Violation{}, false
	}
	switch pe.Code {
	case "23505": // unique_violation
		return sqlstore.Violation{Kind: sqlstore.Unique, Constraint: constraints[pe.ConstraintName]}, true
	case "23503": // foreign_key_violation
		return sqlstore.Violation{Kind: sqlstore.ForeignKey}, true
	case "23514", "23502": // check_violation, not_null_violation
		return sqlstore.Violation{Kind: sqlstore.Invalid, Message: pe.Message}, true
	case "22P05", "22021": // untranslatable_character (\u0000 in JSON), character_not_in_repertoire (NUL, bad UTF-8)
		return sqlstore.Violation{Kind: sqlstore.BadText}, true
	}
	return sqlstore.Violation{}, false
}

// lockList makes imports of one list queue: each then sees the version the one before made active.
func lockList(ctx context.Context, tx *sqlstore.Tx, list string) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('vigil list import ' || $1, 0))`, list)
	return err
}

// insertList inserts a list version's rows with one statement per table, the rows as arrays: a round trip
// each, whatever the size of the list.
func insertList(ctx context.Context, tx *sqlstore.Tx, rows *sqlstore.ListRows) error {
	es, is := &rows.Entries, &rows.Indicators
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO list_entries (version_id, list, entry_id, kind, name, document)
		SELECT $1, $2, e.entry_id, e.kind, e.name, e.document::jsonb
		FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS e (entry_id, kind, name, document)`,
		rows.VersionID, rows.List, es.EntryID, es.Kind, es.Name, es.Document); err != nil {
		return fmt.Errorf("entries: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO indicators (version_id, list, entry_id, kind, value, raw, type)
		SELECT $1, $2, i.entry_id, i.kind, i.value, i.raw, i.type
		FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS i (entry_id, kind, value, raw, type)`,
		rows.VersionID, rows.List, is.EntryID, is.Kind, is.Value, is.Raw, is.Type); err != nil {
		return fmt.Errorf("indicators: %w", err)
	}
	return nil
}
