package vigil

import (
	"context"
	"time"
)

// Severity grades a finding. Its order matters: Rank compares severities.
type Severity string

// Severities, lowest first.
const (
	SeverityInfo     Severity = "info"
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Rank orders severities from 0 (info) to 4 (critical); -1 for an unknown value.
func (s Severity) Rank() int {
	switch s {
	case SeverityInfo:
		return 0
	case SeverityLow:
		return 1
	case SeverityMedium:
		return 2
	case SeverityHigh:
		return 3
	case SeverityCritical:
		return 4
	}
	return -1
}

// EvidenceSubject is the evidence kind that names another stored subject by its ID in Ref. Such a finding says
// something about that other person too, so erasing them erases the finding.
const EvidenceSubject = "subject"

// Evidence is one thing a finding rests on: a list entry, another subject, an event, a field of the subject.
type Evidence struct {
	Kind   string `json:"kind"`   // list_entry, subject, field, indicator, event …
	Ref    string `json:"ref"`    // what it points at: "ofac-sdn:12345", a subject ID, a field path
	Detail string `json:"detail"` // what about it matters, for a reviewer
}

// FindingStatus is where a finding stands.
type FindingStatus string

// Finding statuses. Only open findings count towards the score.
const (
	FindingOpen      FindingStatus = "open"
	FindingCleared   FindingStatus = "cleared"   // the check no longer sees it (the subject changed)
	FindingDelisted  FindingStatus = "delisted"  // the list entry it matched was removed from its list
	FindingDismissed FindingStatus = "dismissed" // a reviewer decided it does not concern this subject
)

// Finding is one explained signal about a subject. Key identifies the fact within the subject ("ofac-sdn:12345"
// for a list match), so that screening the same facts again updates the finding instead of adding another.
type Finding struct {
	ID        int64         `json:"id,omitempty"`
	SubjectID string        `json:"subject_id,omitempty"`
	Check     string        `json:"check"`
	Key       string        `json:"key"`
	Severity  Severity      `json:"severity"`
	Score     int           `json:"score"`
	Summary   string        `json:"summary"`
	Evidence  []Evidence    `json:"evidence"`
	FirstSeen time.Time     `json:"first_seen"`
	LastSeen  time.Time     `json:"last_seen"`
	Count     int           `json:"count"`
	Status    FindingStatus `json:"status,omitempty"`

	// Set for watch-list findings: the list and entry matched, so that a reviewer's decision can be remembered
	// and a delisting recognised.
	List    string `json:"list,omitempty"`
	EntryID string `json:"entry_id,omitempty"`

	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// FindingFilter selects stored findings.
type FindingFilter struct {
	ID         *int64
	SubjectID  *string
	Check      *string
	Status     *FindingStatus
	SeenBefore *time.Time // last_seen before, for retention

	Offset int
	Limit  int
}

// Decision outcomes a reviewer records on a watch-list finding.
const (
	OutcomeNotThisPerson = "not_this_person" // the match is a different person: suppress it on re-screens
	OutcomeSamePerson    = "same_person"     // the match is confirmed
)

// MatchDecision is a reviewer's decision about one watch-list match, remembered per subject and list entry.
// It suppresses the same match on re-screens as long as SubjectFingerprint and EntryFingerprint are unchanged.
type MatchDecision struct {
	ID                 int64     `json:"id"`
	SubjectID          string    `json:"subject_id"`
	List               string    `json:"list"`
	EntryID            string    `json:"entry_id"`
	Outcome            string    `json:"outcome"`
	Rationale          string    `json:"rationale"`
	DecidedBy          string    `json:"decided_by"`
	DecidedAt          time.Time `json:"decided_at"`
	SubjectFingerprint string    `json:"subject_fingerprint"`
	EntryFingerprint   string    `json:"entry_fingerprint"`
}

// Validate checks a decision before it is stored.
func (d *MatchDecision) Validate() error {
	var v validator
	switch d.Outcome {
	case OutcomeNotThisPerson, OutcomeSamePerson:
	default:
		v.add("outcome", "%s is not one of not_this_person, same_person", Quote(d.Outcome))
	}
	v.text("rationale", d.Rationale, 4000, true)
	v.text("decided_by", d.DecidedBy, 128, true)
	return v.err()
}

// FindingService reads findings and records reviewers' decisions on them. Every method is for authenticated
// users: any API token, or the CLI on the server's machine; a decision names the token's user.
type FindingService interface {
	// FindFindingByID returns one finding. ENOTFOUND if there is none.
	FindFindingByID(ctx context.Context, id int64) (*Finding, error)

	// FindFindings returns the findings matching filter, ordered by subject and ID, and the total count.
	FindFindings(ctx context.Context, filter FindingFilter) ([]*Finding, int, error)

	// DecideMatch records a reviewer's decision on the watch-list finding findingID: the decision is stored
	// (with fingerprints filled in by the caller) and, for not_this_person, the finding is dismissed.
	// EINVALID for an invalid decision or a finding that is not a watch-list match; ENOTFOUND for no finding.
	DecideMatch(ctx context.Context, findingID int64, d *MatchDecision) (*Finding, error)

	// FindMatchDecisions returns the decisions recorded for a subject, newest first.
	FindMatchDecisions(ctx context.Context, subjectID string) ([]*MatchDecision, error)
}
