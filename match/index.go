package match

import (
	"cmp"
	"slices"
	"strings"
	"sync"
)

// weakNameScore is the name score of a weak alias equal to the query: reported (it is above Threshold) but
// ranked below any exact strong name, because the publisher itself warns that the alias alone identifies
// no one.
const weakNameScore = 0.90

// Index finds the watch-list entities whose names match a query. It is built once by NewIndex, never changes,
// and is safe for concurrent use by any number of goroutines.
//
// Candidate names come from the list's distinct tokens and their adjacent pairs and triples glued together,
// reached through a character n-gram index (bigrams for tokens of up to three letters, trigrams beyond) and a
// consonant-skeleton index for vowel-only variants: a query token reaches the names holding a similar token
// even with a typo, glued or split. Each candidate gets an upper bound of the score it can reach from the
// token similarities found, and candidates are scored best bound first, so a search stops as soon as no
// further name can enter the result. No query scans the list.
//
// The n-gram filter wants a similar token to share a few n-grams with the query token (two bigrams, or one
// trigram plus one per eight); a token mangled past that, such as "Lnikr" for "Linker", is not looked at.
// TestSearchAgreesWithFullScan compares Search with scoring every name.
type Index struct {
	entities []entityInfo
	names    []nameRec

	units     []unitRec          // distinct token texts and glued runs
	unitRunes []rune             // their runes
	unitByKey map[string]int32   // text → unit
	skeletons map[string][]int32 // consonant skeleton → word units, for vowel-only variants (Mohamed, Muhammad)
	korean    map[uint64][]int32 // Korean reading → word units of names that read as Korean (Ri, Lee, Yi)
	grams     map[uint64]span    // n-gram → unitGrams[span]
	unitGrams []int32
	postings  []posting // unitRec.post spans into it

	weak map[string][]weakRec // sorted folded tokens → weak aliases

	pool sync.Pool // *scratch
}

type entityInfo struct {
	person        bool
	dates         []dateRange
	nationalities []string
	gender        string
}

type nameRec struct {
	tokens
	entity    int32
	weight    float32 // total token weight
	maxWeight float32 // heaviest token, for the bound on initials
	raw       string
}

type span struct{ off, n uint32 }

// unitRec is a distinct token text, or a glued run of two or three adjacent tokens, found in the list.
type unitRec struct {
	runes     span
	kind      tokenKind
	post      span
	onlyGlued bool // every posting is a glued run: pairs only near-exactly, and never with a glued query unit
}

// posting says that a name holds a unit, with the unit's weight there; glued is set when it is a run.
type posting struct {
	name   int32
	weight float32
	glued  bool
	person bool // the name's entity is a person, for PersonOnly without another look-up
	korean bool // the name reads as Korean: its tokens pair with other romanisations
}

type weakRec struct {
	entity int32
	raw    string
}

