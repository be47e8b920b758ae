package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/vigil-sec/vigil"
)

// ImportList stores entries as a new version of v.List and makes it the active version in one transaction: the
// previous active version is deactivated and its entries and indicators deleted (its version row stays, as
// history), and each identifier of an entry becomes an indicator. If the active version already has v.SHA256,
// nothing changes and imported is false. v.ID, v.ImportedAt, v.Active and v.Entries are set (to the active
// version's when nothing changed). The import is recorded in the audit log as "list.import" by actor.
// EINVALID for a version or entries that cannot be stored as they are.
func (s *Store) ImportList(ctx context.Context, v *vigil.ListVersion, entries []*vigil.ListEntry, actor string) (imported bool, err error) {
	if err := validateListImport(v, entries); err != nil {
		return false, err
	}
	if err := requireActor(actor); err != nil {
		return false, err
	}
	tx, err := s.beginTx(ctx, false)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if imported, err = importList(ctx, tx, v, entries, actor); err != nil || !imported {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("import list %s: %w", v.List, tx.formatError(err))
	}
	return true, nil
}

// FindListVersions returns list versions, newest first.
func (s *Store) FindListVersions(ctx context.Context, filter vigil.ListVersionFilter) ([]*vigil.ListVersion, error) {
	tx, err := s.beginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findListVersions(ctx, tx, filter)
}

// FindListEntries returns the entries of the active versions, ordered by list and ID (as strings).
func (s *Store) FindListEntries(ctx context.Context, filter vigil.ListEntryFilter) ([]*vigil.ListEntry, error) {
	tx, err := s.beginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findListEntries(ctx, tx, filter)
}

// FindIndicators returns indicators of the active versions, ordered by kind, value, list and entry, and the
// total count ignoring Offset and Limit.
func (s *Store) FindIndicators(ctx context.Context, filter vigil.IndicatorFilter) ([]*vigil.Indicator, int, error) {
	if err := checkPage(filter.Offset, filter.Limit); err != nil {
		return nil, 0, err
	}
	tx, err := s.beginTx(ctx, true)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findIndicators(ctx, tx, filter)
}

// validateListImport checks what the schema relies on: a list name fit for URLs and reports, a hash to
// recognise the data by, and entries with unique IDs of that list whose identifiers have values.
func validateListImport(v *vigil.ListVersion, entries []*vigil.ListEntry) error {
	if v == nil {
		return vigil.Errorf(vigil.EINVALID, "list version: is required")
	}
	var problems []string
	add := func(format string, args ...any) {
		if len(problems) < 10 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	if v.List == "" {
		add("list: is required")
	} else if len(v.List) > 64 || strings.IndexFunc(v.List, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.')
	}) >= 0 {
		add("list: %s is not a list name (up to 64 letters, digits, '-', '_', '.')", vigil.Quote(v.List))
	}
	if v.SHA256 == "" {
		add("sha256: is required, to recognise the data imported")
	} else if len(v.SHA256) > 128 {
		add("sha256: is %d bytes long; at most 128 are allowed", len(v.SHA256))
	}
	if len(v.Version) > 128 {
		add("version: is %d bytes long; at most 128 are allowed", len(v.Version))
	}
	if p := badText(reflect.ValueOf(v).Elem(), "version"); p != "" {
		add("%s: contains a NUL character or invalid UTF-8", p)
	}
	ids := make(map[string]int, len(entries))
	for i, e := range entries {
		field := fmt.Sprintf("entries[%d]", i)
		if e == nil {
			add("%s: is null", field)
			continue
		}
		if e.ID == "" {
			add("%s.id: is required", field)
		} else if j, dup := ids[e.ID]; dup {
			add("%s.id: %s is also the ID of entries[%d]", field, vigil.Quote(e.ID), j)
		} else {
			ids[e.ID] = i
		}
		if e.List != "" && e.List != v.List {
			add("%s.list: %s is not the list imported, %s", field, vigil.Quote(e.List), vigil.Quote(v.List))
		}
		if p := badText(reflect.ValueOf(e).Elem(), field); p != "" {
			add("%s: contains a NUL character or invalid UTF-8 (entry %s)", p, vigil.Quote(e.ID))
		}
		for j, ident := range e.Identifiers {
			if ident.Kind == "" || ident.Value == "" {
				add("%s.identifiers[%d]: kind and value are required (entry %s)", field, j, vigil.Quote(e.ID))
			}
		}
	}
	if len(problems) > 0 {
		return vigil.Errorf(vigil.EINVALID, "import list %s: %s", vigil.Quote(v.List), strings.Join(problems, "; "))
	}
	return nil
}

