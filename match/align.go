package match

import (
	"cmp"
	"slices"
	"sync"
)

// Alignment parameters, chosen like the token similarity parameters in jaro.go.
const (
	// unmatchedCost is how much an unaligned token's weight counts against the score, relative to an aligned
	// one, when only one side has tokens left over: below 1 because lists and people add or drop middle
	// names and patronymics, above 0 because an extra token may be the one that tells two people apart.
	unmatchedCost = 0.5
	// orgUnmatchedCost replaces unmatchedCost for organisations: a company name has no optional parts, and
	// the word one side lacks is what tells a subsidiary, a country branch or a fund series from its parent
	// ("Banco Santander Chile", "Deutsche Bank Trust Company"). Legal forms weigh little either way.
	orgUnmatchedCost = 1.0
	// conflictCost applies instead when both sides have tokens left over, up to the smaller leftover weight:
	// "Ko Chol Hun" and "Ko Chol Man" disagree, which is stronger evidence than a name merely missing.
	conflictCost = 2.0
	// weakPairCost charges the dissimilar part of an aligned pair extra, as a partial conflict: "Huang" and
	// "Zhang" align, but they are different names more than they are the same one.
	weakPairCost = 0.5
	// glueFloor is the least similarity at which two or three adjacent tokens glued together pair with one
	// token ("Jong Un" with "Jongun"): gluing is a strong claim, so it must be near-exact.
	glueFloor = 0.95
)

// roleConflictFactor scales the similarity of a pair whose tokens play different parts in an Arabic-style
// chain of names: a person's own name in one and a father's name (after "bin", "ibn", "ben") in the other.
// "Salman bin Muhammad" is the son of "Muhammad bin Salman", not the same man.
const roleConflictFactor = 0.5

// connectors introduce a father's or ancestor's name ("ibn" and "ibnu" are folded to "bin").
var connectors = map[string]bool{
	"bin": true, "ben": true, "bint": true, "binti": true, "bte": true, "ould": true, "walad": true, "ibni": true,
}

// afterConnector reports whether token i follows a connector.
func afterConnector(t *tokens, i int) bool {
	return i > 0 && t.toks[i-1].connector
}

// rawGlueFloor is glueFloor before the stretch.
const rawGlueFloor = 1 - (1-glueFloor)/stretch

// maxRun is the most adjacent tokens glued into one unit: "Jong Un" (2), "A. B. C." (3).
const maxRun = 3

// pair aligns a run of query tokens with a run of name tokens; one of the runs is a single token.
type pair struct {
	q, qn, n, nn uint8
	sim          float32
	weight       float32 // weight of both runs
	korean       bool    // paired as Korean romanisation variants
}

// aligner pairs the tokens of two names. It is reused across comparisons to avoid allocating.
type aligner struct {
	pairs  []pair
	chosen []pair
	join   []rune
	joinKo koreanKeys
	sel    []int32 // indices into pairs of the pairs greedy took
	org    bool    // the names are of organisations: a token one side lacks costs its full weight
	usedQ  uint32
	usedN  uint32
}

var comparerPool = sync.Pool{New: func() any { return new(comparer) }}

// comparer holds what Compare needs, pooled.
type comparer struct {
	qa, qb tokenList
	al     aligner
}

