package engine

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/score"
	"github.com/vigil-sec/vigil/screen"
)

// ScreenOptions controls one screening.
type ScreenOptions struct {
	// AsOf is the time the checks are judged at; zero means now. Same inputs and AsOf give the same report.
	AsOf time.Time
	// DryRun screens without storing anything: the subject is not kept, and no links are made to it.
	DryRun bool
	// Actor names who asked, for the audit log.
	Actor string
	// Refreshed, when set, is told the ID of every other stored subject whose findings this screening changed
	// (the other side of a shared identifier), so that a caller holding its report knows it is out of date.
	Refreshed func(subjectID string)
}

func (e *Engine) asOf(t time.Time) time.Time {
	if t.IsZero() {
		t = e.Now()
	}
	return t.UTC().Truncate(time.Millisecond)
}

// Screen validates s, runs every check on it and, unless DryRun, stores the subject with its findings and opens
// or updates its case. It returns the report. EINVALID for a bad document (nothing is stored), ENOLISTS when no
// list is imported.
func (e *Engine) Screen(ctx context.Context, s *vigil.Subject, opt ScreenOptions) (*vigil.Report, error) {
	wl, err := e.current(ctx)
	if err != nil {
		return nil, err
	}
	if wl.Empty() {
		return nil, errNoLists()
	}
	s.Normalize()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	asOf := e.asOf(opt.AsOf)
	if opt.DryRun {
		in, err := e.input(ctx, s, wl, asOf)
		if err != nil {
			return nil, err
		}
		return e.report(s, wl, asOf, screen.Screen(in), nil, false), nil
	}
	sv, err := e.screenAndSave(ctx, s, wl, asOf, opt.Actor, nil, false)
	if err != nil {
		return nil, err
	}
	stored := sv.result.Subject
	refresh := sv.mentioned
	// Two screenings running at once each read their links before the other stored its subject. Looking again
	// now that this one is stored closes that gap: of two subjects sharing an identifier, whichever is stored
	// second sees the first here.
	links, err := e.Store.FindLinks(ctx, stored.ID, stored.Identifiers())
	if err != nil {
		return nil, fmt.Errorf("find links of subject %s: %w", stored.ID, err)
	}
	if !sameLinks(sv.links, links) {
		again, err := e.rescreenStored(ctx, stored, wl, asOf, opt.Actor, []string{screen.CheckLinkShared})
		if err != nil {
			return nil, err
		}
		if again != nil { // nil: erased or changed meanwhile by someone else, whose screening saw the links
			sv = again
			refresh = union(refresh, sv.mentioned)
		}
	}
	// A new shared identifier is news for the subjects on the other side of the link too, and a shared
	// identifier the subject no longer has ends the link on both sides. Only subjects that a finding names (now
	// or before) are refreshed: sharing that makes no finding (a household's home address) changes nothing.
	if err := e.refreshLinks(ctx, refresh, wl, asOf, opt.Actor, opt.Refreshed); err != nil {
		return nil, err
	}
	return e.report(stored, wl, asOf, sv.visible(), sv.result.Case, true), nil
}

// input gathers what the pure checks need: the subject's links to other stored subjects and the decisions
// reviewers made about it.
func (e *Engine) input(ctx context.Context, s *vigil.Subject, wl *screen.Watchlist, asOf time.Time) (*screen.Input, error) {
	in := &screen.Input{Subject: s, AsOf: asOf, Watchlist: wl}
	links, err := e.Store.FindLinks(ctx, s.ID, s.Identifiers())
	if err != nil {
		return nil, fmt.Errorf("find links of subject %s: %w", s.ID, err)
	}
	in.Links = links
	if s.ID != "" {
		decisions, err := e.Store.FindMatchDecisions(ctx, s.ID)
		if err != nil {
			return nil, fmt.Errorf("find decisions on subject %s: %w", s.ID, err)
		}
		in.Decisions = decisions
	}
	return in, nil
}

