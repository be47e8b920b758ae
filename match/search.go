package match

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// minShared is how many n-grams a list unit must share with a query unit of g n-grams before their
// similarity is computed. Tokens similar enough to pair (Jaro-Winkler 0.8 after the length penalty) keep most
// of their n-grams; the filter only spares the Jaro-Winkler of tokens sharing a common ending.
func minShared(g int, bigrams bool) int {
	switch {
	case bigrams:
		return 2 // the padded first and last letters, or a letter pair: less leaves nothing to pair
	case g <= 5:
		return 1
	}
	return 1 + g/8 // two transpositions in "Yuryevich" ("Yruyevihc") spare two of nine trigrams
}

// minSharedGlued is minShared where only near-exact pairs count (a glued run on either side must reach
// glueFloor): such pairs differ by a letter or two, which spares at least half of the n-grams.
func minSharedGlued(g int) int {
	if g <= 3 {
		return 1
	}
	return g / 2
}

// scratch is the per-search state, pooled. Stamps tell which entries were written by the current query or
// query unit, so nothing is cleared between searches.
type scratch struct {
	q        tokenList
	al       aligner
	gen      uint32
	unitSeen []uint32 // per list unit: stamp of the query unit that counted it
	unitHits []uint16 // per list unit: n-grams shared with the query unit
	touched  []int32  // list units counted for the query unit

	nameUnit  []uint32  // per name: stamp of the query unit that credited it
	nameBest  []float32 // per name: best credit from the current query unit
	nameQuery []uint32  // per name: stamp of the query that credited it
	nameCov   []float32 // per name: credit summed over query units
	credited  []int32   // names credited by the current query unit
	cands     []cand

	entQuery   []uint32 // per entity: stamp of the query that scored it
	entScore   []float64
	entName    []int32 // best name of the entity (-1: a weak alias)
	entWeak    []int32 // the weak alias when entName is -1
	entVerdict []DateVerdict
	entDate    []int32
	ents       []int32
	top        []topEntry
	gs         []uint64
	join       []rune
	key        []byte
	order      []int
	qunits     []queryUnit
	unitRunes  []rune
	letters    letterCounts
	ko         koreanKeys
}

type cand struct {
	bound float32
	name  int32
}

type topEntry struct {
	score  float64
	entity int32
}

func (ix *Index) newScratch() *scratch {
	return &scratch{
		unitSeen:   make([]uint32, len(ix.units)),
		unitHits:   make([]uint16, len(ix.units)),
		nameUnit:   make([]uint32, len(ix.names)),
		nameBest:   make([]float32, len(ix.names)),
		nameQuery:  make([]uint32, len(ix.names)),
		nameCov:    make([]float32, len(ix.names)),
		entQuery:   make([]uint32, len(ix.entities)),
		entScore:   make([]float64, len(ix.entities)),
		entName:    make([]int32, len(ix.entities)),
		entWeak:    make([]int32, len(ix.entities)),
		entVerdict: make([]DateVerdict, len(ix.entities)),
		entDate:    make([]int32, len(ix.entities)),
	}
}

// stamp returns a new generation, clearing the stamp arrays when the counter wraps.
func (sc *scratch) stamp() uint32 {
	sc.gen++
	if sc.gen == 0 {
		clear(sc.unitSeen)
		clear(sc.nameUnit)
		clear(sc.nameQuery)
		clear(sc.entQuery)
		sc.gen = 1
	}
	return sc.gen
}

