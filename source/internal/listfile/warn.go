package listfile

import (
	"fmt"
	"sort"
	"strings"
)

// Sample counts values of one kind a parse skipped or cut and keeps the first few to name in a warning: a real
// file can have thousands, and a warning names a few and counts the rest.
type Sample struct {
	N     int // how many were added
	Keep  int // how many are kept to be named; 0 keeps 8
	items []string
}

// Add counts an item and keeps it while fewer than Keep are kept.
func (s *Sample) Add(item string) {
	s.N++
	keep := s.Keep
	if keep == 0 {
		keep = 8
	}
	if len(s.items) < keep {
		s.items = append(s.items, item)
	}
}

// String lists the kept items, followed by ", …" when more were added.
func (s *Sample) String() string {
	more := ""
	if s.N > len(s.items) {
		more = ", …"
	}
	return strings.Join(s.items, ", ") + more
}

// SkippedWarning is the warning for the values of file that could not be read, which s counts. The values stay
// in the file: the warning says so, so that an analyst knows where to look.
func SkippedWarning(file string, s *Sample) string {
	return fmt.Sprintf("%s: %d values could not be read and were skipped (they stay in the file): %s", file, s.N, s.String())
}

// Tally counts what a file has that the parser does not know (elements, columns, name types) with the line
// each was first seen on, so that a warning names each once with its count however often it occurs.
type Tally struct {
	// Max bounds the distinct keys counted (0: no bound), so that a hostile file cannot grow the tally without
	// limit; Add reports a new key beyond it.
	Max int
	m   map[string]*Seen
}

// Seen is one key of a Tally: how often it occurred and the line of the first occurrence.
type Seen struct {
	Key   string
	Count int
	Line  int
}

// Add counts key, first seen on line. It returns false, counting nothing, for a new key when Max keys are
// counted already.
func (t *Tally) Add(key string, line int) bool {
	s := t.m[key]
	if s == nil {
		if t.Max > 0 && len(t.m) >= t.Max {
			return false
		}
		if t.m == nil {
			t.m = map[string]*Seen{}
		}
		s = &Seen{Key: key, Line: line}
		t.m[key] = s
	}
	s.Count++
	return true
}

// Sorted returns the keys counted, ordered by key.
func (t *Tally) Sorted() []Seen {
	out := make([]Seen, 0, len(t.m))
	for _, s := range t.m {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// CountList shows counted values ordered by value, each quoted with its count: `"Korea" ×2, "Syria" ×1`. It
// shows at most show values (all when show is 0) and then how many more there are.
func CountList(m map[string]int, show int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for i, k := range keys {
		if show > 0 && i == show {
			parts = append(parts, fmt.Sprintf("and %d more", len(keys)-show))
			break
		}
		parts = append(parts, fmt.Sprintf("%s ×%d", Quote(k), m[k]))
	}
	return strings.Join(parts, ", ")
}
