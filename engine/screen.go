package engine

import (
	"context"
	"fmt"
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
	wl := e.Watchlist()
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
		findings := screen.Screen(in)
		return e.report(s, wl, asOf, open(findings), nil, false), nil
	}
	saved, err := e.screenAndSave(ctx, s, wl, asOf, opt.Actor)
	if err != nil {
		return nil, err
	}
	res := saved.result
	// A new shared identifier is news for the subjects on the other side of the link too, and a shared
	// identifier the subject no longer has ends the link on both sides. Only subjects that a finding names (now
	// or before) are re-screened: sharing that makes no finding (a household's home address) changes nothing.
	if err := e.refreshLinked(ctx, saved.mentioned, wl, asOf, opt.Actor); err != nil {
		return nil, err
	}
	return e.report(res.Subject, wl, asOf, open(res.Findings), res.Case, true), nil
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
	delisted  int      // findings marked delisted
	mentioned []string // other subjects that the subject's findings name, before or after
}

// screenAndSave screens a valid subject and stores the outcome.
func (e *Engine) screenAndSave(ctx context.Context, s *vigil.Subject, wl *screen.Watchlist, asOf time.Time, actor string) (*saved, error) {
	in, err := e.input(ctx, s, wl, asOf)
	if err != nil {
		return nil, err
	}
	findings := screen.Screen(in)
	before, err := e.openFindings(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	closed := delisted(before, wl)
	result := e.Policy.Score(open(findings))
	sc := &vigil.Screening{
		Subject:    s,
		AsOf:       asOf,
		Checks:     screen.CheckNames(),
		Findings:   findings,
		Closed:     closed,
		Score:      result.Score,
		Band:       result.Band,
		CaseBand:   e.Policy.CaseBand(),
		CaseReason: caseReason(result, findings),
		Actor:      actor,
	}
	res, err := e.Store.SaveScreening(ctx, sc)
	if err != nil {
		return nil, fmt.Errorf("store screening of %s: %w", describeSubject(s), err)
	}
	return &saved{result: res, delisted: len(closed), mentioned: mentioned(before, res.Findings)}, nil
}

// openFindings returns a stored subject's open findings; none for a subject not stored yet.
func (e *Engine) openFindings(ctx context.Context, subjectID string) ([]*vigil.Finding, error) {
	if subjectID == "" {
		return nil, nil
	}
	status := vigil.FindingOpen
	fs, _, err := e.Store.FindFindings(ctx, vigil.FindingFilter{SubjectID: &subjectID, Status: &status})
	if err != nil {
		return nil, fmt.Errorf("find findings of subject %s: %w", subjectID, err)
	}
	return fs, nil
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

// refreshLinked re-screens the given other subjects after a subject they are linked to was stored or erased, so
// that both sides of a link carry its finding, and a link that is gone leaves neither side.
func (e *Engine) refreshLinked(ctx context.Context, ids []string, wl *screen.Watchlist, asOf time.Time, actor string) error {
	for _, id := range ids {
		other, err := e.Store.FindSubjectByID(ctx, id)
		if vigil.ErrorCode(err) == vigil.ENOTFOUND {
			continue // erased meanwhile
		} else if err != nil {
			return err
		}
		if _, err := e.screenAndSave(ctx, other, wl, asOf, actor); err != nil {
			return fmt.Errorf("re-screen linked subject %s: %w", other.ID, err)
		}
	}
	return nil
}

// mentioned returns the IDs of the other subjects that findings name, sorted, without repeats.
func mentioned(findings ...[]*vigil.Finding) []string {
	seen := map[string]bool{}
	var ids []string
	for _, fs := range findings {
		for _, f := range fs {
			for _, ev := range f.Evidence {
				if ev.Kind == vigil.EvidenceSubject && ev.Ref != f.SubjectID && !seen[ev.Ref] {
					seen[ev.Ref] = true
					ids = append(ids, ev.Ref)
				}
			}
		}
	}
	sort.Strings(ids)
	return ids
}

// Report returns the current report of a stored subject, judged as of its last screening. ENOTFOUND if there
// is no such subject.
func (e *Engine) Report(ctx context.Context, id string) (*vigil.Report, error) {
	if err := vigil.ValidateSubjectID(id); err != nil {
		return nil, err
	}
	s, err := e.Store.FindSubjectByID(ctx, id)
	if err != nil {
		return nil, err
	}
	status := vigil.FindingOpen
	findings, _, err := e.Store.FindFindings(ctx, vigil.FindingFilter{SubjectID: &id, Status: &status})
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
	return e.report(s, e.Watchlist(), asOf, findings, c, true), nil
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

// report builds the report contract from a subject's open findings.
func (e *Engine) report(s *vigil.Subject, wl *screen.Watchlist, asOf time.Time, findings []*vigil.Finding, c *vigil.Case, stored bool) *vigil.Report {
	result := e.Policy.Score(findings)
	sort.SliceStable(findings, func(i, j int) bool {
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
	wl := e.Watchlist()
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
			sv, err := e.screenAndSave(ctx, s, wl, at, actor)
			if err != nil {
				return sum, err
			}
			res := sv.result
			sum.Subjects++
			sum.Delisted += sv.delisted
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
// about it, then re-screens the subjects it shared identifiers with so that their scores no longer count it.
// ENOTFOUND if there is no such subject.
func (e *Engine) EraseSubject(ctx context.Context, id, actor string) error {
	if err := vigil.ValidateSubjectID(id); err != nil {
		return err
	}
	s, err := e.Store.FindSubjectByID(ctx, id)
	if err != nil {
		return err
	}
	links, err := e.Store.FindLinks(ctx, id, s.Identifiers())
	if err != nil {
		return fmt.Errorf("find links of subject %s: %w", id, err)
	}
	if err := e.Store.DeleteSubject(ctx, id, actor); err != nil {
		return err
	}
	wl := e.Watchlist()
	if wl.Empty() {
		return nil
	}
	var ids []string
	seen := map[string]bool{}
	for _, l := range links {
		if !seen[l.SubjectID] {
			seen[l.SubjectID] = true
			ids = append(ids, l.SubjectID)
		}
	}
	return e.refreshLinked(ctx, ids, wl, e.asOf(time.Time{}), actor)
}
