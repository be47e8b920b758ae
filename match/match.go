// Package match decides whether a person's or organisation's name is a watch-list name written differently:
// another order, other separators, a transliteration variant, a typo, initials. It is pure: values in, values
// out, no I/O, so checks, workers and benchmarks can use it alike.
//
// A name is folded (Unicode compatibility decomposition, diacritics and case removed, special letters spelled
// out, Cyrillic and Greek transliterated) into at most 16 tokens. Two token lists are compared by aligning
// tokens one to one, or one token to two or three adjacent tokens glued together ("Jong Un" and "Jongun"),
// each pair scored by Jaro-Winkler adapted for names. Tokens left unaligned lower the score in proportion to
// their length: little when only one name has them (a middle name missing), more when both do (two names that
// disagree). An Index answers queries without scanning every name: candidates come from n-gram and
// consonant-skeleton indexes over the list's distinct tokens, and are scored best bound first, so a search
// stops as soon as no further name can enter the result.
package match

import (
	"github.com/vigil-sec/vigil"
)

// Threshold is the single score at or above which Vigil reports a name match to a reviewer, in screening, in
// search and in the benchmarks alike. It was chosen on the 826 labelled pairs of ../shared/data/name-bench
// (TestNameBench): F1 peaks at 0.850 at 0.79 and is 0.841 at 0.80 (precision 0.92, recall 0.77), 0.838 at 0.75
// (precision 0.85); 0.80 is the round value at the top of that plateau, on its high-precision side, because
// ordinary names of the cultures the lists hold many people from (Arabic, Persian, Pakistani, Russian, Hausa)
// collide with listed names far more often below it (internal/nameeval's false-positive set: 2.2% of 18,500
// common names at 0.75, 1.3% at 0.80), while every DPRK-programme alias variant of the recall set still scores
// above it.
const Threshold = 0.80

// Entity is one watch-list entry as the matcher sees it.
type Entity struct {
	Names      []string          // primary name first, then aliases
	WeakNames  []string          // low-quality aliases: they match only when equal to the query after folding
	BirthDates []vigil.BirthDate // Date/To are YYYY, YYYY-MM or YYYY-MM-DD
	Person     bool              // a person (true) or an organisation, vessel, aircraft
	// Nationalities (ISO 3166-1 alpha-2) and Gender ("male", "female") corroborate a match in its explanation
	// only: see Query.
	Nationalities []string
	Gender        string
}

// Query is a name to screen, with what corroborates it.
//
// A birth date moves the score (see DateVerdict). A nationality and a gender are compared with the entity's
// and the verdict is stated in the match and its explanation, for the reviewer, but never moves the score
// or the ranking: lists record citizenship incompletely, a person under a false identity states a false
// nationality and gender, and Vigil scores no one for who they are.
type Query struct {
	Name        string
	BirthDate   string // optional: YYYY, YYYY-MM or YYYY-MM-DD; anything else is ignored
	Nationality string // optional: ISO 3166-1 alpha-2
	Gender      string // optional: "male" or "female"
	PersonOnly  bool   // consider only entities with Person == true
}

// Verdict says how a stated fact compares with what the list gives.
type Verdict string

// Verdicts of nationality and gender. The empty verdict means no comparison: the query or the entity does
// not give the fact.
const (
	VerdictUnknown Verdict = ""
	VerdictMatch   Verdict = "match"
	VerdictDiffers Verdict = "differs"
)

// DateVerdict says how the birth date corroborated a name match.
type DateVerdict string

// Birth-date verdicts. The empty verdict means no comparison was possible: the query or the entity has no
// usable birth date.
const (
	DateUnknown  DateVerdict = ""
	DateMatch    DateVerdict = "match"    // the query date lies within a listed date or range
	DateClose    DateVerdict = "close"    // within a year of a listed date, or near a circa date
	DateMismatch DateVerdict = "mismatch" // far from every listed date
)

// Match is one entity found by a search.
type Match struct {
	Entity      int         // index into the slice given to NewIndex
	Name        string      // the entity's name (or alias) that matched best, as written in the list
	Score       float64     // 0..1: the name score adjusted by the birth date
	NameScore   float64     // 0..1: names alone
	BirthDate   DateVerdict // how the birth date corroborated
	Nationality Verdict     // how the stated nationality compares with the listed ones (not scored)
	Gender      Verdict     // how the stated gender compares with the listed one (not scored)
	Explanation string      // one line a reviewer understands
}

// Compare scores two names in [0, 1] and explains the token alignment behind the score. It is symmetric up to
// tie-breaking among equally good alignments, and 1 for a name compared with itself. Names that fold to no
// tokens score 0.
func Compare(a, b string) (score float64, explanation string) {
	return compare(a, b, false)
}

// CompareOrganizations is Compare for names of organisations, vessels or aircraft, where no part of a name is
// optional (see orgUnmatchedCost).
func CompareOrganizations(a, b string) (score float64, explanation string) {
	return compare(a, b, true)
}

func compare(a, b string, org bool) (score float64, explanation string) {
	c := comparerPool.Get().(*comparer)
	defer comparerPool.Put(c)
	c.al.org = org
	c.qa.fold(a)
	c.qb.fold(b)
	s := c.al.align(&c.qa.tokens, &c.qb.tokens, true)
	return s, c.al.explain(&c.qa.tokens, &c.qb.tokens)
}