// Search returns the entities whose best name scores at least minScore against q (a weak alias only when
// equal to the query after folding), best first, ties by entity index, at most limit of them (all when
// limit <= 0). Names sharing nothing with the query but initials are not candidates.
func (ix *Index) Search(q Query, limit int, minScore float64) []Match {
	if len(ix.names) == 0 && len(ix.weak) == 0 {
		return nil // also the zero Index
	}
	sc := ix.pool.Get().(*scratch)
	defer ix.pool.Put(sc)
	sc.q.fold(q.Name)
	if len(sc.q.toks) == 0 {
		return nil
	}
	qd, hasDate := parseDate(q.BirthDate)
	bonus := 0.0
	if hasDate {
		bonus = dateMatchBonus
	}
	queryGen := sc.stamp()
	sc.cands = sc.cands[:0]
	skipped := ix.collect(sc, q.PersonOnly, queryGen, minScore-bonus)

	// bound: see align for the score; with u the least cost of an unaligned token,
	// score <= C / (u·W + (1-u)·C) for C the credit, capped at W, the weight of both names.
	u := min(unmatchedCost, conflictCost)
	qw := float64(sc.q.totalWeight())
	var qInitials float64
	for i := range sc.q.toks {
		if sc.q.toks[i].kind == kindInitial {
			qInitials += float64(sc.q.toks[i].weight)
		}
	}
	kept := sc.cands[:0]
	for _, c := range sc.cands {
		n := &ix.names[c.name]
		w := qw + float64(n.weight)
		credit := float64(sc.nameCov[c.name]) + skipped
		if qInitials > 0 {
			credit += initialSim * (qInitials + float64(n.maxWeight)*qInitials)
		}
		credit = min(credit, w)
		bound := credit / (u*w + (1-u)*credit)
		if bound+bonus < minScore || bound <= 0 {
			continue
		}
		kept = append(kept, cand{bound: float32(bound), name: c.name})
	}
	sc.cands = kept
	slices.SortFunc(sc.cands, func(a, b cand) int {
		if c := cmp.Compare(b.bound, a.bound); c != 0 {
			return c
		}
		return cmp.Compare(a.name, b.name)
	})

	sc.ents = sc.ents[:0]
	sc.top = sc.top[:0]
	for _, c := range sc.cands {
		if limit > 0 && len(sc.top) == limit && float64(c.bound)+bonus+1e-6 < sc.top[limit-1].score {
			break
		}
		n := &ix.names[c.name]
		sc.al.org = !ix.entities[n.entity].person
		ns := sc.al.align(&sc.q.tokens, &n.tokens, false)
		if ns <= 0 {
			continue
		}
		ix.offer(sc, n.entity, c.name, -1, ns, qd, hasDate, queryGen, limit)
	}
	var weak []weakRec
	if len(ix.weak) > 0 {
		ix.weakKey(sc)
		weak = ix.weak[string(sc.key)]
		for k, w := range weak {
			if q.PersonOnly && !ix.entities[w.entity].person {
				continue
			}
			ix.offer(sc, w.entity, -1, int32(k), weakNameScore, qd, hasDate, queryGen, limit)
		}
	}

	// results
	var out []Match
	for _, e := range sc.ents {
		s := sc.entScore[e]
		if s < minScore {
			continue
		}
		out = append(out, Match{Entity: int(e), Score: s, BirthDate: sc.entVerdict[e]})
	}
	slices.SortFunc(out, func(a, b Match) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Entity, b.Entity)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	for i := range out {
		m := &out[i]
		e := int32(m.Entity)
		var ex string
		if nm := sc.entName[e]; nm >= 0 {
			n := &ix.names[nm]
			m.Name = n.raw
			sc.al.org = !ix.entities[e].person
			m.NameScore = sc.al.align(&sc.q.tokens, &n.tokens, true)
			ex = sc.al.explain(&sc.q.tokens, &n.tokens)
		} else {
			w := weak[sc.entWeak[e]]
			m.Name = w.raw
			m.NameScore = weakNameScore
			ex = "equal after folding to a weak (low-quality) alias, which matches only when equal"
		}
		info := &ix.entities[e]
		if hasDate {
			if m.BirthDate == DateUnknown {
				ex += "; no listed birth date to compare"
			} else {
				ex += "; " + dateExplanation(qd, m.BirthDate, info.dates[sc.entDate[e]], len(info.dates))
			}
		}
		if q.Nationality != "" {
			m.Nationality, ex = corroborate(ex, "nationality", q.Nationality, info.nationalities)
		}
		if q.Gender != "" && info.person {
			var listed []string
			if info.gender != "" {
				listed = []string{info.gender}
			}
			m.Gender, ex = corroborate(ex, "gender", q.Gender, listed)
		}
		m.Explanation = ex
	}
	return out
}

// offer records a scored name (or weak alias) of entity e, keeping the entity's best and the top list.
func (ix *Index) offer(sc *scratch, e, name, weak int32, ns float64, qd dateRange, hasDate bool, gen uint32, limit int) {
	if sc.entQuery[e] != gen {
		sc.entQuery[e] = gen
		sc.entScore[e] = -1
		sc.entVerdict[e] = DateUnknown
		if hasDate {
			v, at := dateVerdict(qd, ix.entities[e].dates)
			sc.entVerdict[e], sc.entDate[e] = v, int32(at)
		}
		sc.ents = append(sc.ents, e)
	}
	s := adjustForDate(ns, sc.entVerdict[e])
	if s < sc.entScore[e] || (s == sc.entScore[e] && (name < 0 || (sc.entName[e] >= 0 && name > sc.entName[e]))) {
		return
	}
	sc.entScore[e] = s
	sc.entName[e] = name
	sc.entWeak[e] = weak
	if limit <= 0 {
		return
	}
	// top keeps the best `limit` entities, best first
	i := slices.IndexFunc(sc.top, func(t topEntry) bool { return t.entity == e })
	if i >= 0 {
		sc.top = slices.Delete(sc.top, i, i+1)
	}
	pos, _ := slices.BinarySearchFunc(sc.top, topEntry{s, e}, func(a, b topEntry) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.entity, b.entity)
	})
	if pos >= limit {
		return
	}
	sc.top = slices.Insert(sc.top, pos, topEntry{s, e})
	if len(sc.top) > limit {
		sc.top = sc.top[:limit]
	}
}

