package sqlstore

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/vigil-sec/vigil"
)

// SaveScreening stores the subject (creating it, with a new ID if it has none, or replacing the stored document
// of that ID), its canonical identifiers, its findings and any case, in one transaction, and records it in the
// audit log as "subject.screen" by sc.Actor. sc.Subject is not changed: the result holds the stored copy.
//
// Findings are reconciled by (subject, key): a known key keeps its ID and first-seen time and takes everything
// else from the new finding, with last seen at sc.AsOf; an open finding of a check in sc.Checks that is absent
// now is closed with sc.Closed[key], else "cleared"; findings of other checks are left alone. A case is opened
// when sc.Band reaches sc.CaseBand and the subject has no open or in-review case, unless the subject's last
// cleared or confirmed case reviewed every open finding of sc (its ReviewedKeys): the decision stands. A case
// opened after such a decision names in its reason what is new since. An existing open or in-review case gets
// the new score, band and sc.CaseReason. Times are kept to the
// microsecond, so AsOf comes back truncated.
//
// EINVALID for a screening that does not hold together (see validateScreening).
func (s *Store) SaveScreening(ctx context.Context, sc *vigil.Screening) (*vigil.ScreeningResult, error) {
	if err := validateScreening(sc); err != nil {
		return nil, err
	}
	tx, err := s.beginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	res, err := saveScreening(ctx, tx, sc)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("save screening of subject %q: %w", res.Subject.ID, tx.formatError(err))
	}
	return res, nil
}

// validateScreening checks what the schema cannot: the subject document, the bands that decide about a case,
// and findings that can be reconciled (a key each, once). The screening package builds these; a mistake there
// must not store a half-explained subject.
func validateScreening(sc *vigil.Screening) error {
	if sc == nil || sc.Subject == nil {
		return vigil.Errorf(vigil.EINVALID, "subject: a screening needs a subject")
	}
	if err := sc.Subject.Validate(); err != nil {
		return err
	}
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	// Validate lets some text through unchecked (the zone of an IPv6 address).
	if p := badText(reflect.ValueOf(sc.Subject).Elem(), "subject"); p != "" {
		add("%s: contains a NUL character or invalid UTF-8", strings.TrimPrefix(p, "subject."))
	}
	if sc.AsOf.IsZero() {
		add("as_of: is required")
	}
	if sc.Band.Rank() < 0 {
		add("band: %s is not one of low, medium, high, critical", vigil.Quote(string(sc.Band)))
	}
	if sc.CaseBand.Rank() < 0 {
		add("case_band: %s is not one of low, medium, high, critical", vigil.Quote(string(sc.CaseBand)))
	}
	if err := requireActor(sc.Actor); err != nil {
		add("actor: is required, to record who screened the subject")
	}
	if !storableText(sc.CaseReason) {
		add("case_reason: contains a NUL character or invalid UTF-8")
	}
	keys := make(map[string]int, len(sc.Findings))
	for i, f := range sc.Findings {
		field := fmt.Sprintf("findings[%d]", i)
		switch {
		case f == nil:
			add("%s: is null", field)
			continue
		case f.Key == "":
			add("%s.key: is required", field)
		case f.Check == "":
			add("%s.check: is required", field)
		case f.Severity.Rank() < 0:
			add("%s.severity: %s is not one of info, low, medium, high, critical", field, vigil.Quote(string(f.Severity)))
		case f.Status != "" && f.Status != vigil.FindingOpen && f.Status != vigil.FindingDismissed:
			add("%s.status: %s is neither open nor dismissed", field, vigil.Quote(string(f.Status)))
		}
		if p := badText(reflect.ValueOf(f).Elem(), field); p != "" {
			add("%s: contains a NUL character or invalid UTF-8", p)
		}
		if j, dup := keys[f.Key]; dup && f.Key != "" {
			add("%s.key: %s is also the key of findings[%d]; one fact gives one finding", field, vigil.Quote(f.Key), j)
		}
		keys[f.Key] = i
	}
	for key, st := range sc.Closed {
		if st != vigil.FindingCleared && st != vigil.FindingDelisted {
			add("closed[%s]: %s is neither cleared nor delisted", vigil.Quote(key), vigil.Quote(string(st)))
		}
	}
	if len(problems) > 0 {
		return vigil.Errorf(vigil.EINVALID, "%s", strings.Join(problems, "; "))
	}
	return nil
}

