package vigil

import (
	"context"
	"time"
)

// AuditEvent records who did what: every decision, case change, erasure, token and list change.
type AuditEvent struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"`
	Action    string    `json:"action"` // case.update, finding.decide, subject.delete, token.create, list.import …
	SubjectID string    `json:"subject_id,omitempty"`
	Target    string    `json:"target,omitempty"`
	Detail    string    `json:"detail,omitempty"`
}

// AuditFilter selects audit events.
type AuditFilter struct {
	SubjectID *string
	Actor     *string
	Action    *string
	Before    *time.Time

	Offset int
	Limit  int
}

// AuditService reads the audit log; the other services write it as they change things. For authenticated
// users; no method changes or deletes an event (erasure blanks the details of the erased subject's events).
type AuditService interface {
	// FindAuditEvents returns audit events, newest first, and the total count.
	FindAuditEvents(ctx context.Context, filter AuditFilter) ([]*AuditEvent, int, error)
}