// saved is what screenAndSave did.
type saved struct {
	result    *vigil.ScreeningResult
	delisted  []*vigil.Finding // findings marked delisted now or before, for the report
	links     []*vigil.Link    // the links the checks saw
	mentioned []string         // other subjects that the subject's findings name, before or after
}

// visible returns the findings a report shows: open and dismissed ones (a reviewer's decision stays in view,
// scoring nothing) and delisted ones (the reason a match went away); not cleared ones, which no longer hold.
func (sv *saved) visible() []*vigil.Finding {
	out := append([]*vigil.Finding(nil), sv.result.Findings...)
	return append(out, sv.delisted...)
}

// screenAndSave screens a valid subject and stores the outcome. With only set, just those checks run, and the
// subject's stored findings of the other checks count towards the score as they are. rescreen says s was read
// from the store (vigil.Screening.Rescreen): it is not written back.
func (e *Engine) screenAndSave(ctx context.Context, s *vigil.Subject, wl *screen.Watchlist, asOf time.Time, actor string, only []string, rescreen bool) (*saved, error) {
	in, err := e.input(ctx, s, wl, asOf)
	if err != nil {
		return nil, err
	}
	before, err := e.storedFindings(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	checks, findings := screen.CheckNames(), []*vigil.Finding(nil)
	scored := findings
	if only == nil {
		findings = screen.Screen(in)
		scored = findings
	} else {
		checks, findings = only, screen.ScreenOnly(in, only...)
		scored = append([]*vigil.Finding(nil), findings...)
		for _, f := range open(before) {
			if !slices.Contains(only, f.Check) {
				scored = append(scored, f)
			}
		}
	}
	closed := delisted(open(before), wl)
	result := e.Policy.Score(open(scored))
	sc := &vigil.Screening{
		Subject:    s,
		AsOf:       asOf,
		Rescreen:   rescreen,
		Checks:     checks,
		Findings:   findings,
		Closed:     closed,
		Score:      result.Score,
		Band:       result.Band,
		CaseBand:   e.Policy.CaseBand(),
		CaseReason: caseReason(result, scored),
		Actor:      actor,
	}
	res, err := e.Store.SaveScreening(ctx, sc)
	if err != nil {
		return nil, fmt.Errorf("store screening of %s: %w", describeSubject(s), err)
	}
	current := map[string]bool{}
	for _, f := range res.Findings {
		current[f.Key] = true // open or dismissed now: a relisted entry is not shown twice
	}
	refresh, ended := toRefresh(before, res.Findings)
	if ended {
		// Subjects that joined a large group after this one name it without being named back: ask the store.
		naming, err := e.Store.FindSubjectsNaming(ctx, res.Subject.ID)
		if err != nil {
			return nil, fmt.Errorf("find subjects naming %s: %w", res.Subject.ID, err)
		}
		refresh = union(refresh, naming)
	}
	sv := &saved{result: res, links: in.Links, mentioned: refresh}
	for _, f := range before {
		if (f.Status == vigil.FindingDelisted || closed[f.Key] == vigil.FindingDelisted) && !current[f.Key] {
			f.Status = vigil.FindingDelisted
			sv.delisted = append(sv.delisted, f)
		}
	}
	return sv, nil
}

// storedFindings returns a stored subject's findings that still mean something (open, dismissed, delisted);
// none for a subject not stored yet.
func (e *Engine) storedFindings(ctx context.Context, subjectID string) ([]*vigil.Finding, error) {
	if subjectID == "" {
		return nil, nil
	}
	fs, _, err := e.Store.FindFindings(ctx, vigil.FindingFilter{SubjectID: &subjectID})
	if err != nil {
		return nil, fmt.Errorf("find findings of subject %s: %w", subjectID, err)
	}
	out := fs[:0]
	for _, f := range fs {
		if f.Status != vigil.FindingCleared {
			out = append(out, f)
		}
	}
	return out, nil
}

// delisted marks the open watch-list findings whose entry is no longer on its list.
func delisted(open []*vigil.Finding, wl *screen.Watchlist) map[string]vigil.FindingStatus {
	closed := map[string]vigil.FindingStatus{}
	for _, f := range open {
		if f.List != "" && f.EntryID != "" && wl.Entry(f.List, f.EntryID) == nil {
			closed[f.Key] = vigil.FindingDelisted
		}
	}
	return closed
}

// sameLinks reports whether two FindLinks results name the same subjects for the same identifiers.
func sameLinks(a, b []*vigil.Link) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].SubjectID != b[i].SubjectID || a[i].Identifier.Kind != b[i].Identifier.Kind ||
			a[i].Identifier.Value != b[i].Identifier.Value || a[i].Holders != b[i].Holders {
			return false
		}
	}
	return true
}