func saveScreening(ctx context.Context, tx *Tx, sc *vigil.Screening) (*vigil.ScreeningResult, error) {
	s := *sc.Subject
	created := false
	if sc.Rescreen {
		if err := markRescreened(ctx, tx, &s, sc.AsOf); err != nil {
			return nil, err
		}
	} else {
		var err error
		if created, err = upsertSubject(ctx, tx, &s, sc.AsOf); err != nil {
			return nil, err
		}
		if err := replaceSubjectIdentifiers(ctx, tx, s.ID, s.Identifiers(), created); err != nil {
			return nil, err
		}
	}
	closed, err := reconcileFindings(ctx, tx, s.ID, sc)
	if err != nil {
		return nil, err
	}
	c, caseChange, err := reconcileCase(ctx, tx, s.ID, sc)
	if err != nil {
		return nil, err
	}
	stored, _, err := findFindings(ctx, tx, vigil.FindingFilter{SubjectID: &s.ID})
	if err != nil {
		return nil, err
	}
	res := &vigil.ScreeningResult{Subject: &s, Created: created, Case: c}
	open, dismissed := 0, 0
	for _, f := range stored {
		switch f.Status {
		case vigil.FindingOpen:
			open++
		case vigil.FindingDismissed:
			dismissed++
		default:
			continue
		}
		res.Findings = append(res.Findings, f)
	}

	// The detail says what the screening concluded, never what the subject is: it must not outlive an erasure
	// with personal data in it, and DeleteSubject blanks it anyway.
	detail := fmt.Sprintf("score %d (%s); %d open, %d dismissed, %d closed findings", sc.Score, sc.Band, open, dismissed, closed)
	if created {
		detail = "new subject; " + detail
	}
	if caseChange != "" {
		detail += "; " + caseChange
	}
	if err := insertAuditEvent(ctx, tx, &vigil.AuditEvent{
		Actor: sc.Actor, Action: "subject.screen", SubjectID: s.ID, Target: "subject:" + s.ID, Detail: detail,
	}); err != nil {
		return nil, err
	}
	return res, nil
}

