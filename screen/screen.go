// Package screen runs the screening checks over one subject: watch-list matches by name and by identifier,
// document issuers, phone numbers, email domains, identifiers shared with other subjects, and shipping
// addresses. Each check turns what it sees into findings that explain themselves to a reviewer; Screen merges
// them so that one fact gives one finding, applies the reviewers' remembered decisions and orders the result.
//
// The package is pure: everything a check needs arrives in Input (the caller fetched links and decisions from
// the store and compiled the lists into a Watchlist), so screening is deterministic and runs anywhere.
package screen

import (
	"cmp"
	"slices"
	"time"

	"github.com/vigil-sec/vigil"
)

// Input is everything the checks judge a subject by.
type Input struct {
	Subject *vigil.Subject
	// AsOf is the time the checks judge at; every finding is first and last seen at it.
	AsOf time.Time
	// Watchlist holds the compiled lists; nil or empty means no lists, and the watch-list checks find nothing.
	// Refusing to screen without lists is the caller's job (vigil.ENOLISTS).
	Watchlist *Watchlist
	// Links are other stored subjects sharing this subject's identifiers (SubjectService.FindLinks).
	Links []*vigil.Link
	// Decisions are reviewers' decisions remembered for this subject (FindingService.FindMatchDecisions).
	Decisions []*vigil.MatchDecision
}

// Check is one family of screening checks. Run reads only in and returns new findings; it must be
// deterministic and safe for concurrent use.
type Check interface {
	// Name is the check's dotted name as findings carry it ("watchlist.name").
	Name() string
	// Run returns the findings about in.Subject, each with Check, Key, Severity, Summary and Evidence set.
	Run(in *Input) []*vigil.Finding
}

// registry is every check in the order they run. Order matters when two checks see the same fact: the
// earlier one owns the finding and the later one adds its evidence there, so the exact identifier hit comes
// before the fuzzier name match of the same list entry.
var registry = []Check{
	watchlistIdentifierCheck{},
	watchlistNameCheck{},
	documentIssuerCheck{},
	phoneCheck{},
	emailCheck{},
	linkSharedCheck{},
	shippingAddressCheck{},
}

// Checks returns the registry, in the fixed order the checks run.
func Checks() []Check { return slices.Clone(registry) }

// CheckNames returns the names of the registered checks, in registry order. A stored open finding of one of
// these checks that screening no longer produces is closed (vigil.Screening.Checks).
func CheckNames() []string {
	names := make([]string, len(registry))
	for i, c := range registry {
		names[i] = c.Name()
	}
	return names
}

// Screen runs every check over in.Subject and returns its findings: merged so that each Key appears once,
// dismissed where a reviewer's decision still applies, and sorted (open before dismissed, then highest
// severity first, then by check and key) so that the same input always gives the same output.
func Screen(in *Input) []*vigil.Finding {
	return run(in, registry)
}

// ScreenOnly runs the named checks alone, as Screen does. It refreshes one kind of fact without the cost of the
// others: when a subject stored elsewhere shares an identifier, only link.shared of this subject changes.
func ScreenOnly(in *Input, names ...string) []*vigil.Finding {
	var checks []Check
	for _, c := range registry {
		if slices.Contains(names, c.Name()) {
			checks = append(checks, c)
		}
	}
	return run(in, checks)
}

func run(in *Input, checks []Check) []*vigil.Finding {
	if in == nil || in.Subject == nil {
		return nil
	}
	var out []*vigil.Finding
	byKey := map[string]*vigil.Finding{}
	for _, c := range checks {
		for _, f := range c.Run(in) {
			stamp(f, in)
			if prev, ok := byKey[f.Key]; ok {
				merge(prev, f)
				continue
			}
			byKey[f.Key] = f
			out = append(out, f)
		}
	}
	applyDecisions(out, in)
	slices.SortStableFunc(out, func(a, b *vigil.Finding) int {
		return cmp.Or(
			statusOrder(a.Status)-statusOrder(b.Status),
			b.Severity.Rank()-a.Severity.Rank(),
			cmp.Compare(a.Check, b.Check),
			cmp.Compare(a.Key, b.Key),
		)
	})
	return out
}

// stamp fills the fields every finding of one screening shares.
func stamp(f *vigil.Finding, in *Input) {
	f.SubjectID = in.Subject.ID
	f.FirstSeen, f.LastSeen = in.AsOf, in.AsOf
	f.Count = 1
	f.Status = vigil.FindingOpen
}

// merge adds what a later check saw about the same fact to the finding that reports it: its evidence (once
// each) and, when it is graver, its severity. The summary stays the owner's.
func merge(into, from *vigil.Finding) {
	if from.Severity.Rank() > into.Severity.Rank() {
		into.Severity = from.Severity
	}
	for _, ev := range from.Evidence {
		if !slices.Contains(into.Evidence, ev) {
			into.Evidence = append(into.Evidence, ev)
		}
	}
	if into.List == "" {
		into.List, into.EntryID = from.List, from.EntryID
	}
}

func statusOrder(s vigil.FindingStatus) int {
	if s == vigil.FindingOpen {
		return 0
	}
	return 1
}
