package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/vigil-sec/vigil"
)

// FindFindingByID returns one finding. ENOTFOUND if there is none.
func (s *Store) FindFindingByID(ctx context.Context, id int64) (*vigil.Finding, error) {
	tx, err := s.beginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findFindingByID(ctx, tx, id)
}

// FindFindings returns the findings matching filter, ordered by subject and ID, and the total count ignoring
// Offset and Limit.
func (s *Store) FindFindings(ctx context.Context, filter vigil.FindingFilter) ([]*vigil.Finding, int, error) {
	if err := checkPage(filter.Offset, filter.Limit); err != nil {
		return nil, 0, err
	}
	tx, err := s.beginTx(ctx, true)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findFindings(ctx, tx, filter)
}

// DecideMatch records a reviewer's decision on the watch-list finding findingID and logs it as
// "finding.decide" by d.DecidedBy. The store fills in d's ID, subject, list, entry and decision time (now);
// the caller gives the outcome, rationale, reviewer and fingerprints. not_this_person dismisses the finding;
// same_person reopens it if an earlier decision had dismissed it.
// EINVALID for an invalid decision or a finding that is not a watch-list match; ENOTFOUND for no finding.
func (s *Store) DecideMatch(ctx context.Context, findingID int64, d *vigil.MatchDecision) (*vigil.Finding, error) {
	if d == nil {
		return nil, vigil.Errorf(vigil.EINVALID, "decision: is required")
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if !storableText(d.SubjectFingerprint) || !storableText(d.EntryFingerprint) {
		return nil, vigil.Errorf(vigil.EINVALID, "fingerprints: contain a NUL character or invalid UTF-8")
	}
	tx, err := s.beginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	f, err := decideMatch(ctx, tx, findingID, d)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("decide finding %d: %w", findingID, tx.formatError(err))
	}
	return f, nil
}

// FindMatchDecisions returns the decisions recorded for a subject, newest first; none for an unknown subject.
func (s *Store) FindMatchDecisions(ctx context.Context, subjectID string) ([]*vigil.MatchDecision, error) {
	tx, err := s.beginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findMatchDecisions(ctx, tx, subjectID)
}

func findFindingByID(ctx context.Context, tx *Tx, id int64) (*vigil.Finding, error) {
	findings, _, err := findFindings(ctx, tx, vigil.FindingFilter{ID: &id})
	if err != nil {
		return nil, err
	} else if len(findings) == 0 {
		return nil, vigil.Errorf(vigil.ENOTFOUND, "finding %d not found", id)
	}
	return findings[0], nil
}

