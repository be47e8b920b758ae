package match

// Token similarity parameters, chosen on ../shared/data/name-bench (see TestNameBench): each is a round value
// inside a plateau of F1, not its peak.
const (
	// tokenFloor is the adjusted Jaro-Winkler similarity under which two tokens do not pair at all: below it
	// names share letters by chance ("Jong" and "Jang" pair, "Kim" and "Kin" do not).
	tokenFloor = 0.80
	// stretch widens the gap between near and exact pairs, so that "Hussain"/"Hussein" (raw 0.94) counts
	// clearly less than equality: paired similarity is 1 - stretch*(1 - raw).
	stretch = 2.0
	// initialSim is what an initial earns against a word starting with the same letter ("J." and "John"):
	// little, because an initial says little.
	initialSim = 0.6
	// lengthPenalty lowers similarity in proportion to the letters one token has beyond the other's length
	// plus one, so a short token does not ride on a long one's prefix ("Al" is not "Alexander", "Kim" is not
	// "Kimberly") while a dropped or doubled letter costs only what Jaro already charges.
	lengthPenalty = 0.5
	// skeletonSim is the raw similarity floor of two words with the same consonant skeleton, the usual
	// difference between romanisations of Arabic, Persian and Korean names (Mohammed/Muhammad,
	// Hussein/Husayn, Chol/Cheol).
	skeletonSim = 0.95
	// skeletonMinJW keeps the skeleton rule to words that are already alike: "Home" and "Hama" share the
	// skeleton "hm" and nothing else.
	skeletonMinJW = 0.75
)

// tokenSim scores two folded tokens in [0, 1] after the floor and stretch, 0 meaning "do not pair".
func tokenSim(a []rune, ka tokenKind, b []rune, kb tokenKind) float64 {
	if runesEqual(a, b) {
		return 1
	}
	if ka == kindNumber || kb == kindNumber {
		return 0
	}
	if ka == kindInitial || kb == kindInitial {
		if ka != kb && a[0] == b[0] {
			return initialSim
		}
		return 0
	}
	if !mayPair(a, b, letterBound(a, b)) {
		return 0
	}
	return wordSim(a, b)
}

// mayPair rules out two different words whose letter bound (see letterBound) is too low for them to pair.
func mayPair(a, b []rune, bound float64) bool {
	short, long := min(len(a), len(b)), max(len(a), len(b))
	if maxRawSim(short, long) < tokenFloor {
		return false
	}
	return bound >= tokenFloor || (bound >= skeletonMinJW && long-short <= 1 && a[0] == b[0])
}

// wordSim is tokenSim for two different words that mayPair.
func wordSim(a, b []rune) float64 {
	raw := rawSim(a, b)
	if raw < skeletonSim && raw >= phoneticMinRaw {
		raw = max(raw, phoneticSim(a, b))
	}
	if raw < tokenFloor {
		if max(len(a), len(b)) >= 3 && a[0] == b[0] && oneEdit(a, b) {
			return shortTypoSim
		}
		return 0
	}
	s := 1 - stretch*(1-raw)
	if s <= 0 {
		return 0
	}
	return s
}

// pairableLengths is the range of token lengths that can pair with a token of n runes: outside it even an
// ideal Jaro-Winkler (every letter of the shorter token matched, no transposition, full prefix bonus) falls
// under tokenFloor after the length penalty. The skeleton rule needs lengths within one, always inside.
func pairableLengths(n int) (lo, hi int) {
	lo, hi = n, n
	for lo > 1 && maxRawSim(lo-1, n) >= tokenFloor {
		lo--
	}
	for hi < maxTokenRunes*maxRun && maxRawSim(n, hi+1) >= tokenFloor {
		hi++
	}
	return min(lo, n-1), max(hi, n+1)
}

// maxRawSim bounds rawSim for tokens of short and long runes.
func maxRawSim(short, long int) float64 {
	j := (2 + float64(short)/float64(long)) / 3
	if short >= 4 {
		j += 0.4 * (1 - j)
	}
	if long-short > 1 {
		j -= lengthPenalty * float64(long-short-1) / float64(long)
	}
	return j
}