// NewIndex builds an index over entities; Match.Entity indexes this slice. Names that fold to no token are
// skipped, as are names of an entity equal after folding to one already kept, and birth dates that are not
// YYYY, YYYY-MM or YYYY-MM-DD (or whose To precedes Date). The caller's slice is not kept.
func NewIndex(entities []Entity) *Index {
	ix := &Index{
		entities:  make([]entityInfo, len(entities)),
		unitByKey: make(map[string]int32),
		skeletons: make(map[string][]int32),
		korean:    make(map[uint64][]int32),
		grams:     make(map[uint64]span),
		weak:      make(map[string][]weakRec),
	}
	var tl tokenList
	type rawPost struct {
		unit int32
		p    posting
	}
	var posts []rawPost
	seen := map[string]bool{}
	var key []byte
	var join []rune
	var ko koreanKeys
	addUnit := func(rs []rune, kind tokenKind) int32 {
		key = appendRunes(key[:0], rs)
		if id, ok := ix.unitByKey[string(key)]; ok {
			return id
		}
		id := int32(len(ix.units))
		off := uint32(len(ix.unitRunes))
		ix.unitRunes = append(ix.unitRunes, rs...)
		ix.units = append(ix.units, unitRec{runes: span{off, uint32(len(rs))}, kind: kind})
		ix.unitByKey[string(key)] = id
		return id
	}
	for e := range entities {
		ent := &entities[e]
		info := &ix.entities[e]
		info.person = ent.Person
		info.nationalities = slices.Clone(ent.Nationalities)
		info.gender = ent.Gender
		for _, b := range ent.BirthDates {
			if d, ok := entityDate(b); ok {
				info.dates = append(info.dates, d)
			}
		}
		clear(seen)
		for _, raw := range ent.Names {
			tl.fold(raw)
			if len(tl.toks) == 0 {
				continue
			}
			k := foldedKey(&tl.tokens, false)
			if seen[k] {
				continue
			}
			seen[k] = true
			n := int32(len(ix.names))
			rec := nameRec{entity: int32(e), raw: raw, weight: tl.totalWeight()}
			rec.runes = slices.Clone(tl.runes)
			rec.toks = slices.Clone(tl.toks)
			rec.korean = tl.korean
			for i := range rec.toks {
				t := &rec.toks[i]
				rec.maxWeight = max(rec.maxWeight, t.weight)
				id := addUnit(rec.tokenRunes(i), t.kind)
				posts = append(posts, rawPost{id, posting{name: n, weight: t.weight, person: ent.Person, korean: rec.korean}})
				for k := uint8(0); k < t.ko.n; k++ {
					if l := ix.korean[t.ko.k[k]]; !slices.Contains(l, id) {
						ix.korean[t.ko.k[k]] = append(l, id)
					}
				}
			}
			// glued runs, exactly as align forms them
			for i := 0; i+1 < len(rec.toks); i++ {
				join = join[:0]
				var w float32
				kind := kindWord
				for L := 1; L <= maxRun && i+L <= len(rec.toks); L++ {
					t := &rec.toks[i+L-1]
					if t.minor {
						break
					}
					if t.kind == kindNumber {
						kind = kindNumber
					}
					join = append(join, rec.tokenRunes(i+L-1)...)
					w += t.weight
					if L == 1 {
						continue
					}
					if len(join) > maxTokenRunes {
						break
					}
					id := addUnit(join, kind)
					posts = append(posts, rawPost{id, posting{name: n, weight: w, glued: true, person: ent.Person, korean: rec.korean}})
					if rec.korean {
						// "Yong Chol" glued is found from "Yongjol" as "Yong" is from "Ryong"
						koreanReadings(join, &ko)
						for k := uint8(0); k < ko.n; k++ {
							if l := ix.korean[ko.k[k]]; !slices.Contains(l, id) {
								ix.korean[ko.k[k]] = append(l, id)
							}
						}
					}
				}
			}
			ix.names = append(ix.names, rec)
		}
		clear(seen)
		for _, raw := range ent.WeakNames {
			tl.fold(raw)
			if len(tl.toks) == 0 {
				continue
			}
			k := foldedKey(&tl.tokens, true)
			if seen[k] {
				continue
			}
			seen[k] = true
			ix.weak[k] = append(ix.weak[k], weakRec{entity: int32(e), raw: raw})
		}
	}

	// postings, grouped by unit; a name holding a unit twice keeps its heaviest, unglued occurrence
	slices.SortFunc(posts, func(a, b rawPost) int {
		if c := cmp.Compare(a.unit, b.unit); c != 0 {
			return c
		}
		if c := cmp.Compare(a.p.name, b.p.name); c != 0 {
			return c
		}
		if a.p.glued != b.p.glued {
			if a.p.glued {
				return 1
			}
			return -1
		}
		return cmp.Compare(b.p.weight, a.p.weight)
	})
	ix.postings = make([]posting, 0, len(posts))
	for i := 0; i < len(posts); {
		u := posts[i].unit
		start := len(ix.postings)
		for ; i < len(posts) && posts[i].unit == u; i++ {
			if j := len(ix.postings); j > start && ix.postings[j-1].name == posts[i].p.name {
				continue
			}
			ix.postings = append(ix.postings, posts[i].p)
		}
		ix.units[u].post = span{uint32(start), uint32(len(ix.postings) - start)}
		ix.units[u].onlyGlued = true
		for _, p := range ix.postings[start:] {
			if !p.glued {
				ix.units[u].onlyGlued = false
				break
			}
		}
	}

	// n-grams and skeletons of every word unit
	gramUnits := map[uint64][]int32{}
	var gs []uint64
	var sk [maxTokenRunes]rune
	for id := range ix.units {
		u := &ix.units[id]
		if u.kind != kindWord {
			continue
		}
		rs := ix.runesOf(int32(id))
		if n, ok := skeleton(rs, &sk); ok && n >= 3 && !u.onlyGlued {
			k := string(sk[:n])
			ix.skeletons[k] = append(ix.skeletons[k], int32(id))
		}
		gs = indexGrams(gs[:0], rs)
		for _, g := range gs {
			if l := gramUnits[g]; len(l) == 0 || l[len(l)-1] != int32(id) {
				gramUnits[g] = append(l, int32(id))
			}
		}
	}
	keys := make([]uint64, 0, len(gramUnits))
	for g := range gramUnits {
		keys = append(keys, g)
	}
	slices.Sort(keys)
	for _, g := range keys {
		l := gramUnits[g]
		// by length, so a query reads only the units long or short enough to pair with it
		slices.SortFunc(l, func(a, b int32) int {
			if c := cmp.Compare(ix.units[a].runes.n, ix.units[b].runes.n); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		ix.grams[g] = span{uint32(len(ix.unitGrams)), uint32(len(l))}
		ix.unitGrams = append(ix.unitGrams, l...)
	}
	for k, l := range ix.weak {
		slices.SortFunc(l, func(a, b weakRec) int { return cmp.Compare(a.entity, b.entity) })
		ix.weak[k] = l
	}
	ix.pool.New = func() any { return ix.newScratch() }
	return ix
}

// Len returns the number of entities indexed.
func (ix *Index) Len() int { return len(ix.entities) }

func (ix *Index) runesOf(id int32) []rune {
	s := ix.units[id].runes
	return ix.unitRunes[s.off : s.off+s.n]
}

// foldedKey is a name's tokens as one string: in order, or sorted when order must not matter.
func foldedKey(t *tokens, sorted bool) string {
	parts := make([]string, len(t.toks))
	for i := range t.toks {
		parts[i] = string(t.tokenRunes(i))
	}
	if sorted {
		slices.Sort(parts)
	}
	return strings.Join(parts, " ")
}

// N-grams. Short units (up to shortUnit runes) are looked up by padded bigrams, longer ones by padded
// trigrams; list units are indexed by bigrams when they are short enough to pair with a short query unit and
// by trigrams when long enough to pair with a long one.
const (
	shortUnit     = 3
	bigramMaxLen  = 6 // a query of shortUnit runes pairs with nothing longer than this (length penalty)
	trigramMinLen = 3
	padStart      = 1 // runes that never occur in a token
	padEnd        = 2
	bigramFlag    = 1 << 63
)

func gram2(a, b rune) uint64    { return bigramFlag | uint64(a)<<21 | uint64(b) }
func gram3(a, b, c rune) uint64 { return uint64(a)<<42 | uint64(b)<<21 | uint64(c) }

func indexGrams(gs []uint64, rs []rune) []uint64 {
	if len(rs) <= bigramMaxLen {
		gs = appendBigrams(gs, rs)
	}
	if len(rs) >= trigramMinLen {
		gs = appendTrigrams(gs, rs)
	}
	return gs
}

func queryGrams(gs []uint64, rs []rune) []uint64 {
	if len(rs) <= shortUnit {
		return appendBigrams(gs, rs)
	}
	return appendTrigrams(gs, rs)
}

func appendBigrams(gs []uint64, rs []rune) []uint64 {
	prev := rune(padStart)
	for _, r := range rs {
		gs = append(gs, gram2(prev, r))
		prev = r
	}
	return append(gs, gram2(prev, padEnd))
}

func appendTrigrams(gs []uint64, rs []rune) []uint64 {
	n := len(rs)
	at := func(i int) rune {
		switch {
		case i < 0:
			return padStart
		case i >= n:
			return padEnd
		}
		return rs[i]
	}
	for i := -1; i+2 <= n; i++ {
		gs = append(gs, gram3(at(i), at(i+1), at(i+2)))
	}
	return gs
}