// reconcileFindings upserts sc.Findings by key and closes the open findings of the checks that ran and no
// longer see them. It returns how many it closed.
func reconcileFindings(ctx context.Context, tx *Tx, subjectID string, sc *vigil.Screening) (closed int, err error) {
	stored, _, err := findFindings(ctx, tx, vigil.FindingFilter{SubjectID: &subjectID})
	if err != nil {
		return 0, err
	}
	byKey := make(map[string]*vigil.Finding, len(stored))
	for _, f := range stored {
		byKey[f.Key] = f
	}
	seen := make(map[string]bool, len(sc.Findings))
	for _, f := range sc.Findings {
		seen[f.Key] = true
		status := f.Status
		if status == "" {
			status = vigil.FindingOpen
		}
		evidence, err := json.Marshal(f.Evidence)
		if err != nil {
			return 0, fmt.Errorf("encode evidence of finding %q: %w", f.Key, err)
		}
		// A finding is seen at least once; a check that does not count leaves Count zero.
		count := max(f.Count, 1)
		if old := byKey[f.Key]; old != nil {
			if err := replaceMentions(ctx, tx, old.ID, subjectID, f.Evidence); err != nil {
				return 0, err
			}
			if _, err := tx.ExecContext(ctx, `
				UPDATE findings
				SET "check" = $2, severity = $3, score = $4, summary = $5, evidence = $6, list = $7, entry_id = $8,
					status = $9, last_seen = $10, count = $11, updated_at = $12
				WHERE id = $1`,
				old.ID, f.Check, string(f.Severity), f.Score, f.Summary, string(evidence), f.List, f.EntryID,
				string(status), tx.timeArg(sc.AsOf), count, tx.timeArg(tx.now)); err != nil {
				return 0, fmt.Errorf("update finding %q: %w", f.Key, tx.formatError(err))
			}
			continue
		}
		// A check that knows when it first saw the fact (an event's time) says so; otherwise it is now.
		firstSeen := sc.AsOf
		if !f.FirstSeen.IsZero() && f.FirstSeen.Before(sc.AsOf) {
			firstSeen = f.FirstSeen
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO findings (subject_id, "check", key, severity, score, summary, evidence, list, entry_id, status,
				first_seen, last_seen, count, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
			RETURNING id`,
			subjectID, f.Check, f.Key, string(f.Severity), f.Score, f.Summary, string(evidence), f.List, f.EntryID,
			string(status), tx.timeArg(firstSeen), tx.timeArg(sc.AsOf), count, tx.timeArg(tx.now)).Scan(&id); err != nil {
			return 0, fmt.Errorf("insert finding %q: %w", f.Key, tx.formatError(err))
		}
		if err := replaceMentions(ctx, tx, id, subjectID, f.Evidence); err != nil {
			return 0, err
		}
	}

	ran := make(map[string]bool, len(sc.Checks))
	for _, c := range sc.Checks {
		ran[c] = true
	}
	for _, old := range stored {
		if old.Status != vigil.FindingOpen || !ran[old.Check] || seen[old.Key] {
			continue
		}
		status, ok := sc.Closed[old.Key]
		if !ok {
			status = vigil.FindingCleared
		}
		if _, err := tx.ExecContext(ctx, `UPDATE findings SET status = $2, updated_at = $3 WHERE id = $1`,
			old.ID, string(status), tx.timeArg(tx.now)); err != nil {
			return 0, fmt.Errorf("close finding %q: %w", old.Key, tx.formatError(err))
		}
		closed++
	}
	return closed, nil
}

// replaceMentions records which other subjects a finding's evidence names (vigil.EvidenceSubject), replacing what
// an earlier screening recorded, so that erasing one of them can find the finding. Unchanged mentions, the
// common case on a re-screen, cost one read.
func replaceMentions(ctx context.Context, tx *Tx, findingID int64, subjectID string, evidence []vigil.Evidence) error {
	var want []string
	for _, e := range evidence {
		if e.Kind == vigil.EvidenceSubject && e.Ref != "" && e.Ref != subjectID && storableText(e.Ref) {
			want = append(want, e.Ref)
		}
	}
	slices.Sort(want)
	want = slices.Compact(want)
	rows, err := tx.QueryContext(ctx, `SELECT mentioned_subject_id FROM finding_mentions WHERE finding_id = $1`, findingID)
	if err != nil {
		return fmt.Errorf("read mentions of finding %d: %w", findingID, err)
	}
	var have []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("read mentions of finding %d: %w", findingID, err)
		}
		have = append(have, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read mentions of finding %d: %w", findingID, err)
	}
	slices.Sort(have) // in Go: byte order whatever the database's collation
	if slices.Equal(have, want) {
		return nil
	}
	if len(have) > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM finding_mentions WHERE finding_id = $1`, findingID); err != nil {
			return fmt.Errorf("replace mentions of finding %d: %w", findingID, err)
		}
	}
	for _, id := range want {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO finding_mentions (finding_id, subject_id, mentioned_subject_id, created_at) VALUES ($1, $2, $3, $4)`,
			findingID, subjectID, id, tx.timeArg(tx.now)); err != nil {
			return fmt.Errorf("record mention of %q by finding %d: %w", id, findingID, tx.formatError(err))
		}
	}
	return nil
}

// reconcileCase updates the subject's open or in-review case with the new score, band and reason, or opens one
// when the band reaches sc.CaseBand, unless the subject's last decision stands. It returns the subject's active case (nil if none) and what changed, for the audit log.
func reconcileCase(ctx context.Context, tx *Tx, subjectID string, sc *vigil.Screening) (*vigil.Case, string, error) {
	active, err := findActiveCase(ctx, tx, subjectID)
	if err != nil {
		return nil, "", err
	}
	switch {
	case active != nil:
		// An open case reads as the screening does now: one whose critical finding was delisted must not still
		// say "critical", nor name a shared account the subject no longer has. What was new when it opened stays
		// at its head; the audit log keeps every earlier reason. A screening without a reason leaves the case's.
		reason := active.Reason
		if sc.CaseReason != "" {
			reason = keepNewSince(active.Reason) + sc.CaseReason
		}
		if active.Score == sc.Score && active.Band == sc.Band && active.Reason == reason {
			return active, "", nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET score = $2, band = $3, reason = $4, updated_at = $5 WHERE id = $1`,
			active.ID, sc.Score, string(sc.Band), reason, tx.timeArg(tx.now)); err != nil {
			return nil, "", fmt.Errorf("update case %d: %w", active.ID, tx.formatError(err))
		}
		c, err := findCaseByID(ctx, tx, active.ID)
		return c, fmt.Sprintf("case %d updated", active.ID), err
	case sc.Band.Rank() >= sc.CaseBand.Rank():
		reason := sc.CaseReason
		decided, err := lastDecision(ctx, tx, subjectID)
		if err != nil {
			return nil, "", err
		}
		if decided != nil {
			unreviewed := unreviewedFindings(sc.Findings, decided.Reviewed)
			if len(unreviewed) == 0 {
				return nil, fmt.Sprintf("no case: nothing new since case %d was %s", decided.ID, decided.Decision), nil
			}
			reason = newSince(decided, unreviewed) + reason
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO cases (subject_id, status, score, band, reason, opened_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6)
			RETURNING id`,
			subjectID, string(vigil.CaseOpen), sc.Score, string(sc.Band), reason, tx.timeArg(tx.now),
		).Scan(&id); err != nil {
			return nil, "", fmt.Errorf("open case: %w", tx.formatError(err))
		}
		c, err := findCaseByID(ctx, tx, id)
		return c, fmt.Sprintf("case %d opened", id), err
	}
	return nil, "", nil
}

// unreviewedFindings returns the open findings a reviewer has not decided about yet, the most severe first: those
// not among reviewed, or graver now than when reviewed.
func unreviewedFindings(findings []*vigil.Finding, reviewed []vigil.ReviewedFinding) []*vigil.Finding {
	var out []*vigil.Finding
	for _, f := range findings {
		if (f.Status == "" || f.Status == vigil.FindingOpen) && !vigil.Covers(reviewed, f) {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b *vigil.Finding) int {
		return cmp.Or(-cmp.Compare(a.Severity.Rank(), b.Severity.Rank()), -cmp.Compare(a.Score, b.Score), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// keepNewSince returns the "new since case N was …; " head of a case reason, or "".
func keepNewSince(reason string) string {
	if !strings.HasPrefix(reason, "new since case ") {
		return ""
	}
	if i := strings.Index(reason, "; "); i >= 0 {
		return reason[:i+2]
	}
	return ""
}

// maxNewKeysNamed bounds the keys a case reason names as new; the case's findings list them all.
const maxNewKeysNamed = 3

// newSince is the head of the reason of a case opened after a decision: what the reviewer has not seen, e.g.
// "new since case 5 was cleared: link.shared:iban:GB29…, phone.voip:+44… and 2 more; ".
func newSince(decided *vigil.Case, unreviewed []*vigil.Finding) string {
	keys := make([]string, 0, maxNewKeysNamed)
	for _, f := range unreviewed[:min(len(unreviewed), maxNewKeysNamed)] {
		keys = append(keys, f.Key)
	}
	named := strings.Join(keys, ", ")
	if more := len(unreviewed) - len(keys); more > 0 {
		named += fmt.Sprintf(" and %d more", more)
	}
	return fmt.Sprintf("new since case %d was %s: %s; ", decided.ID, decided.Decision, named)
}