// letterBound bounds rawSim before the length penalty from the letters two tokens share, counted with
// multiplicity: Jaro can match no more letters than that. It costs a pass over each token, far less than
// Jaro, and rules out most pairs the n-gram index proposes.
func letterBound(a, b []rune) float64 {
	var counts [128]int8
	for _, r := range a {
		if r >= 128 {
			return 1 // no bound outside ASCII
		}
		counts[r]++
	}
	m := 0
	for _, r := range b {
		if r >= 128 {
			return 1
		}
		if counts[r] > 0 {
			counts[r]--
			m++
		}
	}
	return boundFromShared(m, len(a), len(b))
}

func boundFromShared(m, la, lb int) float64 {
	j := (float64(m)/float64(la) + float64(m)/float64(lb) + 1) / 3
	if min(la, lb) >= 4 {
		j += 0.4 * (1 - j)
	}
	return j
}

// letterCounts is letterBound for one token against many: the token's letters are counted once, and each
// bound costs one pass over the other token (stamps stand in for clearing).
type letterCounts struct {
	have  [128]int16
	used  [128]int16
	stamp [128]uint32
	gen   uint32
	n     int
	ascii bool
}

func (lc *letterCounts) set(a []rune) {
	lc.have = [128]int16{}
	lc.n = len(a)
	lc.ascii = true
	for _, r := range a {
		if r >= 128 {
			lc.ascii = false
			return
		}
		lc.have[r]++
	}
}

// bound is letterBound of the counted token and b.
func (lc *letterCounts) bound(b []rune) float64 {
	if !lc.ascii {
		return 1
	}
	lc.gen++
	if lc.gen == 0 {
		lc.stamp = [128]uint32{}
		lc.gen = 1
	}
	m := 0
	for _, r := range b {
		if r >= 128 {
			return 1
		}
		if lc.stamp[r] != lc.gen {
			lc.stamp[r] = lc.gen
			lc.used[r] = 0
		}
		if lc.used[r] < lc.have[r] {
			lc.used[r]++
			m++
		}
	}
	return boundFromShared(m, lc.n, len(b))
}

// rawSim is Jaro-Winkler with the prefix bonus limited to tokens of four letters or more and a penalty for
// unequal lengths, raised to skeletonSim for words whose consonant skeletons agree.
func rawSim(a, b []rune) float64 {
	la, lb := len(a), len(b)
	short, long := la, lb
	if short > long {
		short, long = long, short
	}
	j := jaro(a, b)
	if short >= 4 {
		p := 0
		for p < 4 && a[p] == b[p] {
			p++
		}
		j += float64(p) * 0.1 * (1 - j)
	}
	if long-short > 1 {
		j -= lengthPenalty * float64(long-short-1) / float64(long)
	}
	if j < skeletonSim && j >= skeletonMinJW && long-short <= 1 && a[0] == b[0] && skeletonEqual(a, b) {
		j = skeletonSim
	}
	return j
}

// jaro is the Jaro similarity of two rune strings of at most 64 runes.
func jaro(a, b []rune) float64 {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	if la > 64 {
		a, la = a[:64], 64
	}
	if lb > 64 {
		b, lb = b[:64], 64
	}
	window := max(la, lb)/2 - 1
	if window < 0 {
		window = 0
	}
	var ma, mb uint64
	m := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb-1, i+window)
		for j := lo; j <= hi; j++ {
			if mb&(1<<uint(j)) == 0 && a[i] == b[j] {
				ma |= 1 << uint(i)
				mb |= 1 << uint(j)
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, j := 0, 0
	for i := 0; i < la; i++ {
		if ma&(1<<uint(i)) == 0 {
			continue
		}
		for mb&(1<<uint(j)) == 0 {
			j++
		}
		if a[i] != b[j] {
			t++
		}
		j++
	}
	mf := float64(m)
	return (mf/float64(la) + mf/float64(lb) + (mf-float64(t/2))/mf) / 3
}

func runesEqual(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// skeletonEqual compares the consonants of two Latin words, vowels (y and w included) dropped and doubled
// letters collapsed: "muhammad" and "mohammed" are both "mhmd", "hussein" and "husayn" both "hsn". Skeletons
// of fewer than three consonants say too little.
func skeletonEqual(a, b []rune) bool {
	var sa, sb [maxTokenRunes]rune
	na, oka := skeleton(a, &sa)
	nb, okb := skeleton(b, &sb)
	return oka && okb && na >= 3 && runesEqual(sa[:na], sb[:nb])
}

func skeleton(a []rune, out *[maxTokenRunes]rune) (int, bool) {
	n := 0
	var prev rune
	for _, r := range a {
		if r >= 0x80 {
			return 0, false
		}
		if isVowel(r) || r == prev {
			prev = r
			continue
		}
		if n == len(out) {
			return 0, false
		}
		out[n] = r
		n++
		prev = r
	}
	return n, true
}

func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'w':
		return true
	}
	return false
}

