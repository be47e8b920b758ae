package vigil

import (
	"context"
	"time"
)

// Screening is the outcome of screening one subject, stored by SaveScreening in one transaction so that a
// subject is kept whole with its findings, or not at all.
type Screening struct {
	Subject *Subject
	AsOf    time.Time
	// Rescreen says the subject was read from the store to be screened again (a re-screen after a list
	// import, a link refresh, a decision): its document and identifiers are not written back, only the time
	// it was screened, and its UpdatedAt must still be the stored one. Otherwise SaveScreening fails with
	// ECONFLICT (someone updated it meanwhile: read it again) or ENOTFOUND (it was erased meanwhile), so that
	// a re-screen never undoes an update nor brings an erased subject back, and leaves its age for retention
	// alone.
	Rescreen bool
	// Checks are the checks that ran. An open finding of one of them that is not in Findings is closed: with
	// the status Closed gives for its key, else "cleared".
	Checks []string
	// Findings are what the checks see now, keyed; Status is open, or dismissed when a remembered decision
	// suppresses it. A finding already stored under the same subject and key is updated (first seen kept);
	// a stored dismissed finding stays dismissed while the new one is dismissed too.
	Findings []*Finding
	Closed   map[string]FindingStatus

	Score int
	Band  Band
	// CaseBand is the band from which a case is opened; a subject with an open or in-review case gets that case
	// updated (score, band) instead of a new one.
	CaseBand   Band
	CaseReason string
	Actor      string
}

// ScreeningResult is what SaveScreening stored.
type ScreeningResult struct {
	Subject  *Subject   // with its ID assigned
	Created  bool       // the subject was new
	Findings []*Finding // the subject's open and dismissed findings after the save, with IDs
	Case     *Case      // the subject's open case, if any
}

// ScreeningService stores screening outcomes. For the engine acting for an authenticated user (sc.Actor).
type ScreeningService interface {
	// SaveScreening stores the subject (creating it, with a new ID if it has none, or replacing the stored
	// document of that ID; with Rescreen, only its screening time), its canonical identifiers, its findings and
	// any case, atomically. ECONFLICT and ENOTFOUND as Screening.Rescreen says.
	SaveScreening(ctx context.Context, sc *Screening) (*ScreeningResult, error)
}

// Store is everything Vigil keeps. sqlite/ and postgres/ implement it; storetest/ is their shared contract.
// Every row that concerns a subject carries its subject ID and a time, so retention and erasure can select it.
type Store interface {
	SubjectService
	ScreeningService
	FindingService
	CaseService
	ListService
	TokenService
	AuditService
	Close() error
}
