package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
)

// FindSubjectByID returns one subject. ENOTFOUND if there is none.
func (s *Store) FindSubjectByID(ctx context.Context, id string) (*vigil.Subject, error) {
	tx, err := s.beginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findSubjectByID(ctx, tx, id)
}

// FindSubjects returns the subjects matching filter, ordered by ID, and the total that match ignoring Offset
// and Limit.
func (s *Store) FindSubjects(ctx context.Context, filter vigil.SubjectFilter) ([]*vigil.Subject, int, error) {
	if err := checkPage(filter.Offset, filter.Limit); err != nil {
		return nil, 0, err
	}
	tx, err := s.beginTx(ctx, true)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findSubjects(ctx, tx, filter)
}

// FindLinks returns, for each of idents, the other subjects (not excludeID) holding the same canonical
// identifier, ordered by kind, value, then subject ID: the first vigil.MaxLinksPerIdentifier of them, each Link
// carrying in Holders how many there are. A Link's Identifier is the one given (with the caller's Field), its
// Field and Use are where the other subject holds it.
func (s *Store) FindLinks(ctx context.Context, excludeID string, idents []vigil.Identifier) ([]*vigil.Link, error) {
	if len(idents) == 0 {
		return nil, nil
	}
	tx, err := s.beginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findLinks(ctx, tx, excludeID, idents)
}

// DeleteSubject erases a subject and everything stored about it in one transaction: identifiers, findings,
// cases and their notes, match decisions, and the findings of other subjects that name it (a shared bank account
// names who else holds it); re-screen those subjects afterwards to rescore them. The detail of the subject's earlier audit events is blanked, since it
// may quote the subject's data; the events themselves stay, with an event recording that actor erased the
// subject, naming only its ID. ENOTFOUND if there is none.
func (s *Store) DeleteSubject(ctx context.Context, id string, actor string) ([]string, error) {
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	tx, err := s.beginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	affected, err := deleteSubject(ctx, tx, id, actor)
	if err != nil {
		return nil, err
	}
	return affected, tx.Commit()
}

func findSubjectByID(ctx context.Context, tx *Tx, id string) (*vigil.Subject, error) {
	subjects, _, err := findSubjects(ctx, tx, vigil.SubjectFilter{ID: &id})
	if err != nil {
		return nil, err
	} else if len(subjects) == 0 {
		return nil, vigil.Errorf(vigil.ENOTFOUND, "subject %s not found", vigil.Quote(id))
	}
	return subjects[0], nil
}

