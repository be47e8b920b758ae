package ofacxml

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vigil-sec/vigil/country"
	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/internal/xmlsafe"
)

// notes gathers what a parse skipped, so that each kind of problem is reported once with a count rather than
// once per occurrence: a real file has thousands of records.
type notes struct {
	file string

	unknown    listfile.Tally        // element path → count
	dangling   map[string]*firstSeen // reference set → references to IDs the file does not define
	unresolved map[string]int        // country names that are not one country
	otherLists map[string]int        // list names other than the SDN List → entries
	skipped    listfile.Sample       // values that could not be used, with their entry
	capped     []string              // entries whose names were cut at maxNames
	nCapped    int
}

type firstSeen struct {
	count int
	line  int
	id    string
}

func newNotes(file string) *notes {
	return &notes{file: file, dangling: map[string]*firstSeen{}, unresolved: map[string]int{},
		otherLists: map[string]int{}}
}

func (n *notes) unknownElement(path string, line int) {
	n.unknown.Add(path, line)
}

// danglingRef counts a reference to an ID that the file's reference values (or locations) do not define,
// keeping the first such ID to name in the warning.
func (n *notes) danglingRef(set, id string, line int) {
	f := n.dangling[set]
	if f == nil {
		f = &firstSeen{line: line, id: id}
		n.dangling[set] = f
	}
	f.count++
}

// skip records a value that could not be used: what it is and the entry's ent_num.
func (n *notes) skip(what string, entNum string) {
	n.skipped.Add(fmt.Sprintf("%s (entry %s)", what, entNum))
}

// country resolves a country: by its ISO code when the file gives one, else by its name as OFAC spells it.
// A name that is not one current country ("Region: Gaza", "undetermined") is counted and yields false.
func (n *notes) country(iso, name string) (string, bool) {
	if iso != "" {
		if code, ok := countryCode(iso); ok {
			return code, true
		}
	}
	if name == "" {
		if iso != "" {
			n.unresolved[iso]++
		}
		return "", false
	}
	if code, ok := country.FromName(name); ok {
		return code, true
	}
	n.unresolved[name]++
	return "", false
}

func (n *notes) list() []string {
	var w []string
	for _, u := range n.unknown.Sorted() {
		w = append(w, fmt.Sprintf("%s:%d: ignored %d unknown <%s> elements (a new element in OFAC's format?)", n.file, u.Line, u.Count, xmlsafe.Name(u.Key)))
	}
	for _, set := range sortedKeys(n.dangling) {
		d := n.dangling[set]
		w = append(w, fmt.Sprintf("%s:%d: %d references to %s IDs the file does not define (first: %s) were skipped", n.file, d.line, d.count, xmlsafe.Name(set), listfile.Quote(d.id)))
	}
	if len(n.otherLists) > 0 {
		w = append(w, n.file+": entries on lists other than the SDN List were read all the same: "+listfile.CountList(n.otherLists, 0))
	}
	if len(n.unresolved) > 0 {
		w = append(w, n.file+": country names that are not one current country, kept as text only: "+listfile.CountList(n.unresolved, 0))
	}
	if n.nCapped > 0 {
		w = append(w, fmt.Sprintf("%s: %d entries have more than %d names; the rest were ignored: %s", n.file, n.nCapped, maxNames, strings.Join(n.capped, ", ")))
	}
	if n.skipped.N > 0 {
		w = append(w, listfile.SkippedWarning(n.file, &n.skipped))
	}
	return w
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
