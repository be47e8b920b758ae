package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
)

// FindCaseByID returns one case with its notes, oldest first. ENOTFOUND if there is none.
func (s *Store) FindCaseByID(ctx context.Context, id int64) (*vigil.Case, error) {
	tx, err := s.beginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findCaseByID(ctx, tx, id)
}

// FindCases returns the cases matching filter, newest first, and the total count ignoring Offset and Limit.
// Notes are left out of lists; FindCaseByID has them.
func (s *Store) FindCases(ctx context.Context, filter vigil.CaseFilter) ([]*vigil.Case, int, error) {
	if err := checkPage(filter.Offset, filter.Limit); err != nil {
		return nil, 0, err
	}
	tx, err := s.beginTx(ctx, true)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findCases(ctx, tx, filter)
}

// UpdateCase applies upd on behalf of actor and records it in the audit log as "case.update".
//
// A decision records actor and the time as who decided and when, and closes the case, unless it is
// "escalated", which leaves the case open (reopening it if it was closed). Cleared and confirmed record in
// ReviewedKeys the keys of the subject's open findings, sorted: the decision stands against later screenings
// that see nothing else (see SaveScreening). A status given with a decision must
// agree with it. Reopening a closed case without a new decision clears the old decision from the case (the
// audit log keeps it). A note is appended under actor's name.
//
// EINVALID for an invalid update; ENOTFOUND for no case; ECONFLICT when reopening a case of a subject that has
// another open case.
func (s *Store) UpdateCase(ctx context.Context, id int64, upd vigil.CaseUpdate, actor string) (*vigil.Case, error) {
	if err := upd.Validate(); err != nil {
		return nil, err
	}
	if err := requireActor(actor); err != nil {
		return nil, err
	}
	if upd.Decision != nil && upd.Status != nil {
		closes := *upd.Decision != vigil.DecisionEscalated
		if closes != (*upd.Status == vigil.CaseClosed) {
			return nil, vigil.Errorf(vigil.EINVALID, "status: %s contradicts the decision %s, which %s the case", vigil.Quote(string(*upd.Status)), vigil.Quote(*upd.Decision), map[bool]string{true: "closes", false: "keeps open"}[closes])
		}
	}
	tx, err := s.beginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c, err := updateCase(ctx, tx, id, upd, actor)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("update case %d: %w", id, tx.formatError(err))
	}
	return c, nil
}

func findCaseByID(ctx context.Context, tx *Tx, id int64) (*vigil.Case, error) {
	cs, _, err := findCases(ctx, tx, vigil.CaseFilter{ID: &id})
	if err != nil {
		return nil, err
	} else if len(cs) == 0 {
		return nil, vigil.Errorf(vigil.ENOTFOUND, "case %d not found", id)
	}
	c := cs[0]
	if c.Notes, err = findCaseNotes(ctx, tx, c.ID); err != nil {
		return nil, err
	}
	return c, nil
}

// findActiveCase returns the subject's open or in-review case with its notes, or nil.
func findActiveCase(ctx context.Context, tx *Tx, subjectID string) (*vigil.Case, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM cases WHERE subject_id = $1 AND status IN ('open', 'in_review')`, subjectID).Scan(&id)
	if err != nil {
		if isNoRows(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("find open case of subject %q: %w", subjectID, err)
	}
	return findCaseByID(ctx, tx, id)
}

func findCases(ctx context.Context, tx *Tx, filter vigil.CaseFilter) ([]*vigil.Case, int, error) {
	q := tx.query()
	if v := filter.ID; v != nil {
		q.and("id = " + q.arg(*v))
	}
	if v := filter.SubjectID; v != nil {
		q.and("subject_id = " + q.arg(*v))
	}
	if v := filter.Status; v != nil {
		q.and("status = " + q.arg(string(*v)))
	}
	if v := filter.Band; v != nil {
		q.and("band = " + q.arg(string(*v)))
	}
	if v := filter.OpenedSince; v != nil {
		q.and("opened_at >= " + q.arg(tx.timeArg(*v)))
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT id, subject_id, status, assignee, score, band, reason, decision, rationale, decided_by, decided_at,
			reviewed_keys, opened_at, updated_at
		FROM cases
		`+q.where()+`
		ORDER BY opened_at DESC, id DESC
		`+q.limitOffset(filter.Limit, filter.Offset), q.withPage()...)
	if err != nil {
		return nil, 0, fmt.Errorf("find cases: %w", err)
	}
	defer rows.Close()
	var cs []*vigil.Case
	for rows.Next() {
		var (
			c         vigil.Case
			decidedAt time.Time
			reviewed  []byte
		)
		if err := rows.Scan(&c.ID, &c.SubjectID, &c.Status, &c.Assignee, &c.Score, &c.Band, &c.Reason, &c.Decision,
			&c.Rationale, &c.DecidedBy, (*nullTime)(&decidedAt), &reviewed, (*nullTime)(&c.OpenedAt), (*nullTime)(&c.UpdatedAt)); err != nil {
			return nil, 0, fmt.Errorf("find cases: %w", err)
		}
		if !decidedAt.IsZero() {
			c.DecidedAt = &decidedAt
		}
		if c.Reviewed, err = decodeReviewed(reviewed); err != nil {
			return nil, 0, fmt.Errorf("find cases: reviewed findings of case %d: %w", c.ID, err)
		}
		cs = append(cs, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find cases: %w", err)
	}
	n, err := count(ctx, tx, "cases", q, len(cs), filter.Offset, filter.Limit)
	return cs, n, err
}