func importList(ctx context.Context, tx *Tx, v *vigil.ListVersion, entries []*vigil.ListEntry, actor string) (bool, error) {
	if lock := tx.dialect.LockList; lock != nil {
		if err := lock(ctx, tx, v.List); err != nil {
			return false, fmt.Errorf("lock list %s: %w", v.List, err)
		}
	}
	active := true
	prev, err := findListVersions(ctx, tx, vigil.ListVersionFilter{List: &v.List, Active: &active})
	if err != nil {
		return false, err
	}
	if len(prev) > 0 && prev[0].SHA256 == v.SHA256 {
		v.ID, v.ImportedAt, v.Active, v.Entries = prev[0].ID, prev[0].ImportedAt, true, prev[0].Entries
		return false, nil
	}

	// Out with the old: the version row stays as history, what it held goes.
	if _, err := tx.ExecContext(ctx, `UPDATE list_versions SET active = `+tx.dialect.False+` WHERE list = $1 AND active = `+tx.dialect.True, v.List); err != nil {
		return false, fmt.Errorf("deactivate list %s: %w", v.List, tx.formatError(err))
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM indicators WHERE list = $1`, v.List); err != nil {
		return false, fmt.Errorf("delete indicators of list %s: %w", v.List, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM list_entries WHERE list = $1`, v.List); err != nil {
		return false, fmt.Errorf("delete entries of list %s: %w", v.List, err)
	}

	files, err := json.Marshal(v.Files)
	if err != nil {
		return false, fmt.Errorf("encode files of list %s: %w", v.List, err)
	}
	warnings, err := json.Marshal(v.Warnings)
	if err != nil {
		return false, fmt.Errorf("encode warnings of list %s: %w", v.List, err)
	}
	v.ImportedAt, v.Active, v.Entries = tx.now, true, len(entries)
	if err := tx.QueryRowContext(ctx, `
		INSERT INTO list_versions (list, version, as_of, sha256, files, entries, warnings, active, imported_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, `+tx.dialect.True+`, $8)
		RETURNING id`,
		v.List, v.Version, tx.timeArg(v.AsOf), v.SHA256, string(files), v.Entries, string(warnings), tx.timeArg(v.ImportedAt),
	).Scan(&v.ID); err != nil {
		return false, fmt.Errorf("insert version of list %s: %w", v.List, tx.formatError(err))
	}

	rows := &ListRows{VersionID: v.ID, List: v.List}
	n := len(entries)
	es := &rows.Entries
	es.EntryID, es.Kind, es.Name, es.Document = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	is := &rows.Indicators
	for i, e := range entries {
		doc := *e
		doc.List = v.List
		b, err := json.Marshal(&doc)
		if err != nil {
			return false, fmt.Errorf("encode entry %s of list %s: %w", e.ID, v.List, err)
		}
		es.EntryID[i], es.Kind[i], es.Name[i], es.Document[i] = e.ID, string(e.Kind), e.Name, string(b)
		for _, ident := range e.Identifiers {
			is.EntryID = append(is.EntryID, e.ID)
			is.Kind = append(is.Kind, string(ident.Kind))
			is.Value = append(is.Value, ident.Value)
			is.Raw = append(is.Raw, ident.Raw)
			is.Type = append(is.Type, ident.Type)
		}
	}
	if err := tx.dialect.InsertList(ctx, tx, rows); err != nil {
		return false, fmt.Errorf("insert rows of list %s: %w", v.List, tx.formatError(err))
	}

	asOf := "an unknown date"
	if !v.AsOf.IsZero() {
		asOf = v.AsOf.UTC().Format("2006-01-02")
	}
	detail := fmt.Sprintf("version %s as of %s, sha256 %s: %d entries, %d indicators",
		vigil.Quote(v.Version), asOf, v.SHA256, len(entries), len(is.Value))
	if len(prev) > 0 {
		detail += fmt.Sprintf("; replaces version %d (%s)", prev[0].ID, vigil.Quote(prev[0].Version))
	}
	if err := insertAuditEvent(ctx, tx, &vigil.AuditEvent{Actor: actor, Action: "list.import", Target: "list:" + v.List, Detail: detail}); err != nil {
		return false, err
	}
	return true, nil
}