// weakKey puts the query's sorted folded tokens in sc.key, as weak aliases are keyed.
func (ix *Index) weakKey(sc *scratch) {
	sc.order = sc.order[:0]
	for i := range sc.q.toks {
		sc.order = append(sc.order, i)
	}
	slices.SortFunc(sc.order, func(a, b int) int {
		return slices.Compare(sc.q.tokenRunes(a), sc.q.tokenRunes(b))
	})
	sc.key = sc.key[:0]
	for k, i := range sc.order {
		if k > 0 {
			sc.key = append(sc.key, ' ')
		}
		sc.key = appendRunes(sc.key, sc.q.tokenRunes(i))
	}

}

// queryUnit is a query token or a glued run of adjacent query tokens.
type queryUnit struct {
	start, end uint16 // runes in scratch.unitRunes
	kind       tokenKind
	glued      bool
	weight     float64
	maxCredit  float64 // the most it can credit one name: sim 1 with the heaviest list unit it can pair with
}

// collect credits the names reachable from the query's units. Units are taken heaviest first; the lightest
// ones, which together cannot lift a name they alone reach to minScore, are not looked up: their largest
// possible credit is returned instead, for the caller to add to every candidate's bound (the MaxScore
// strategy of search engines). A query for "Mohamed Ali Hassan" thus never walks the postings of "ali".
func (ix *Index) collect(sc *scratch, personOnly bool, queryGen uint32, minScore float64) (skipped float64) {
	q := &sc.q
	sc.qunits = sc.qunits[:0]
	sc.unitRunes = sc.unitRunes[:0]
	add := func(rs []rune, kind tokenKind, w float64, glued bool) {
		start := len(sc.unitRunes)
		sc.unitRunes = append(sc.unitRunes, rs...)
		hi := len(rs)
		if kind == kindWord && !glued {
			_, hi = pairableLengths(len(rs))
		}
		sc.qunits = append(sc.qunits, queryUnit{start: uint16(start), end: uint16(len(sc.unitRunes)), kind: kind,
			glued: glued, weight: w, maxCredit: w + float64(hi)})
	}
	for i := range q.toks {
		t := &q.toks[i]
		add(q.tokenRunes(i), t.kind, float64(t.weight), false)
	}
	for i := 0; i+1 < len(q.toks); i++ {
		sc.join = sc.join[:0]
		var w float64
		kind := kindWord
		for L := 1; L <= maxRun && i+L <= len(q.toks); L++ {
			t := &q.toks[i+L-1]
			if t.minor {
				break
			}
			if t.kind == kindNumber {
				kind = kindNumber
			}
			sc.join = append(sc.join, q.tokenRunes(i+L-1)...)
			w += float64(t.weight)
			if L == 1 {
				continue
			}
			if len(sc.join) > maxTokenRunes {
				break
			}
			add(sc.join, kind, w, true)
		}
	}
	slices.SortStableFunc(sc.qunits, func(a, b queryUnit) int { return cmp.Compare(b.maxCredit, a.maxCredit) })
	// drop units from the light end while what they could credit a name stays under minScore
	u := min(unmatchedCost, conflictCost)
	qw := float64(q.totalWeight())
	n := len(sc.qunits)
	for n > 0 {
		c := skipped + sc.qunits[n-1].maxCredit
		if minScore <= 0 || c/(u*qw+(1-u)*c) >= minScore {
			break
		}
		skipped = c
		n--
	}
	for _, qu := range sc.qunits[:n] {
		ix.collectUnit(sc, sc.unitRunes[qu.start:qu.end], qu.kind, qu.weight, qu.glued, personOnly, queryGen)
	}
	return skipped
}

