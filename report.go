package vigil

import "time"

// VersionRef names a versioned input of a report: a list, a rule pack, the scoring policy.
type VersionRef struct {
	Name    string    `json:"name"`
	Version string    `json:"version"`
	AsOf    time.Time `json:"as_of,omitzero"` // absent for inputs without a date of their own, such as the policy
	SHA256  string    `json:"sha256"`
}

// ReportSubject is who a report is about.
type ReportSubject struct {
	ID   string      `json:"id"`
	Kind SubjectKind `json:"kind"`
	Name string      `json:"name"`
}

// CaseRef points from a report at the subject's open case.
type CaseRef struct {
	ID     int64      `json:"id"`
	Status CaseStatus `json:"status"`
}

// Report is the screening result of one subject, the contract of `vigil screen`, `vigil report` and the API.
// Same inputs, same AsOf and same list, rule and policy versions give the same report.
type Report struct {
	Subject   ReportSubject `json:"subject"`
	AsOf      time.Time     `json:"as_of"`
	Score     int           `json:"score"`
	Band      Band          `json:"band"`
	Lists     []VersionRef  `json:"lists"`
	RulePacks []VersionRef  `json:"rule_packs"`
	Policy    VersionRef    `json:"policy"`
	Findings  []*Finding    `json:"findings"`
	Case      *CaseRef      `json:"case,omitempty"`
	// Stored is false for a dry run: nothing of the subject was kept.
	Stored bool `json:"stored"`
}