func findListVersions(ctx context.Context, tx *Tx, filter vigil.ListVersionFilter) ([]*vigil.ListVersion, error) {
	q := tx.query()
	if v := filter.List; v != nil {
		q.and("list = " + q.arg(*v))
	}
	if v := filter.Active; v != nil {
		q.and("active = " + q.arg(*v))
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT id, list, version, as_of, sha256, files, entries, warnings, active, imported_at
		FROM list_versions
		`+q.where()+`
		ORDER BY imported_at DESC, id DESC`, q.args...)
	if err != nil {
		return nil, fmt.Errorf("find list versions: %w", err)
	}
	defer rows.Close()
	var versions []*vigil.ListVersion
	for rows.Next() {
		var (
			v               vigil.ListVersion
			files, warnings []byte
		)
		if err := rows.Scan(&v.ID, &v.List, &v.Version, (*nullTime)(&v.AsOf), &v.SHA256, &files, &v.Entries, &warnings,
			&v.Active, (*nullTime)(&v.ImportedAt)); err != nil {
			return nil, fmt.Errorf("find list versions: %w", err)
		}
		if err := json.Unmarshal(files, &v.Files); err != nil {
			return nil, fmt.Errorf("find list versions: files of version %d: %w", v.ID, err)
		}
		if err := json.Unmarshal(warnings, &v.Warnings); err != nil {
			return nil, fmt.Errorf("find list versions: warnings of version %d: %w", v.ID, err)
		}
		versions = append(versions, &v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find list versions: %w", err)
	}
	return versions, nil
}

func findListEntries(ctx context.Context, tx *Tx, filter vigil.ListEntryFilter) ([]*vigil.ListEntry, error) {
	q := tx.query()
	q.and("v.active = " + tx.dialect.True)
	if v := filter.List; v != nil {
		q.and("e.list = " + q.arg(*v))
	}
	if v := filter.ID; v != nil {
		q.and("e.entry_id = " + q.arg(*v))
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT e.list, e.document
		FROM list_entries e
		JOIN list_versions v ON v.id = e.version_id
		`+q.where()+`
		ORDER BY e.list, e.entry_id`, q.args...)
	if err != nil {
		return nil, fmt.Errorf("find list entries: %w", err)
	}
	defer rows.Close()
	var entries []*vigil.ListEntry
	for rows.Next() {
		var (
			list string
			doc  []byte
			e    vigil.ListEntry
		)
		if err := rows.Scan(&list, &doc); err != nil {
			return nil, fmt.Errorf("find list entries: %w", err)
		}
		if err := json.Unmarshal(doc, &e); err != nil {
			return nil, fmt.Errorf("find list entries: document of an entry of %s: %w", list, err)
		}
		e.List = list
		entries = append(entries, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find list entries: %w", err)
	}
	return entries, nil
}

func findIndicators(ctx context.Context, tx *Tx, filter vigil.IndicatorFilter) ([]*vigil.Indicator, int, error) {
	q := tx.query()
	q.and("v.active = " + tx.dialect.True)
	if v := filter.Kind; v != nil {
		q.and("i.kind = " + q.arg(string(*v)))
	}
	if v := filter.Value; v != nil {
		q.and("i.value = " + q.arg(*v))
	}
	if v := filter.List; v != nil {
		q.and("i.list = " + q.arg(*v))
	}
	const from = `indicators i JOIN list_versions v ON v.id = i.version_id`
	rows, err := tx.QueryContext(ctx, `
		SELECT i.id, i.kind, i.value, i.raw, i.type, i.list, i.entry_id, i.version_id
		FROM `+from+`
		`+q.where()+`
		ORDER BY i.kind, i.value, i.list, i.entry_id, i.id
		`+q.limitOffset(filter.Limit, filter.Offset), q.withPage()...)
	if err != nil {
		return nil, 0, fmt.Errorf("find indicators: %w", err)
	}
	defer rows.Close()
	var indicators []*vigil.Indicator
	for rows.Next() {
		var ind vigil.Indicator
		if err := rows.Scan(&ind.ID, &ind.Kind, &ind.Value, &ind.Raw, &ind.Type, &ind.List, &ind.EntryID, &ind.VersionID); err != nil {
			return nil, 0, fmt.Errorf("find indicators: %w", err)
		}
		indicators = append(indicators, &ind)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find indicators: %w", err)
	}
	n, err := count(ctx, tx, from, q, len(indicators), filter.Offset, filter.Limit)
	return indicators, n, err
}