// align scores q against n in [0, 1]. It considers every single-token pair and every glued run of up to
// maxRun adjacent tokens on one side against a single token on the other, takes pairs greedily from the most
// similar down (ties: single tokens before glued runs, then earlier tokens), and scores
//
//	Σ sim·w / ( Σ w·(1 + weakPairCost·(1-sim))        over aligned pairs, w the weights of both runs
//	          + unmatchedCost·(leftover weight not in conflict)
//	          + conflictCost·(leftover weight in conflict) )
//
// so a perfect alignment scores 1 and every unaligned token costs in proportion to its weight; leftovers on
// both sides (a conflict, up to the smaller side's leftover weight) cost more than leftovers on one side only
// (a name that is merely longer). When keep is set the chosen pairs are kept for explain.
func (al *aligner) align(q, n *tokens, keep bool) float64 {
	al.pairs = al.pairs[:0]
	al.chosen = al.chosen[:0]
	al.usedQ, al.usedN = 0, 0
	nq, nn := len(q.toks), len(n.toks)
	if nq == 0 || nn == 0 {
		return 0
	}
	korean := q.korean && n.korean
	for i := 0; i < nq; i++ {
		qt := &q.toks[i]
		qr := q.tokenRunes(i)
		for j := 0; j < nn; j++ {
			nt := &n.toks[j]
			if qt.glyph != 0 && nt.glyph != 0 && qt.glyph != nt.glyph {
				continue // two Hangul syllables or Han characters that differ are different names, homophones too
			}
			var s float64
			switch {
			case qt.form != 0 && nt.form != 0:
				if qt.form != nt.form {
					continue // two different legal forms
				}
				s = 1
			default:
				s = tokenSim(qr, qt.kind, n.tokenRunes(j), nt.kind)
			}
			ko := false
			if korean && s < 1 && (qt.glyph == 0 || nt.glyph == 0) {
				switch {
				case qt.ko.meets(&nt.ko):
					s, ko = max(s, koreanVariantSim), true
				case s > shortTypoSim:
					// letters alike, syllables not: Sang is not Song, Hyun not Hun
					s = shortTypoSim
				}
			}
			if s > 0 {
				al.pairs = append(al.pairs, pair{q: uint8(i), qn: 1, n: uint8(j), nn: 1, sim: float32(s), weight: qt.weight + nt.weight, korean: ko})
			}
		}
	}
	glued := len(al.pairs)
	al.addGlued(q, n, false, korean)
	al.addGlued(n, q, true, korean)
	glued = len(al.pairs) - glued
	slices.SortFunc(al.pairs, queryFirst)
	best := al.greedy(q, n, keep, korean)
	if glued > 0 {
		// Glued runs can compete for the same tokens, and which one the query-first tie-break lets win
		// depends on which side is the query; trying the name-first order too keeps Compare symmetric.
		slices.SortFunc(al.pairs, nameFirst)
		usedQ, usedN := al.usedQ, al.usedN
		kept := len(al.chosen)
		if s := al.greedy(q, n, keep, korean); s > best {
			best = s
			al.chosen = append(al.chosen[:0], al.chosen[kept:]...)
		} else {
			al.usedQ, al.usedN = usedQ, usedN
			al.chosen = al.chosen[:kept]
		}
	}
	return best
}

// queryFirst orders pairs most similar first; among equals, single tokens before glued runs (so a name aligns
// with itself token by token), then by query position, then by name position.
func queryFirst(x, y pair) int {
	if c := cmp.Compare(y.sim, x.sim); c != 0 {
		return c
	}
	if c := cmp.Compare(x.qn+x.nn, y.qn+y.nn); c != 0 {
		return c
	}
	if c := cmp.Compare(x.q, y.q); c != 0 {
		return c
	}
	return cmp.Compare(x.n, y.n)
}

// nameFirst is queryFirst with name positions before query positions.
func nameFirst(x, y pair) int {
	if c := cmp.Compare(y.sim, x.sim); c != 0 {
		return c
	}
	if c := cmp.Compare(x.qn+x.nn, y.qn+y.nn); c != 0 {
		return c
	}
	if c := cmp.Compare(x.n, y.n); c != 0 {
		return c
	}
	return cmp.Compare(x.q, y.q)
}