func findCaseNotes(ctx context.Context, tx *Tx, caseID int64) ([]vigil.CaseNote, error) {
	rows, err := tx.QueryContext(ctx, `SELECT author, text, created_at FROM case_notes WHERE case_id = $1 ORDER BY created_at, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("find notes of case %d: %w", caseID, err)
	}
	defer rows.Close()
	var notes []vigil.CaseNote
	for rows.Next() {
		var n vigil.CaseNote
		if err := rows.Scan(&n.Author, &n.Text, (*nullTime)(&n.CreatedAt)); err != nil {
			return nil, fmt.Errorf("find notes of case %d: %w", caseID, err)
		}
		notes = append(notes, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find notes of case %d: %w", caseID, err)
	}
	return notes, nil
}

func updateCase(ctx context.Context, tx *Tx, id int64, upd vigil.CaseUpdate, actor string) (*vigil.Case, error) {
	c, err := findCaseByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	wasActive := c.Status != vigil.CaseClosed
	var changes []string
	if v := upd.Status; v != nil && *v != c.Status {
		c.Status = *v
		changes = append(changes, "status "+string(*v))
	}
	if v := upd.Assignee; v != nil && *v != c.Assignee {
		c.Assignee = *v
		if *v == "" {
			changes = append(changes, "unassigned")
		} else {
			changes = append(changes, "assigned to "+*v)
		}
	}
	if v := upd.Rationale; v != nil && upd.Decision == nil {
		c.Rationale = *v
		changes = append(changes, "rationale: "+*v)
	}
	if v := upd.Decision; v != nil {
		c.Decision, c.Rationale, c.DecidedBy = *v, *upd.Rationale, actor
		now := tx.now
		c.DecidedAt = &now
		c.Reviewed = nil
		if *v == vigil.DecisionEscalated {
			if c.Status == vigil.CaseClosed {
				c.Status = vigil.CaseOpen
			}
		} else {
			c.Status = vigil.CaseClosed
			// The decision stands for what the reviewer had before them: later screenings open a case only
			// for something else.
			if c.Reviewed, err = openFindingsReviewed(ctx, tx, c.SubjectID, upd.Reviewed); err != nil {
				return nil, err
			}
		}
		changes = append(changes, fmt.Sprintf("decision %s (case %s, %d open findings reviewed): %s", *v, c.Status, len(c.Reviewed), *upd.Rationale))
	} else if !wasActive && c.Status != vigil.CaseClosed && c.Decision != "" {
		// Reopened: the old decision no longer stands. The audit log keeps it.
		c.Decision, c.Rationale, c.DecidedBy, c.DecidedAt, c.Reviewed = "", "", "", nil, nil
		changes = append(changes, "earlier decision withdrawn")
	}
	if !wasActive && c.Status != vigil.CaseClosed {
		if other, err := findActiveCase(ctx, tx, c.SubjectID); err != nil {
			return nil, err
		} else if other != nil {
			return nil, vigil.Errorf(vigil.ECONFLICT, "case %d cannot be reopened: its subject has an open case, %d", c.ID, other.ID)
		}
	}
	var decidedAt any
	if c.DecidedAt != nil {
		decidedAt = tx.timeArg(*c.DecidedAt)
	}
	c.UpdatedAt = tx.now
	if _, err := tx.ExecContext(ctx, `
		UPDATE cases
		SET status = $2, assignee = $3, decision = $4, rationale = $5, decided_by = $6, decided_at = $7,
			reviewed_keys = $8, updated_at = $9
		WHERE id = $1`,
		c.ID, string(c.Status), c.Assignee, c.Decision, c.Rationale, c.DecidedBy, decidedAt, encodeReviewed(c.Reviewed),
		tx.timeArg(c.UpdatedAt)); err != nil {
		return nil, fmt.Errorf("update case %d: %w", c.ID, tx.formatError(err))
	}
	if v := upd.Note; v != nil {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO case_notes (case_id, subject_id, author, text, created_at) VALUES ($1, $2, $3, $4, $5)`,
			c.ID, c.SubjectID, actor, *v, tx.timeArg(tx.now)); err != nil {
			return nil, fmt.Errorf("add note to case %d: %w", c.ID, tx.formatError(err))
		}
		changes = append(changes, "note: "+*v)
	}
	if len(changes) == 0 {
		changes = append(changes, "no change")
	}
	if err := insertAuditEvent(ctx, tx, &vigil.AuditEvent{
		Actor: actor, Action: "case.update", SubjectID: c.SubjectID, Target: fmt.Sprintf("case:%d", c.ID),
		Detail: strings.Join(changes, "; "),
	}); err != nil {
		return nil, err
	}
	return findCaseByID(ctx, tx, c.ID)
}