// phoneticSim compares two Latin words after spelling out the letters that transliterations of one name
// exchange: German and Polish W for English V, S for Z, J for Y (Wolodymyr Selenskyj, Volodymyr Zelenskyy),
// Y for I, soft C for S and hard C, Q and CK for K (Sencora, Cencora), PH for F, KH for H; doubled letters
// collapse. Equal spellings after that score skeletonSim; others their raw similarity less a little, so that
// an exact spelling still ranks first.
func phoneticSim(a, b []rune) float64 {
	var pa, pb [maxTokenRunes]rune
	na, oka := phonetic(a, &pa)
	nb, okb := phonetic(b, &pb)
	if !oka || !okb || na < 3 || nb < 3 {
		return 0
	}
	if runesEqual(pa[:na], pb[:nb]) {
		return skeletonSim
	}
	return rawSim(pa[:na], pb[:nb]) - phoneticDiscount
}

// phoneticMinRaw spares the phonetic comparison of words too unlike to become a pair by it: spelling
// variants change a letter here and there, which leaves Jaro-Winkler well above this.
const phoneticMinRaw = 0.7

// phoneticDiscount keeps a phonetic similarity below the same similarity of the letters as written.
const phoneticDiscount = 0.03

func phonetic(a []rune, out *[maxTokenRunes]rune) (int, bool) {
	n := 0
	emit := func(r rune) {
		if n > 0 && out[n-1] == r {
			return
		}
		out[n] = r
		n++
	}
	for i := 0; i < len(a); i++ {
		r := a[i]
		if r >= 0x80 {
			return 0, false
		}
		var next rune
		if i+1 < len(a) {
			next = a[i+1]
		}
		switch r {
		case 'w':
			emit('v')
		case 'z':
			emit('s')
		case 'j', 'y':
			emit('i')
		case 'q':
			emit('k')
		case 'c':
			switch next {
			case 'e', 'i', 'y':
				emit('s')
			case 'k':
				emit('k')
				i++
			case 'h':
				emit('c')
				emit('h')
				i++
			default:
				emit('k')
			}
		case 'p':
			if next == 'h' {
				emit('f')
				i++
			} else {
				emit('p')
			}
		case 'k':
			if next == 'h' {
				emit('h')
				i++
			} else {
				emit('k')
			}
		default:
			emit(r)
		}
	}
	return n, true
}

// shortTypoSim is the similarity of two short words one typing slip apart ("Mam" for "Man", "Pka" for "Pak"):
// Jaro-Winkler cannot tell a slip in three letters from another word, so the slip pairs, weakly.
const shortTypoSim = 0.75

// oneEdit reports whether a becomes b by one substitution, insertion, deletion or swap of adjacent letters.
func oneEdit(a, b []rune) bool {
	la, lb := len(a), len(b)
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	switch lb - la {
	case 0:
		diff := -1
		for i := range a {
			if a[i] != b[i] {
				if diff >= 0 {
					// a second difference: only a swap of the two adjacent letters is one slip
					return i == diff+1 && a[diff] == b[i] && a[i] == b[diff] && runesEqual(a[i+1:], b[i+1:])
				}
				diff = i
			}
		}
		return diff >= 0
	case 1:
		i := 0
		for i < la && a[i] == b[i] {
			i++
		}
		return runesEqual(a[i:], b[i+1:])
	}
	return false
}