// greedy takes al.pairs in their order, keeping those whose tokens are still free, and scores the result.
// With keep, the pairs taken are appended to al.chosen.
func (al *aligner) greedy(q, n *tokens, keep, korean bool) float64 {
	al.usedQ, al.usedN = 0, 0
	al.sel = al.sel[:0]
	var pairedTo [maxTokens]int8 // query token → the single list token it pairs with, -1 for none
	for i := range pairedTo {
		pairedTo[i] = -1
	}
	for k, p := range al.pairs {
		mq := runMask(p.q, p.qn)
		mn := runMask(p.n, p.nn)
		if al.usedQ&mq != 0 || al.usedN&mn != 0 {
			continue
		}
		al.usedQ |= mq
		al.usedN |= mn
		al.sel = append(al.sel, int32(k))
		if p.qn == 1 && p.nn == 1 {
			pairedTo[p.q] = int8(p.n)
		}
	}
	// Korean given names keep their syllables in order: "Eun-jung" (은정) is not "Jong Un" (정은). Only names
	// of three tokens or more are looked at, as in two a family name and a given name change places freely.
	swapCheck := korean && len(q.toks) >= 3 && len(n.toks) >= 3
	var got, alignedWeight float64
	for _, k := range al.sel {
		p := al.pairs[k]
		sim := float64(p.sim)
		if p.qn == 1 && p.nn == 1 && q.toks[p.q].kind == kindWord && afterConnector(q, int(p.q)) != afterConnector(n, int(p.n)) {
			sim *= roleConflictFactor
		}
		if swapCheck && p.qn == 1 && p.nn == 1 && swapped(&pairedTo, int(p.q), len(q.toks)) {
			sim *= roleConflictFactor
		}
		got += sim * float64(p.weight)
		alignedWeight += float64(p.weight) * (1 + (1-sim)*weakPairCost)
		if keep {
			al.chosen = append(al.chosen, p)
		}
	}
	// Legal forms and function words left over cost as a token merely missing, never as a conflict: "LLC"
	// against "Ltd", or a legal form written in pieces, says little about which company is named.
	leftQ, minorQ := leftover(q, al.usedQ)
	leftN, minorN := leftover(n, al.usedN)
	conflict := min(leftQ, leftN)
	if korean {
		// Korean names have no optional middle names: a syllable one side lacks is a different given name
		// ("Kang Min" is not "Kang Min-jun").
		conflict = (leftQ + leftN) / 2
	}
	unmatched := unmatchedCost
	if al.org {
		unmatched = orgUnmatchedCost
	}
	den := alignedWeight + unmatched*(leftQ+leftN-2*conflict) + conflictCost*2*conflict + unmatchedCost*(minorQ+minorN)
	if den <= 0 {
		return 0
	}
	return min(got/den, 1)
}

// swapped reports whether query token i and a neighbour pair with list tokens in the opposite order, next to
// each other.
func swapped(pairedTo *[maxTokens]int8, i, nq int) bool {
	j := pairedTo[i]
	if j < 0 {
		return false
	}
	if i+1 < nq && pairedTo[i+1] >= 0 && pairedTo[i+1] == j-1 {
		return true
	}
	return i > 0 && pairedTo[i-1] >= 0 && pairedTo[i-1] == j+1
}

// leftover sums the weights of the tokens not in used: others, and legal forms and function words.
func leftover(tl *tokens, used uint32) (other, minor float64) {
	for i := range tl.toks {
		if used&(1<<uint(i)) != 0 {
			continue
		}
		if tl.toks[i].minor {
			minor += float64(tl.toks[i].weight)
		} else {
			other += float64(tl.toks[i].weight)
		}
	}
	return other, minor
}

// addGlued adds pairs of runs of 2..maxRun adjacent tokens of a, glued, against single tokens of b. swapped
// says a is the name side. A run holding a digit is a code ("P-532" is "P532") and pairs only when equal;
// runs stop at legal forms and function words, which are not glued in practice.
func (al *aligner) addGlued(a, b *tokens, swapped, korean bool) {
	na := len(a.toks)
	for i := 0; i+1 < na; i++ {
		al.join = al.join[:0]
		var w float32
		kind := kindWord
		for L := 1; L <= maxRun && i+L <= na; L++ {
			t := &a.toks[i+L-1]
			if t.minor {
				break
			}
			if t.kind == kindNumber {
				kind = kindNumber
			}
			al.join = append(al.join, a.tokenRunes(i+L-1)...)
			w += t.weight
			if L == 1 {
				continue
			}
			if len(al.join) > maxTokenRunes {
				break
			}
			joinRead := false
			for j := range b.toks {
				bt := &b.toks[j]
				if bt.kind == kindInitial {
					continue
				}
				var s float64
				ko := false
				if lb := int(bt.end - bt.start); maxRawSim(min(lb, len(al.join)), max(lb, len(al.join))) >= rawGlueFloor {
					s = tokenSim(al.join, kind, b.tokenRunes(j), bt.kind)
				}
				if s < glueFloor && korean {
					if !joinRead {
						koreanReadings(al.join, &al.joinKo)
						joinRead = true
					}
					if al.joinKo.meets(&bt.ko) {
						s, ko = koreanVariantSim, true
					}
				}
				if s < glueFloor && !ko {
					continue
				}
				p := pair{q: uint8(i), qn: uint8(L), n: uint8(j), nn: 1, sim: float32(s), weight: w + bt.weight, korean: ko}
				if swapped {
					p.q, p.qn, p.n, p.nn = uint8(j), 1, uint8(i), uint8(L)
				}
				al.pairs = append(al.pairs, p)
			}
		}
	}
}

func runMask(start, n uint8) uint32 {
	return (uint32(1)<<n - 1) << start
}
