package sqlstore

import (
	"context"
	"fmt"

	"github.com/vigil-sec/vigil"
)

// FindAuditEvents returns audit events, newest first, and the total count ignoring Offset and Limit.
func (s *Store) FindAuditEvents(ctx context.Context, filter vigil.AuditFilter) ([]*vigil.AuditEvent, int, error) {
	if err := checkPage(filter.Offset, filter.Limit); err != nil {
		return nil, 0, err
	}
	tx, err := s.beginTx(ctx, true)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findAuditEvents(ctx, tx, filter)
}

func findAuditEvents(ctx context.Context, tx *Tx, filter vigil.AuditFilter) ([]*vigil.AuditEvent, int, error) {
	q := tx.query()
	if v := filter.SubjectID; v != nil {
		q.and("subject_id = " + q.arg(*v))
	}
	if v := filter.Actor; v != nil {
		q.and("actor = " + q.arg(*v))
	}
	if v := filter.Action; v != nil {
		q.and("action = " + q.arg(*v))
	}
	if v := filter.Before; v != nil {
		q.and("at < " + q.arg(tx.timeArg(*v)))
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT id, at, actor, action, subject_id, target, detail
		FROM audit_events
		`+q.where()+`
		ORDER BY at DESC, id DESC
		`+q.limitOffset(filter.Limit, filter.Offset), q.withPage()...)
	if err != nil {
		return nil, 0, fmt.Errorf("find audit events: %w", err)
	}
	defer rows.Close()
	var events []*vigil.AuditEvent
	for rows.Next() {
		var e vigil.AuditEvent
		if err := rows.Scan(&e.ID, (*nullTime)(&e.At), &e.Actor, &e.Action, &e.SubjectID, &e.Target, &e.Detail); err != nil {
			return nil, 0, fmt.Errorf("find audit events: %w", err)
		}
		events = append(events, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find audit events: %w", err)
	}
	n, err := count(ctx, tx, "audit_events", q, len(events), filter.Offset, filter.Limit)
	return events, n, err
}

// insertAuditEvent appends e to the log, at the transaction's time.
func insertAuditEvent(ctx context.Context, tx *Tx, e *vigil.AuditEvent) error {
	e.At = tx.now
	err := tx.QueryRowContext(ctx, `
		INSERT INTO audit_events (at, actor, action, subject_id, target, detail)
		VALUES ($1, $2, $3, $4, $5, $6)
		RETURNING id`,
		tx.timeArg(e.At), e.Actor, e.Action, e.SubjectID, e.Target, e.Detail,
	).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("insert audit event %s: %w", e.Action, tx.formatError(err))
	}
	return nil
}