// refreshLinks runs link.shared again for the given other subjects after a subject they are linked to was
// stored or erased, so that both sides of a link carry its finding and a link that is gone leaves neither side.
// Only that check runs: their names and documents have not changed. Each identifier names at most
// vigil.MaxLinksPerIdentifier holders, which bounds the work when hundreds share one (an agency's phone).
func (e *Engine) refreshLinks(ctx context.Context, ids []string, wl *screen.Watchlist, asOf time.Time, actor string, told func(string)) error {
	for _, id := range ids {
		other, err := e.Store.FindSubjectByID(ctx, id)
		if vigil.ErrorCode(err) == vigil.ENOTFOUND {
			continue // erased meanwhile
		} else if err != nil {
			return err
		}
		sv, err := e.rescreenStored(ctx, other, wl, asOf, actor, []string{screen.CheckLinkShared})
		if err != nil {
			return fmt.Errorf("refresh links of subject %s: %w", id, err)
		}
		if sv != nil && told != nil {
			told(id)
		}
	}
	return nil
}

// rescreenStored screens a subject read from the store again without writing its document back. When someone
// updated it meanwhile it is read again and screened again (their own screening has run too, so a few tries
// suffice); when it was erased meanwhile there is nothing to do and it returns nil.
func (e *Engine) rescreenStored(ctx context.Context, s *vigil.Subject, wl *screen.Watchlist, asOf time.Time, actor string, only []string) (*saved, error) {
	for attempt := 0; ; attempt++ {
		sv, err := e.screenAndSave(ctx, s, wl, asOf, actor, only, true)
		switch vigil.ErrorCode(err) {
		case "":
			return sv, nil
		case vigil.ENOTFOUND:
			return nil, nil
		case vigil.ECONFLICT:
			if attempt == 3 {
				return nil, err
			}
			if s, err = e.Store.FindSubjectByID(ctx, s.ID); vigil.ErrorCode(err) == vigil.ENOTFOUND {
				return nil, nil
			} else if err != nil {
				return nil, err
			}
		default:
			return nil, err
		}
	}
}

// maxRefreshGroup is the largest group of other holders of one identifier whose members are refreshed when a
// subject joins it. Members of a larger group (an agency's phone on hundreds of candidates) are already linked
// to one another; only the holder counts in their findings lag until the next re-screen, instead of every new
// member costing a refresh of twenty-five others.
const maxRefreshGroup = 10

// toRefresh returns the other subjects whose link findings a screening changed: those its findings now name in
// a group of at most maxRefreshGroup, and every one named by a finding it no longer has (the link ended, so
// they must stop naming this subject, whatever the size of the group). ended says a finding that named others
// is gone: then subjects that name this one without being named back must be refreshed too.
func toRefresh(before, after []*vigil.Finding) (ids []string, ended bool) {
	now := map[string]bool{}
	for _, f := range after {
		now[f.Key] = true
		if named := mentioned(f); len(named) <= maxRefreshGroup {
			ids = append(ids, named...)
		}
	}
	for _, f := range before {
		if named := mentioned(f); !now[f.Key] && len(named) > 0 {
			ids = append(ids, named...)
			ended = true
		}
	}
	return union(ids), ended
}

// mentioned returns the IDs of the other subjects that a finding names.
func mentioned(f *vigil.Finding) []string {
	var ids []string
	for _, ev := range f.Evidence {
		if ev.Kind == vigil.EvidenceSubject && ev.Ref != f.SubjectID {
			ids = append(ids, ev.Ref)
		}
	}
	return ids
}