func findFindings(ctx context.Context, tx *Tx, filter vigil.FindingFilter) ([]*vigil.Finding, int, error) {
	q := tx.query()
	if v := filter.ID; v != nil {
		q.and("id = " + q.arg(*v))
	}
	if v := filter.SubjectID; v != nil {
		q.and("subject_id = " + q.arg(*v))
	}
	if v := filter.Check; v != nil {
		q.and(`"check" = ` + q.arg(*v))
	}
	if v := filter.Status; v != nil {
		q.and("status = " + q.arg(string(*v)))
	}
	if v := filter.SeenBefore; v != nil {
		q.and("last_seen < " + q.arg(tx.timeArg(*v)))
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT id, subject_id, "check", key, severity, score, summary, evidence, list, entry_id, status,
			first_seen, last_seen, count, created_at, updated_at
		FROM findings
		`+q.where()+`
		ORDER BY subject_id, id
		`+q.limitOffset(filter.Limit, filter.Offset), q.withPage()...)
	if err != nil {
		return nil, 0, fmt.Errorf("find findings: %w", err)
	}
	defer rows.Close()
	var findings []*vigil.Finding
	for rows.Next() {
		var (
			f        vigil.Finding
			evidence []byte
		)
		if err := rows.Scan(&f.ID, &f.SubjectID, &f.Check, &f.Key, &f.Severity, &f.Score, &f.Summary, &evidence,
			&f.List, &f.EntryID, &f.Status, (*nullTime)(&f.FirstSeen), (*nullTime)(&f.LastSeen), &f.Count,
			(*nullTime)(&f.CreatedAt), (*nullTime)(&f.UpdatedAt)); err != nil {
			return nil, 0, fmt.Errorf("find findings: %w", err)
		}
		if err := json.Unmarshal(evidence, &f.Evidence); err != nil {
			return nil, 0, fmt.Errorf("find findings: evidence of finding %d: %w", f.ID, err)
		}
		findings = append(findings, &f)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find findings: %w", err)
	}
	n, err := count(ctx, tx, "findings", q, len(findings), filter.Offset, filter.Limit)
	return findings, n, err
}

func decideMatch(ctx context.Context, tx *Tx, findingID int64, d *vigil.MatchDecision) (*vigil.Finding, error) {
	f, err := findFindingByID(ctx, tx, findingID)
	if err != nil {
		return nil, err
	}
	if f.List == "" || f.EntryID == "" {
		return nil, vigil.Errorf(vigil.EINVALID, "finding %d (%s) is not a watch-list match; only watch-list matches can be decided", f.ID, f.Check)
	}
	d.SubjectID, d.List, d.EntryID, d.DecidedAt = f.SubjectID, f.List, f.EntryID, tx.now
	if err := tx.QueryRowContext(ctx, `
		INSERT INTO match_decisions (subject_id, list, entry_id, outcome, rationale, decided_by, decided_at,
			subject_fingerprint, entry_fingerprint)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		RETURNING id`,
		d.SubjectID, d.List, d.EntryID, d.Outcome, d.Rationale, d.DecidedBy, tx.timeArg(d.DecidedAt),
		d.SubjectFingerprint, d.EntryFingerprint,
	).Scan(&d.ID); err != nil {
		return nil, fmt.Errorf("insert decision on finding %d: %w", f.ID, tx.formatError(err))
	}

	status := f.Status
	switch {
	case d.Outcome == vigil.OutcomeNotThisPerson:
		status = vigil.FindingDismissed
	case d.Outcome == vigil.OutcomeSamePerson && f.Status == vigil.FindingDismissed:
		status = vigil.FindingOpen
	}
	if status != f.Status {
		if _, err := tx.ExecContext(ctx, `UPDATE findings SET status = $2, updated_at = $3 WHERE id = $1`,
			f.ID, string(status), tx.timeArg(tx.now)); err != nil {
			return nil, fmt.Errorf("update finding %d: %w", f.ID, tx.formatError(err))
		}
	}
	if err := insertAuditEvent(ctx, tx, &vigil.AuditEvent{
		Actor: d.DecidedBy, Action: "finding.decide", SubjectID: f.SubjectID, Target: fmt.Sprintf("finding:%d", f.ID),
		Detail: fmt.Sprintf("%s on %s:%s: %s", d.Outcome, f.List, f.EntryID, d.Rationale),
	}); err != nil {
		return nil, err
	}
	return findFindingByID(ctx, tx, f.ID)
}

func findMatchDecisions(ctx context.Context, tx *Tx, subjectID string) ([]*vigil.MatchDecision, error) {
	if !storableText(subjectID) {
		return nil, nil // no subject has that ID
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT id, subject_id, list, entry_id, outcome, rationale, decided_by, decided_at,
			subject_fingerprint, entry_fingerprint
		FROM match_decisions
		WHERE subject_id = $1
		ORDER BY decided_at DESC, id DESC`, subjectID)
	if err != nil {
		return nil, fmt.Errorf("find match decisions: %w", err)
	}
	defer rows.Close()
	var decisions []*vigil.MatchDecision
	for rows.Next() {
		var d vigil.MatchDecision
		if err := rows.Scan(&d.ID, &d.SubjectID, &d.List, &d.EntryID, &d.Outcome, &d.Rationale, &d.DecidedBy,
			(*nullTime)(&d.DecidedAt), &d.SubjectFingerprint, &d.EntryFingerprint); err != nil {
			return nil, fmt.Errorf("find match decisions: %w", err)
		}
		decisions = append(decisions, &d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find match decisions: %w", err)
	}
	return decisions, nil
}
