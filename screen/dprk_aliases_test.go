package screen

import (
	"strings"
	"testing"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/match"
)

// TestWatchlist_DPRKAliasVariants is the acceptance test on real data, through the product's own OFAC
// parser and watch-list: every name and alias of every DPRK-program OFAC entry, queried with its tokens
// reordered, with hyphens spaced and apostrophes dropped, and with hyphens dropped, finds its entry at rank 1, or
// tied at the top with another entry of the same name. Weak aliases (OFAC's a.k.a.s in remarks, which its FAQ 122
// says need not be screened at all) must be found at or above the reporting threshold, but may rank below
// another entry's strong name: a generic alias is weaker evidence than a full name.
func TestWatchlist_DPRKAliasVariants(t *testing.T) {
	w := ofacWatchlist(t)
	variants := []struct {
		name string
		make func(string) string
	}{
		{"reordered", func(s string) string {
			f := strings.Fields(strings.ReplaceAll(s, ",", " "))
			if len(f) < 2 {
				return s
			}
			return strings.Join(append(f[1:], f[0]), " ")
		}},
		{"hyphens spaced, apostrophes dropped", func(s string) string { return strings.NewReplacer("-", " ", "'", "").Replace(s) }},
		{"hyphens dropped", func(s string) string { return strings.ReplaceAll(s, "-", "") }},
	}
	entries, queries, weak := 0, 0, 0
	for _, e := range w.entries {
		if !isDPRKProgram(e.Programs) {
			continue
		}
		entries++
		for i, a := range append([]string{e.Name}, aliasNames(e.Aliases)...) {
			isWeak := i > 0 && e.Aliases[i-1].Weak
			for _, v := range variants {
				q := v.make(a)
				queries++
				hits := w.Search(match.Query{Name: q}, 50, 0.5)
				at := -1
				for i, h := range hits {
					if h.Entry == e {
						at = i
						break
					}
				}
				switch {
				case at < 0:
					t.Errorf("%s: %s of %q: %q finds nothing of it (top %v)", e.ID, v.name, a, q, topNames(hits, 3))
				case isWeak:
					if hits[at].Score < match.Threshold {
						t.Errorf("%s: %s of weak alias %q: %q scores %.3f, below the threshold", e.ID, v.name, a, q, hits[at].Score)
					}
				case hits[at].Score < match.Threshold:
					t.Errorf("%s: %s of %q: %q scores %.3f, below the reporting threshold", e.ID, v.name, a, q, hits[at].Score)
				case hits[at].Score < hits[0].Score:
					t.Errorf("%s: %s of %q: %q ranks it %d (%.3f < %.3f, %s %q)", e.ID, v.name, a, q, at+1, hits[at].Score, hits[0].Score, hits[0].Entry.ID, hits[0].Name)
				default:
					for _, h := range hits[:at] {
						if s, _ := match.Compare(h.Name, hits[at].Name); s < 1 {
							t.Errorf("%s: %s of %q: %q ties with %s %q, another name", e.ID, v.name, a, q, h.Entry.ID, h.Name)
						}
					}
				}
			}
		}
		for _, al := range e.Aliases {
			if al.Weak {
				weak++
			}
		}
	}
	t.Logf("%d queries over the names and aliases (%d weak) of %d DPRK-program entries", queries, weak, entries)
	if entries != 484 {
		t.Errorf("%d DPRK-program entries; the file has 484", entries)
	}
}

func aliasNames(as []vigil.Alias) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Name
	}
	return out
}

func isDPRKProgram(programs []string) bool {
	for _, p := range programs {
		if strings.HasPrefix(p, "DPRK") {
			return true
		}
	}
	return false
}

func topNames(hits []Hit, n int) []string {
	var out []string
	for i, h := range hits {
		if i == n {
			break
		}
		out = append(out, h.Entry.ID+" "+h.Name)
	}
	return out
}