// union returns the IDs of all lists, sorted, without repeats.
func union(lists ...[]string) []string {
	var ids []string
	for _, l := range lists {
		ids = append(ids, l...)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Report returns the current report of a stored subject, judged as of its last screening. ENOTFOUND if there
// is no such subject.
func (e *Engine) Report(ctx context.Context, id string) (*vigil.Report, error) {
	if err := vigil.ValidateSubjectID(id); err != nil {
		return nil, err
	}
	wl, err := e.current(ctx)
	if err != nil {
		return nil, err
	}
	s, err := e.Store.FindSubjectByID(ctx, id)
	if err != nil {
		return nil, err
	}
	findings, err := e.storedFindings(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := e.openCase(ctx, id)
	if err != nil {
		return nil, err
	}
	asOf := s.ScreenedAt
	if asOf.IsZero() {
		asOf = s.UpdatedAt
	}
	return e.report(s, wl, asOf, findings, c, true), nil
}

func (e *Engine) openCase(ctx context.Context, subjectID string) (*vigil.Case, error) {
	cases, _, err := e.Store.FindCases(ctx, vigil.CaseFilter{SubjectID: &subjectID})
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		if c.Status != vigil.CaseClosed {
			return c, nil
		}
	}
	return nil, nil
}

// report builds the report contract from a subject's findings: open ones score under the policy; dismissed and
// delisted ones are shown after them, scoring nothing.
func (e *Engine) report(s *vigil.Subject, wl *screen.Watchlist, asOf time.Time, findings []*vigil.Finding, c *vigil.Case, stored bool) *vigil.Report {
	result := e.Policy.Score(findings)
	sort.SliceStable(findings, func(i, j int) bool {
		if oi, oj := findings[i].Status == vigil.FindingOpen, findings[j].Status == vigil.FindingOpen; oi != oj {
			return oi
		}
		if findings[i].Score != findings[j].Score {
			return findings[i].Score > findings[j].Score
		}
		if r1, r2 := findings[i].Severity.Rank(), findings[j].Severity.Rank(); r1 != r2 {
			return r1 > r2
		}
		if findings[i].Check != findings[j].Check {
			return findings[i].Check < findings[j].Check
		}
		return findings[i].Key < findings[j].Key
	})
	r := &vigil.Report{
		Subject:   vigil.ReportSubject{ID: s.ID, Kind: s.Kind, Name: s.Name},
		AsOf:      asOf.UTC(),
		Score:     result.Score,
		Band:      result.Band,
		Lists:     listRefs(wl),
		RulePacks: []vigil.VersionRef{},
		Policy:    e.Policy.Ref(),
		Findings:  findings,
		Stored:    stored,
	}
	if r.Findings == nil {
		r.Findings = []*vigil.Finding{}
	}
	if c != nil {
		r.Case = &vigil.CaseRef{ID: c.ID, Status: c.Status}
	}
	return r
}

func open(findings []*vigil.Finding) []*vigil.Finding {
	out := make([]*vigil.Finding, 0, len(findings))
	for _, f := range findings {
		if f.Status == "" || f.Status == vigil.FindingOpen {
			out = append(out, f)
		}
	}
	return out
}

// caseReason says in a line why a case is opened: the band and the checks that contributed, strongest first,
// each with its highest severity and how many findings it made.
func caseReason(result score.Result, findings []*vigil.Finding) string {
	type checkSummary struct {
		check    string
		severity vigil.Severity
		count    int
	}
	var checks []*checkSummary
	byCheck := map[string]*checkSummary{}
	for _, f := range open(findings) {
		c := byCheck[f.Check]
		if c == nil {
			c = &checkSummary{check: f.Check, severity: f.Severity}
			byCheck[f.Check] = c
			checks = append(checks, c)
		}
		c.count++
		if f.Severity.Rank() > c.severity.Rank() {
			c.severity = f.Severity
		}
	}
	sort.SliceStable(checks, func(i, j int) bool { return checks[i].severity.Rank() > checks[j].severity.Rank() })
	parts := make([]string, 0, len(checks))
	for _, c := range checks {
		part := fmt.Sprintf("%s (%s)", c.check, c.severity)
		if c.count > 1 {
			part = fmt.Sprintf("%s ×%d (%s)", c.check, c.count, c.severity)
		}
		parts = append(parts, part)
	}
	reason := fmt.Sprintf("band %s (score %d)", result.Band, result.Score)
	if len(parts) > 0 {
		reason += ": " + strings.Join(parts, ", ")
	}
	return reason
}

func describeSubject(s *vigil.Subject) string {
	if s.ID != "" {
		return "subject " + s.ID
	}
	return "new subject"
}

// RescreenSummary counts what a re-screen changed.
type RescreenSummary struct {
	Subjects    int `json:"subjects"`
	NewFindings int `json:"new_findings"`
	Delisted    int `json:"delisted"`
	CasesOpen   int `json:"cases_open"`
}

// Rescreen screens every stored subject again against the current lists, as of asOf (zero: now). New hits
// open findings; findings whose entry was delisted are marked so.
func (e *Engine) Rescreen(ctx context.Context, asOf time.Time, actor string) (*RescreenSummary, error) {
	wl, err := e.current(ctx)
	if err != nil {
		return nil, err
	}
	return e.rescreen(ctx, wl, asOf, actor)
}

func (e *Engine) rescreen(ctx context.Context, wl *screen.Watchlist, asOf time.Time, actor string) (*RescreenSummary, error) {
	if wl.Empty() {
		return nil, errNoLists()
	}
	at := e.asOf(asOf)
	sum := &RescreenSummary{}
	const page = 500
	for offset := 0; ; offset += page {
		subjects, _, err := e.Store.FindSubjects(ctx, vigil.SubjectFilter{Offset: offset, Limit: page})
		if err != nil {
			return sum, fmt.Errorf("list subjects: %w", err)
		}
		for _, s := range subjects {
			if err := ctx.Err(); err != nil {
				return sum, err
			}
			before, err := e.findingKeys(ctx, s.ID)
			if err != nil {
				return sum, err
			}
			if err := s.Validate(); err != nil {
				e.Logger.Warn("stored subject no longer valid; skipped", "subject", s.ID, "error", vigil.ErrorMessage(err))
				continue
			}
			sv, err := e.rescreenStored(ctx, s, wl, at, actor, nil)
			if err != nil {
				return sum, err
			}
			if sv == nil {
				continue // erased meanwhile
			}
			res := sv.result
			sum.Subjects++
			for _, f := range sv.delisted {
				if before[f.Key] {
					sum.Delisted++
				}
			}
			for _, f := range res.Findings {
				if f.Status == vigil.FindingOpen && !before[f.Key] {
					sum.NewFindings++
				}
			}
			if res.Case != nil {
				sum.CasesOpen++
			}
		}
		if len(subjects) < page {
			break
		}
	}
	return sum, nil
}

func (e *Engine) findingKeys(ctx context.Context, subjectID string) (map[string]bool, error) {
	status := vigil.FindingOpen
	fs, _, err := e.Store.FindFindings(ctx, vigil.FindingFilter{SubjectID: &subjectID, Status: &status})
	if err != nil {
		return nil, err
	}
	keys := make(map[string]bool, len(fs))
	for _, f := range fs {
		keys[f.Key] = true
	}
	return keys, nil
}

// EraseSubject erases a subject and everything stored about it, including what other subjects' findings say
// about it, then screens those other subjects' links again so that their scores no longer count it.
// ENOTFOUND if there is no such subject.
func (e *Engine) EraseSubject(ctx context.Context, id, actor string) error {
	if err := vigil.ValidateSubjectID(id); err != nil {
		return err
	}
	affected, err := e.Store.DeleteSubject(ctx, id, actor)
	if err != nil {
		return err
	}
	wl, err := e.current(ctx)
	if err != nil || wl.Empty() {
		return err
	}
	return e.refreshLinks(ctx, affected, wl, e.asOf(time.Time{}), actor, nil)
}