func findSubjects(ctx context.Context, tx *Tx, filter vigil.SubjectFilter) ([]*vigil.Subject, int, error) {
	q := tx.query()
	if v := filter.ID; v != nil {
		q.and("id = " + q.arg(*v))
	}
	if v := filter.Kind; v != nil {
		q.and("kind = " + q.arg(string(*v)))
	}
	if v := filter.Name; v != nil {
		q.and(tx.dialect.Position + "(name_fold, " + q.arg(foldName(*v)) + ") > 0")
	}
	if v := filter.UpdatedBefore; v != nil {
		q.and("updated_at < " + q.arg(tx.timeArg(*v)))
	}
	if v := filter.UpdatedAfter; v != nil {
		q.and("updated_at > " + q.arg(tx.timeArg(*v)))
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT id, document, created_at, updated_at, screened_at
		FROM subjects
		`+q.where()+`
		ORDER BY id
		`+q.limitOffset(filter.Limit, filter.Offset), q.withPage()...)
	if err != nil {
		return nil, 0, fmt.Errorf("find subjects: %w", err)
	}
	defer rows.Close()
	var subjects []*vigil.Subject
	for rows.Next() {
		var (
			id  string
			doc []byte
			s   vigil.Subject
		)
		if err := rows.Scan(&id, &doc, (*nullTime)(&s.CreatedAt), (*nullTime)(&s.UpdatedAt), (*nullTime)(&s.ScreenedAt)); err != nil {
			return nil, 0, fmt.Errorf("find subjects: %w", err)
		}
		if err := json.Unmarshal(doc, &s); err != nil {
			return nil, 0, fmt.Errorf("find subjects: document of subject %q: %w", id, err)
		}
		s.ID = id
		subjects = append(subjects, &s)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find subjects: %w", err)
	}
	n, err := count(ctx, tx, "subjects", q, len(subjects), filter.Offset, filter.Limit)
	return subjects, n, err
}

// upsertSubject stores s, screened as of screenedAt, under s.ID, or under a new ID when it has none (setting
// s.ID), replacing the document of an existing subject. It sets s.CreatedAt, s.UpdatedAt and s.ScreenedAt and
// reports whether the subject is new.
func upsertSubject(ctx context.Context, tx *Tx, s *vigil.Subject, screenedAt time.Time) (created bool, err error) {
	s.ScreenedAt = storedTime(screenedAt)
	generate := s.ID == ""
	for attempt := 0; ; attempt++ {
		if generate {
			if attempt == 5 {
				return false, errors.New("insert subject: no free subject ID after 5 random tries")
			}
			s.ID = newSubjectID()
		}
		doc, err := json.Marshal(s)
		if err != nil {
			return false, fmt.Errorf("encode subject %q: %w", s.ID, err)
		}
		res, err := tx.ExecContext(ctx, `
			INSERT INTO subjects (id, kind, name, name_fold, birth_date, document, created_at, updated_at, screened_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)
			ON CONFLICT (id) DO NOTHING`,
			s.ID, string(s.Kind), s.Name, foldName(s.Name), s.BirthDate, string(doc), tx.timeArg(tx.now), tx.timeArg(s.ScreenedAt))
		if err != nil {
			return false, fmt.Errorf("insert subject %q: %w", s.ID, tx.formatError(err))
		}
		if n, err := res.RowsAffected(); err != nil {
			return false, fmt.Errorf("insert subject %q: %w", s.ID, err)
		} else if n == 1 {
			s.CreatedAt, s.UpdatedAt = tx.now, tx.now
			return true, nil
		}
		if generate {
			continue // taken: draw another
		}
		err = tx.QueryRowContext(ctx, `
			UPDATE subjects
			SET kind = $2, name = $3, name_fold = $4, birth_date = $5, document = $6, updated_at = $7, screened_at = $8
			WHERE id = $1
			RETURNING created_at`,
			s.ID, string(s.Kind), s.Name, foldName(s.Name), s.BirthDate, string(doc), tx.timeArg(tx.now), tx.timeArg(s.ScreenedAt),
		).Scan((*nullTime)(&s.CreatedAt))
		if err != nil {
			return false, fmt.Errorf("update subject %q: %w", s.ID, tx.formatError(err))
		}
		s.UpdatedAt = tx.now
		return false, nil
	}
}

// FindSubjectsNaming returns the other subjects whose findings name id, ordered by ID.
func (s *Store) FindSubjectsNaming(ctx context.Context, id string) ([]string, error) {
	tx, err := s.beginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findSubjectsNaming(ctx, tx, id)
}

func findSubjectsNaming(ctx context.Context, tx *Tx, id string) ([]string, error) {
	if !storableText(id) {
		return nil, nil // no subject has that ID
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT DISTINCT subject_id FROM finding_mentions WHERE mentioned_subject_id = $1 AND subject_id <> $1 ORDER BY subject_id`, id)
	if err != nil {
		return nil, fmt.Errorf("find subjects naming %q: %w", id, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var other string
		if err := rows.Scan(&other); err != nil {
			return nil, fmt.Errorf("find subjects naming %q: %w", id, err)
		}
		ids = append(ids, other)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find subjects naming %q: %w", id, err)
	}
	slices.Sort(ids) // in Go: byte order whatever the database's collation
	return ids, nil
}

// markRescreened records that a subject read from the store was screened again at screenedAt, provided it is
// still as it was read: ENOTFOUND if it was erased since, ECONFLICT if it was updated since. Its document,
// identifiers and updated_at stay as they are.
func markRescreened(ctx context.Context, tx *Tx, s *vigil.Subject, screenedAt time.Time) error {
	s.ScreenedAt = storedTime(screenedAt)
	if !storableText(s.ID) {
		return vigil.Errorf(vigil.ENOTFOUND, "subject %s not found", vigil.Quote(s.ID))
	}
	res, err := tx.ExecContext(ctx, `UPDATE subjects SET screened_at = $2 WHERE id = $1 AND updated_at = $3`,
		s.ID, tx.timeArg(s.ScreenedAt), tx.timeArg(storedTime(s.UpdatedAt)))
	if err != nil {
		return fmt.Errorf("mark subject %q screened: %w", s.ID, tx.formatError(err))
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("mark subject %q screened: %w", s.ID, err)
	} else if n == 1 {
		return nil
	}
	var one int
	switch err := tx.QueryRowContext(ctx, `SELECT 1 FROM subjects WHERE id = $1`, s.ID).Scan(&one); {
	case errors.Is(err, sql.ErrNoRows):
		return vigil.Errorf(vigil.ENOTFOUND, "subject %s not found: it was erased while being screened again", vigil.Quote(s.ID))
	case err != nil:
		return fmt.Errorf("mark subject %q screened: %w", s.ID, err)
	}
	return vigil.Errorf(vigil.ECONFLICT, "subject %s was updated while being screened again; read it again", vigil.Quote(s.ID))
}

// replaceSubjectIdentifiers makes idents the subject's identifiers, changing only what changed: an identifier
// the subject already held keeps the time it was first recorded, and a re-screen of an unchanged subject
// writes nothing. fresh says the subject is new and holds none yet.
func replaceSubjectIdentifiers(ctx context.Context, tx *Tx, subjectID string, idents []vigil.Identifier, fresh bool) error {
	type identKey struct{ kind, value string }
	type place struct{ field, use string }
	held := make(map[identKey]place)
	if !fresh {
		rows, err := tx.QueryContext(ctx, `SELECT kind, value, field, use FROM subject_identifiers WHERE subject_id = $1`, subjectID)
		if err != nil {
			return fmt.Errorf("read identifiers of subject %q: %w", subjectID, err)
		}
		for rows.Next() {
			var k identKey
			var p place
			if err := rows.Scan(&k.kind, &k.value, &p.field, &p.use); err != nil {
				rows.Close()
				return fmt.Errorf("read identifiers of subject %q: %w", subjectID, err)
			}
			held[k] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read identifiers of subject %q: %w", subjectID, err)
		}
	}
	for _, id := range idents {
		k, p := identKey{string(id.Kind), id.Value}, place{id.Field, id.Use}
		old, ok := held[k]
		delete(held, k)
		switch {
		case !ok:
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO subject_identifiers (subject_id, kind, value, field, use, created_at)
				VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (subject_id, kind, value) DO NOTHING`,
				subjectID, k.kind, k.value, p.field, p.use, tx.timeArg(tx.now)); err != nil {
				return fmt.Errorf("insert identifier %s of subject %q: %w", id.Field, subjectID, tx.formatError(err))
			}
		case old != p:
			if _, err := tx.ExecContext(ctx, `
				UPDATE subject_identifiers SET field = $4, use = $5 WHERE subject_id = $1 AND kind = $2 AND value = $3`,
				subjectID, k.kind, k.value, p.field, p.use); err != nil {
				return fmt.Errorf("update identifier %s of subject %q: %w", id.Field, subjectID, tx.formatError(err))
			}
		}
	}
	for k := range held {
		if _, err := tx.ExecContext(ctx, `DELETE FROM subject_identifiers WHERE subject_id = $1 AND kind = $2 AND value = $3`,
			subjectID, k.kind, k.value); err != nil {
			return fmt.Errorf("delete identifier of subject %q: %w", subjectID, err)
		}
	}
	return nil
}

// linksBatch is how many identifiers findLinks asks about in one statement at most. A statement has a branch
// per identifier, their number rounded up to a power of two (the spare ones ask for the empty kind, which no
// identifier has), so that the statement cache holds six texts, not one per count of identifiers.
const linksBatch = 32

// findLinks asks for each identifier the first MaxLinksPerIdentifier other holders by subject ID and how many
// there are, in one statement per linksBatch identifiers. Each branch walks the index on (kind, value,
// subject_id) in order and stops at the limit, and counts the holders on the same index without reading the
// table: a value that an agency or a laptop farm gives to thousands of subjects costs an index range count,
// not thousands of rows. (Window functions over the holders, ROW_NUMBER and COUNT partitioned by identifier,
// read every holder through the window: 20 times slower on SQLite, twice on PostgreSQL, for 5,000 holders.)
func findLinks(ctx context.Context, tx *Tx, excludeID string, idents []vigil.Identifier) ([]*vigil.Link, error) {
	if !storableText(excludeID) {
		excludeID = "" // no subject has that ID: none is excluded
	}
	type identKey struct{ kind, value string }
	given := make(map[identKey]vigil.Identifier, len(idents))
	var keys []identKey
	for _, ident := range idents {
		k := identKey{string(ident.Kind), ident.Value}
		if _, ok := given[k]; ok || k.kind == "" || !storableText(k.kind) || !storableText(k.value) {
			continue // a value PostgreSQL refuses is held by no one
		}
		given[k] = ident
		keys = append(keys, k)
	}
	var links []*vigil.Link
	for batch := range slices.Chunk(keys, linksBatch) {
		size := 1
		for size < len(batch) {
			size *= 2
		}
		args := []any{excludeID, vigil.MaxLinksPerIdentifier}
		branches := make([]string, size)
		for i := range size {
			k := identKey{} // the empty kind: no one holds it
			if i < len(batch) {
				k = batch[i]
			}
			args = append(args, k.kind, k.value)
			kind, value := "$"+strconv.Itoa(len(args)-1), "$"+strconv.Itoa(len(args))
			branches[i] = `SELECT * FROM (
				SELECT si.kind, si.value, si.subject_id, s.name, s.birth_date, si.field, si.use,
					(SELECT COUNT(*) FROM subject_identifiers c
					WHERE c.kind = ` + kind + ` AND c.value = ` + value + ` AND c.subject_id <> $1) AS holders
				FROM subject_identifiers si JOIN subjects s ON s.id = si.subject_id
				WHERE si.kind = ` + kind + ` AND si.value = ` + value + ` AND si.subject_id <> $1
				ORDER BY si.subject_id
				LIMIT $2
			) l` + strconv.Itoa(i)
		}
		rows, err := tx.QueryContext(ctx, strings.Join(branches, "\nUNION ALL\n")+"\nORDER BY kind, value, subject_id", args...)
		if err != nil {
			return nil, fmt.Errorf("find links: %w", err)
		}
		for rows.Next() {
			var k identKey
			l := &vigil.Link{}
			if err := rows.Scan(&k.kind, &k.value, &l.SubjectID, &l.Name, &l.BirthDate, &l.Field, &l.Use, &l.Holders); err != nil {
				rows.Close()
				return nil, fmt.Errorf("find links: %w", err)
			}
			l.Identifier = given[k]
			links = append(links, l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("find links: %w", err)
		}
	}
	if len(keys) > linksBatch {
		// Each statement's links are in order; together they are not.
		slices.SortFunc(links, func(a, b *vigil.Link) int {
			return cmp.Or(
				cmp.Compare(a.Identifier.Kind, b.Identifier.Kind),
				cmp.Compare(a.Identifier.Value, b.Identifier.Value),
				cmp.Compare(a.SubjectID, b.SubjectID),
			)
		})
	}
	return links, nil
}

func deleteSubject(ctx context.Context, tx *Tx, id, actor string) ([]string, error) {
	if !storableText(id) {
		return nil, vigil.Errorf(vigil.ENOTFOUND, "subject %s not found", vigil.Quote(id))
	}
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM subjects WHERE id = $1`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, vigil.Errorf(vigil.ENOTFOUND, "subject %s not found", vigil.Quote(id))
	} else if err != nil {
		return nil, fmt.Errorf("delete subject %q: %w", id, err)
	}
	// Other subjects' findings that name this one would keep its name and identifiers: they go, and their
	// subjects are returned to be screened again.
	affected, err := findSubjectsNaming(ctx, tx, id)
	if err != nil {
		return nil, fmt.Errorf("delete subject %q: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `
		DELETE FROM findings WHERE id IN (SELECT finding_id FROM finding_mentions WHERE mentioned_subject_id = $1)`, id); err != nil {
		return nil, fmt.Errorf("delete subject %q: findings that name it: %w", id, tx.formatError(err))
	}
	// Identifiers, findings, cases, case notes and match decisions go with the subject (ON DELETE CASCADE).
	if _, err := tx.ExecContext(ctx, `DELETE FROM subjects WHERE id = $1`, id); err != nil {
		return nil, fmt.Errorf("delete subject %q: %w", id, tx.formatError(err))
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_events SET detail = '' WHERE subject_id = $1`, id); err != nil {
		return nil, fmt.Errorf("delete subject %q: blank audit details: %w", id, err)
	}
	return affected, insertAuditEvent(ctx, tx, &vigil.AuditEvent{Actor: actor, Action: "subject.delete", SubjectID: id, Target: "subject:" + id})
}
