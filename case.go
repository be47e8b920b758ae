package vigil

import (
	"context"
	"time"
)

// Band is a risk band derived from the score under a policy.
type Band string

// Bands, lowest first.
const (
	BandLow      Band = "low"
	BandMedium   Band = "medium"
	BandHigh     Band = "high"
	BandCritical Band = "critical"
)

// Rank orders bands from 0 (low) to 3 (critical); -1 for an unknown value.
func (b Band) Rank() int {
	switch b {
	case BandLow:
		return 0
	case BandMedium:
		return 1
	case BandHigh:
		return 2
	case BandCritical:
		return 3
	}
	return -1
}

// CaseStatus is where a case stands in review.
type CaseStatus string

// Case statuses.
const (
	CaseOpen     CaseStatus = "open"
	CaseInReview CaseStatus = "in_review"
	CaseClosed   CaseStatus = "closed"
)

// Case decisions. A decision is a human's; Vigil only records it. None of them triggers any action by Vigil.
const (
	DecisionCleared   = "cleared"   // no concern after review
	DecisionConfirmed = "confirmed" // concern confirmed; the organisation acts under its own process
	DecisionEscalated = "escalated" // handed to another team; the case stays open
)

// Case gathers the findings on a subject for a human to review and decide.
type Case struct {
	ID        int64      `json:"id"`
	SubjectID string     `json:"subject_id"`
	Status    CaseStatus `json:"status"`
	Assignee  string     `json:"assignee,omitempty"`
	Score     int        `json:"score"`
	Band      Band       `json:"band"`
	Reason    string     `json:"reason"`

	Decision  string     `json:"decision,omitempty"`
	Rationale string     `json:"rationale,omitempty"`
	DecidedBy string     `json:"decided_by,omitempty"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`

	Notes []CaseNote `json:"notes,omitempty"`

	// Reviewed are the subject's open findings (key and severity) when a reviewer decided the case (cleared or
	// confirmed). A later screening opens a new case only for a finding that is not among them, or is graver
	// now (a name match that became an exact identifier hit): a decision stands until there is something new
	// to decide.
	Reviewed []ReviewedFinding `json:"reviewed_findings,omitempty"`

	OpenedAt  time.Time `json:"opened_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ReviewedFinding is a finding as a reviewer saw it when deciding a case.
type ReviewedFinding struct {
	Key      string   `json:"key"`
	Severity Severity `json:"severity"`
}

// Covers reports whether f was among the reviewed findings, at its severity or a graver one.
func Covers(reviewed []ReviewedFinding, f *Finding) bool {
	for _, r := range reviewed {
		if r.Key == f.Key {
			return f.Severity.Rank() <= r.Severity.Rank()
		}
	}
	return false
}

// CaseNote is a reviewer's note on a case.
type CaseNote struct {
	Author    string    `json:"author"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"created_at"`
}

// CaseFilter selects cases.
type CaseFilter struct {
	ID          *int64
	SubjectID   *string
	Status      *CaseStatus
	Band        *Band
	OpenedSince *time.Time

	Offset int
	Limit  int
}

// CaseUpdate changes a case; nil fields are left as they are. A Decision needs a Rationale and closes the case
// unless it is "escalated".
type CaseUpdate struct {
	Status    *CaseStatus `json:"status,omitempty"`
	Assignee  *string     `json:"assignee,omitempty"`
	Decision  *string     `json:"decision,omitempty"`
	Rationale *string     `json:"rationale,omitempty"`
	Note      *string     `json:"note,omitempty"`
	// Reviewed lists the findings (IDs) the reviewer had before them when deciding. With a cleared or confirmed
	// decision only these, where still open, count as reviewed: a finding that arrived while the reviewer was
	// reading is left for a new case. Without it every open finding counts.
	Reviewed []int64 `json:"reviewed_findings,omitempty"`
}

// Validate checks an update before it is applied.
func (u *CaseUpdate) Validate() error {
	var v validator
	if u.Status != nil {
		switch *u.Status {
		case CaseOpen, CaseInReview, CaseClosed:
		default:
			v.add("status", "%s is not one of open, in_review, closed", Quote(string(*u.Status)))
		}
	}
	if u.Assignee != nil && *u.Assignee != "" {
		v.text("assignee", *u.Assignee, 128, false)
	}
	if u.Decision != nil {
		switch *u.Decision {
		case DecisionCleared, DecisionConfirmed, DecisionEscalated:
		default:
			v.add("decision", "%s is not one of cleared, confirmed, escalated", Quote(*u.Decision))
		}
		if u.Rationale == nil || *u.Rationale == "" {
			v.add("rationale", "is required with a decision: say why, for the audit trail")
		}
	}
	if u.Rationale != nil {
		v.text("rationale", *u.Rationale, 4000, false)
	}
	if u.Note != nil {
		v.text("note", *u.Note, 4000, true)
	}
	if u.Reviewed != nil {
		if u.Decision == nil {
			v.add("reviewed_findings", "goes with a decision")
		}
		if len(u.Reviewed) > 1000 {
			v.add("reviewed_findings", "has %d items; at most 1000 are allowed", len(u.Reviewed))
		}
	}
	if u.Status == nil && u.Assignee == nil && u.Decision == nil && u.Rationale == nil && u.Note == nil {
		v.add("update", "changes nothing; give status, assignee, decision with rationale, or note")
	}
	return v.err()
}

// CaseService reads and updates cases. Cases are opened by screening (see ScreeningService), never by hand.
// Every method is for authenticated users; an update names the token's user.
type CaseService interface {
	// FindCaseByID returns one case with its notes. ENOTFOUND if there is none.
	FindCaseByID(ctx context.Context, id int64) (*Case, error)

	// FindCases returns the cases matching filter, newest first, and the total count.
	FindCases(ctx context.Context, filter CaseFilter) ([]*Case, int, error)

	// UpdateCase applies upd on behalf of the named user and records it in the audit log. EINVALID for an
	// invalid update, ENOTFOUND for no case.
	UpdateCase(ctx context.Context, id int64, upd CaseUpdate, actor string) (*Case, error)
}