// collectUnit credits names holding list units similar to the query unit rs: each name gets
// max over its units of sim·(query unit weight + list unit weight), which bounds what the pair can add.
func (ix *Index) collectUnit(sc *scratch, rs []rune, kind tokenKind, w float64, glued, personOnly bool, queryGen uint32) {
	gen := sc.stamp()
	sc.credited = sc.credited[:0]
	credit := func(id int32, sim float64, koreanOnly bool) {
		if sim <= 0 {
			return
		}
		p := ix.units[id].post
		for _, post := range ix.postings[p.off : p.off+p.n] {
			if koreanOnly {
				if !post.korean || (post.glued && glued) {
					continue // Korean readings pair tokens of Korean names, a glued run with a single token
				}
			} else if post.glued && (glued || sim < glueFloor) {
				continue // align pairs runs only with single tokens, and only near-exactly
			}
			if personOnly && !post.person {
				continue
			}
			v := float32(sim * (w + float64(post.weight)))
			if sc.nameUnit[post.name] != gen {
				sc.nameUnit[post.name] = gen
				sc.nameBest[post.name] = v
				sc.credited = append(sc.credited, post.name)
			} else if v > sc.nameBest[post.name] {
				sc.nameBest[post.name] = v
			}
		}
	}
	sc.key = appendRunes(sc.key[:0], rs)
	exact, hasExact := ix.unitByKey[string(sc.key)]
	if hasExact {
		sc.unitSeen[exact] = gen
		credit(exact, 1, false)
	}
	switch kind {
	case kindWord:
		if !glued {
			// a list initial pairs with query words starting with its letter
			var b [utf8.UTFMax]byte
			n := utf8.EncodeRune(b[:], rs[0])
			if id, ok := ix.unitByKey[string(b[:n])]; ok && ix.units[id].kind == kindInitial {
				credit(id, initialSim, false)
			}
		}
		sc.gs = queryGrams(sc.gs[:0], rs)
		sc.touched = sc.touched[:0]
		minLen, maxLen := pairableLengths(len(rs))
		if glued {
			minLen, maxLen = len(rs)-1, len(rs)+1 // only near-exact pairs count
		}
		for _, g := range sc.gs {
			sp, ok := ix.grams[g]
			if !ok {
				continue
			}
			list := ix.unitGrams[sp.off : sp.off+sp.n]
			byLength := func(id int32, n int) int { return cmp.Compare(int(ix.units[id].runes.n), n) }
			lo, _ := slices.BinarySearchFunc(list, minLen, byLength)
			hi, _ := slices.BinarySearchFunc(list[lo:], maxLen+1, byLength)
			for _, id := range list[lo : lo+hi] {
				if sc.unitSeen[id] != gen {
					sc.unitSeen[id] = gen
					sc.unitHits[id] = 0
					sc.touched = append(sc.touched, id)
				}
				if sc.unitHits[id] < 0xFFFF {
					sc.unitHits[id]++
				}
			}
		}
		need := minShared(len(sc.gs), len(rs) <= shortUnit)
		needGlued := minSharedGlued(len(sc.gs))
		if glued {
			need = needGlued
		}
		sc.letters.set(rs)
		for _, id := range sc.touched {
			u := &ix.units[id]
			hits := int(sc.unitHits[id])
			if hits < need || (u.onlyGlued && (glued || hits < needGlued)) {
				continue
			}
			// tokenSim, with the query's letters counted once
			ur := ix.runesOf(id)
			if !mayPair(rs, ur, sc.letters.bound(ur)) {
				continue
			}
			sim := wordSim(rs, ur)
			if (glued || u.onlyGlued) && sim < glueFloor {
				continue
			}
			credit(id, sim, false)
		}
		// vowel-only variants share few n-grams but a skeleton
		var sk [maxTokenRunes]rune
		if n, ok := skeleton(rs, &sk); ok && n >= 3 && !glued {
			sc.key = appendRunes(sc.key[:0], sk[:n])
			for _, id := range ix.skeletons[string(sc.key)] {
				if sc.unitSeen[id] == gen && int(sc.unitHits[id]) >= need {
					continue // scored above
				}
				credit(id, tokenSim(rs, kind, ix.runesOf(id), ix.units[id].kind), false)
			}
		}
		// Korean romanisation variants share neither n-grams nor skeletons (Ri, Lee, Yi)
		if sc.q.korean && len(ix.korean) > 0 {
			koreanReadings(koreanSpecial(rs), &sc.ko)
			for k := uint8(0); k < sc.ko.n; k++ {
				for _, id := range ix.korean[sc.ko.k[k]] {
					credit(id, koreanVariantSim, true)
				}
			}
		}
	}
	for _, n := range sc.credited {
		if sc.nameQuery[n] != queryGen {
			sc.nameQuery[n] = queryGen
			sc.nameCov[n] = 0
			sc.cands = append(sc.cands, cand{name: n})
		}
		sc.nameCov[n] += sc.nameBest[n]
	}
}

// corroborate compares a stated fact with the listed values and says so in the explanation.
func corroborate(ex, what, stated string, listed []string) (Verdict, string) {
	switch {
	case len(listed) == 0:
		return VerdictUnknown, ex + "; no listed " + what + " to compare"
	case slices.Contains(listed, stated):
		return VerdictMatch, ex + "; " + what + " " + stated + " is listed (not scored)"
	default:
		return VerdictDiffers, ex + "; listed " + what + " " + strings.Join(listed, ", ") + ", not " + stated + " (not scored)"
	}
}