// openFindingsReviewed returns the subject's open findings as a decision reviews them: all of them, or, when the
// reviewer said which they had before them (seen non-nil), only those.
func openFindingsReviewed(ctx context.Context, tx *Tx, subjectID string, seen []int64) ([]vigil.ReviewedFinding, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, key, severity FROM findings WHERE subject_id = $1 AND status = 'open'`, subjectID)
	if err != nil {
		return nil, fmt.Errorf("find open findings of subject %q: %w", subjectID, err)
	}
	defer rows.Close()
	var reviewed []vigil.ReviewedFinding
	for rows.Next() {
		var id int64
		var r vigil.ReviewedFinding
		if err := rows.Scan(&id, &r.Key, &r.Severity); err != nil {
			return nil, fmt.Errorf("find open findings of subject %q: %w", subjectID, err)
		}
		if seen != nil && !slices.Contains(seen, id) {
			continue
		}
		reviewed = append(reviewed, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find open findings of subject %q: %w", subjectID, err)
	}
	// In Go: byte order whatever the database's collation.
	slices.SortFunc(reviewed, func(a, b vigil.ReviewedFinding) int { return strings.Compare(a.Key, b.Key) })
	return reviewed, nil
}

// lastDecision returns the subject's most recently decided case that was cleared or confirmed and is still
// closed, or nil: the decision a new screening is held against.
func lastDecision(ctx context.Context, tx *Tx, subjectID string) (*vigil.Case, error) {
	c := &vigil.Case{SubjectID: subjectID}
	var reviewed []byte
	err := tx.QueryRowContext(ctx, `
		SELECT id, decision, reviewed_keys FROM cases
		WHERE subject_id = $1 AND status = 'closed' AND decision IN ('cleared', 'confirmed')
		ORDER BY decided_at DESC, id DESC
		LIMIT 1`, subjectID).Scan(&c.ID, &c.Decision, &reviewed)
	if isNoRows(err) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("find last decision on subject %q: %w", subjectID, err)
	}
	if c.Reviewed, err = decodeReviewed(reviewed); err != nil {
		return nil, fmt.Errorf("find last decision on subject %q: reviewed findings of case %d: %w", subjectID, c.ID, err)
	}
	return c, nil
}

// encodeKeys is the JSON array of keys that reviewed_keys holds; never null.
func encodeReviewed(reviewed []vigil.ReviewedFinding) string {
	if len(reviewed) == 0 {
		return "[]"
	}
	b, err := json.Marshal(reviewed)
	if err != nil {
		panic(err) // keys and severities always encode
	}
	return string(b)
}

// decodeReviewed reads reviewed_keys; an empty array is nil, as in a Case that was never decided.
func decodeReviewed(b []byte) ([]vigil.ReviewedFinding, error) {
	var reviewed []vigil.ReviewedFinding
	if err := json.Unmarshal(b, &reviewed); err != nil {
		return nil, err
	}
	if len(reviewed) == 0 {
		return nil, nil
	}
	return reviewed, nil
}
