package nameeval

import (
	"strings"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/commonnames"
)

// FalsePositiveSet returns the common names of commonnames.All() that are on no list (FilterUnlisted), and
// how many of each culture were removed because a list holds them.
func FalsePositiveSet(entries []*vigil.ListEntry) ([]commonnames.Name, map[string]int) {
	return FilterUnlisted(commonnames.All(), entries)
}

// FilterUnlisted returns the names, in order, that equal no name or alias of any entry after folding (case,
// diacritics, apostrophes and punctuation removed, word order ignored: "SMITH, John" is "John Smith"), and
// per culture how many it removed. A screener that reports a removed name is right to: the list holds it.
// A name's Full form is compared, or Given and Family when Full is empty.
func FilterUnlisted(names []commonnames.Name, entries []*vigil.ListEntry) ([]commonnames.Name, map[string]int) {
	listed := map[string]bool{}
	for _, e := range entries {
		if e == nil {
			continue
		}
		for _, n := range e.AllNames() {
			if k := foldKey(n); k != "" {
				listed[k] = true
			}
		}
	}
	removed := map[string]int{}
	out := make([]commonnames.Name, 0, len(names))
	for _, n := range names {
		if listed[foldKey(FullName(n))] {
			removed[n.Culture]++
			continue
		}
		out = append(out, n)
	}
	return out, removed
}

// FullName is the name to screen: Full, or Given and Family when Full is empty.
func FullName(n commonnames.Name) string {
	if strings.TrimSpace(n.Full) != "" {
		return n.Full
	}
	return strings.TrimSpace(n.Given + " " + n.Family)
}
