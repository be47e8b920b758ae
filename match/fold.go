package match

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/unicode/norm"
)

// Bounds on the work one name can cause. Applicants write the names Vigil screens, so a 10 MB name or one of
// ten thousand tokens must cost no more than a long real name: input past maxNameBytes is ignored, tokens past
// maxTokens are dropped, and a token stops growing at maxTokenRunes. Real names are inside these limits: of
// the 35,225 OFAC names and aliases none is longer than 200 bytes and 46 (long organisation names, the longest
// of 26 tokens) have more than 16 tokens, which are then compared on their first 16.
const (
	maxNameBytes  = 512
	maxTokens     = 16
	maxTokenRunes = 64
)

// Fold returns the folded tokens of a name, the form every comparison works on: compatibility-decomposed,
// diacritics removed, special letters spelled out (ß→ss, ł→l, ø→o, æ→ae, đ→d, ı→i …), lower case, split on
// whitespace, hyphens and punctuation, apostrophes removed inside words (McCune-Reischauer "Yo'n" is "yon"),
// and a leading courtesy title such as "Mr" or "Dr" dropped. Input is bounded (512 bytes, 16 tokens).
func Fold(name string) []string {
	var tl tokenList
	tl.fold(name)
	out := make([]string, len(tl.toks))
	for i := range tl.toks {
		out[i] = tl.display(i)
	}
	return out
}

// fold fills tl with the tokens of s, reusing tl's buffers.
func (tl *tokenList) fold(s string) {
	tl.reset()
	if len(s) > maxNameBytes {
		s = s[:maxNameBytes]
	}
	for i := 0; i < len(s) && (len(tl.toks) < maxTokens || tl.inToken); {
		if c := s[i]; c < utf8.RuneSelf {
			i++
			if (c == '.' || c == '/') && tl.inToken && i < len(s) && isASCIILetter(s[i]) {
				if t := &tl.toks[len(tl.toks)-1]; t.end-t.start == 1 {
					t.joinNext = true
				}
			}
			tl.foldASCII(c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError {
			tl.endToken()
			continue
		}
		tl.foldRune(r, true)
	}
	tl.endToken()
	tl.joinInitials()
	tl.joinLegalPhrases()
	tl.dropTitles()
	tl.readKorean()
}

// endGlyph closes the token romanising the syllable glyph r.
func (tl *tokenList) endGlyph(r rune) {
	if tl.inToken {
		tl.toks[len(tl.toks)-1].glyph = r
	}
	tl.endToken()
}

var scriptTables = []map[rune]string{armenian, georgian, arabic}

func (tl *tokenList) appendString(sp string) {
	for _, c := range sp {
		tl.appendRune(c)
	}
}

// foldKana appends a kana in Hepburn romanisation (see translit.go).
func (tl *tokenList) foldKana(r rune) {
	tl.keepMarks = false
	if v, ok := smallKana(r); ok && tl.inToken {
		t := &tl.toks[len(tl.toks)-1]
		rs := tl.runes[t.start:t.end]
		if n := len(rs); n >= 2 && rs[n-1] == 'i' {
			tl.runes = tl.runes[:len(tl.runes)-1]
			t.end--
			rs = rs[:n-1]
			if last := rs[len(rs)-1]; last != 'h' && last != 'j' {
				tl.appendRune('y')
			}
		}
		tl.appendRune(v)
		return
	}
	if isSokuon(r) {
		tl.doubleNext = true
		return
	}
	sp, ok := kana[r]
	if !ok {
		return // the long-vowel mark and iteration marks add no letter
	}
	if tl.doubleNext && sp != "" && !isVowel(rune(sp[0])) {
		tl.appendRune(rune(sp[0]))
	}
	tl.doubleNext = false
	tl.appendString(sp)
}

// joinLegalPhrases makes one token of a legal form written out in words ("Limited Liability Company",
// "Otkrytoe Aktsionernoe Obshchestvo"), so that it compares with its abbreviation by class.
func (tl *tokenList) joinLegalPhrases() {
	out := tl.toks[:0]
	for i := 0; i < len(tl.toks); {
		phrase := tl.legalPhraseAt(i)
		if phrase == nil {
			out = append(out, tl.toks[i])
			i++
			continue
		}
		t := tl.toks[i]
		last := tl.toks[i+len(phrase.words)-1]
		t.end = last.end
		t.kind = kindWord
		t.minor = true
		t.form = phrase.class
		t.spelling = phrase.text
		t.weight = tokenWeight(int(t.end-t.start)) * minorWeight
		out = append(out, t)
		i += len(phrase.words)
	}
	tl.toks = out
}

// legalPhraseAt returns the longest legal-form phrase starting at token i, or nil.
func (tl *tokenList) legalPhraseAt(i int) *legalPhrase {
	tl.setKey(i)
	phrases, ok := legalPhrases[string(tl.key)]
	if !ok {
		return nil
	}
	for k := range phrases {
		p := &phrases[k]
		if i+len(p.words) > len(tl.toks) {
			continue
		}
		match := true
		for w := 1; w < len(p.words) && match; w++ {
			tl.setKey(i + w)
			match = string(tl.key) == p.words[w]
		}
		if match {
			return p
		}
	}
	return nil
}

func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// joinInitials makes one token of letters written with dots or slashes and no space between them, when they
// spell a legal form ("S.A.", "A/S", "N.V.": compared as the form) or an acronym of three letters or more
// ("A.B.C.": "C.B.A." is another company, not the same initials in another order). Two initials that are
// not a legal form stay apart: "J.C." and "U.S." stand for names, and pair with them letter by letter.
func (tl *tokenList) joinInitials() {
	out := tl.toks[:0]
	for i := 0; i < len(tl.toks); {
		j := i
		for j+1 < len(tl.toks) && tl.toks[j].kind == kindInitial && tl.toks[j].joinNext &&
			tl.toks[j+1].kind == kindInitial && tl.toks[j+1].start == tl.toks[j].end {
			j++
		}
		if j == i {
			out = append(out, tl.toks[i])
			i++
			continue
		}
		t := tl.toks[i]
		t.end = tl.toks[j].end
		tl.key = appendRunes(tl.key[:0], tl.runes[t.start:t.end])
		_, legal := legalForms[string(tl.key)]
		if !legal && j-i+1 < 3 {
			out = append(out, tl.toks[i:j+1]...)
			i = j + 1
			continue
		}
		t.kind = kindWord
		t.joinNext = false
		t.weight = tokenWeight(int(t.end - t.start))
		if legal {
			t.weight *= minorWeight
			t.minor = true
		}
		out = append(out, t)
		i = j + 1
	}
	tl.toks = out
}

// readKorean sets the Korean readings of the tokens when every token of the name reads as Korean syllables
// (at most three per token, as in Korean names), and marks the name Korean.
func (tl *tokenList) readKorean() {
	if len(tl.toks) == 0 {
		return
	}
	words, surname := 0, false
	for i := range tl.toks {
		t := &tl.toks[i]
		if t.glyph != 0 && isHangulSyllable(t.glyph) {
			surname = true
		} else if !surname {
			tl.setKey(i)
			surname = koreanSurnames[string(tl.key)]
		}
		switch {
		case t.kind == kindInitial && isVowel(tl.runes[t.start]) && tl.runes[t.start] != 'w' && tl.runes[t.start] != 'y':
			// a one-vowel syllable: the surname O or U, the given-name syllable U ("YU, Chol U")
		case t.kind != kindWord || t.minor:
			tl.clearKorean(i)
			return
		default:
			words++
		}
		koreanReadings(koreanSpecial(tl.tokenRunes(i)), &t.ko)
		if t.ko.n == 0 || t.ko.syllables() > 3 {
			tl.clearKorean(i + 1)
			return
		}
	}
	if (words < 2 && words < len(tl.toks)) || !surname || len(tl.toks) > 5 {
		tl.clearKorean(len(tl.toks)) // "A. Kim": an initial and a surname; "Ali Karim": no Korean surname
		return
	}
	for i := range tl.toks {
		if t := &tl.toks[i]; t.kind == kindInitial {
			t.kind = kindWord
		}
	}
	tl.korean = true
}

func (tl *tokenList) clearKorean(upto int) {
	for i := range upto {
		tl.toks[i].ko.n = 0
	}
}

// foldRune adds one non-ASCII rune, decomposing it once when decompose is set.
func (tl *tokenList) foldRune(r rune, decompose bool) {
	if isApostrophe(r) {
		return
	}
	if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
		// Diacritics go where they are accents (Latin, Greek, Cyrillic, Arabic and Hebrew vowel points); in
		// abugidas (Devanagari, Khmer, Thai …) and kana they are vowels or voicing and stay.
		if tl.inToken && tl.keepMarks {
			tl.appendRune(r)
		}
		return
	}
	r = unicode.ToLower(r)
	if sp, ok := specialLetter(r); ok {
		for _, c := range sp {
			tl.appendRune(c)
		}
		tl.keepMarks = false
		return
	}
	if isHangulSyllable(r) {
		// Each Hangul syllable is a token of its own in Revised Romanisation, as Korean names are written
		// syllable by syllable in Latin script; korean.go relates it to the other romanisations.
		tl.endToken()
		tl.hangul = appendHangul(tl.hangul[:0], r)
		for _, c := range tl.hangul {
			tl.appendRune(c)
		}
		tl.endGlyph(r)
		return
	}
	if r >= 0x3040 && r <= 0x30FF && r != 0x30FB && r != 0x30A0 {
		tl.foldKana(r)
		return
	}
	if py, ok := pinyin.PinyinDict[int(r)]; ok {
		// a Han character is a syllable: a token of its own in pinyin (its first reading), tone marks folded
		tl.endToken()
		if i := strings.IndexByte(py, ','); i >= 0 {
			py = py[:i]
		}
		for _, c := range py {
			if c < utf8.RuneSelf {
				tl.foldASCII(byte(c))
			} else {
				tl.foldRune(c, true)
			}
		}
		tl.endGlyph(r)
		return
	}
	if sp, ok := arabicGlide(r, !tl.inToken); ok {
		tl.appendString(sp)
		return
	}
	for _, table := range scriptTables {
		if sp, ok := table[r]; ok {
			tl.appendString(sp)
			tl.keepMarks = false
			return
		}
	}
	if decompose {
		var enc [utf8.UTFMax]byte
		n := utf8.EncodeRune(enc[:], r)
		if norm.NFKD.Properties(enc[:n]).Decomposition() != nil {
			tl.dec = norm.NFKD.Append(tl.dec[:0], enc[:n]...)
			dec := tl.dec
			for len(dec) > 0 {
				d, sz := utf8.DecodeRune(dec)
				dec = dec[sz:]
				if d < utf8.RuneSelf {
					tl.foldASCII(byte(d))
					continue
				}
				tl.foldRune(d, false)
			}
			return
		}
	}
	switch {
	case unicode.Is(unicode.Cf, r):
		// invisible format characters (ZWJ, soft hyphen, direction marks) never separate tokens
	case unicode.IsLetter(r):
		tl.appendRune(r)
		tl.keepMarks = !marksAreAccents(r)
	case unicode.Is(unicode.Mc, r):
		// spacing vowel signs of Indic scripts belong to the letter before them
		if tl.inToken {
			tl.appendRune(r)
		}
	case unicode.IsDigit(r):
		if v := digitValue(r); v >= 0 {
			tl.appendRune('0' + rune(v))
		} else {
			tl.appendRune(r)
		}
	default:
		tl.endToken()
	}
}

// foldASCII adds one ASCII byte.
func (tl *tokenList) foldASCII(c byte) {
	switch {
	case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		tl.appendRune(rune(c))
		tl.keepMarks = false
	case 'A' <= c && c <= 'Z':
		tl.appendRune(rune(c + 'a' - 'A'))
		tl.keepMarks = false
	case c == '\'' || c == '`':
		// apostrophes join: O'Brien, Cho'n, 'Abd
	default:
		tl.endToken()
	}
}

// marksAreAccents reports scripts whose combining marks are accents or optional vowel points, dropped by
// folding: Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic.
func marksAreAccents(r rune) bool {
	return r < 0x0590 || (r >= 0x0590 && r <= 0x08FF) || (r >= 0x1E00 && r <= 0x1FFF) ||
		(r >= 0xFB00 && r <= 0xFDFF) || (r >= 0xFE70 && r <= 0xFEFF)
}

// isApostrophe reports runes that lists and people use as apostrophes, ayin or hamza marks, or the
// McCune-Reischauer breve's ASCII stand-in: they join the letters around them.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', '\u00B4', '\u2018', '\u2019', '\u201B', '\u2032', '\u02B9', '\u02BB', '\u02BC',
		'\u02BE', '\u02BF', '\u02C8', '\uFF07':
		return true
	}
	return false
}

// specialLetter spells out, for a lower-case rune, letters that compatibility decomposition leaves alone, and
// transliterates Cyrillic and Greek (see translit.go). ok is false for runes it leaves alone; the spelling
// may be empty (the Cyrillic soft and hard signs).
func specialLetter(r rune) (spelling string, ok bool) {
	switch r {
	case 'ß':
		return "ss", true
	case 'ł':
		return "l", true
	case 'ø':
		return "o", true
	case 'æ':
		return "ae", true
	case 'œ':
		return "oe", true
	case 'đ', 'ð', 'ɖ':
		return "d", true
	case 'þ':
		return "th", true
	case 'ı':
		return "i", true
	case 'ħ':
		return "h", true
	case 'ŧ':
		return "t", true
	case 'ĸ':
		return "k", true
	case 'ŋ':
		return "ng", true
	case 'ƒ':
		return "f", true
	case 'ə', 'ǝ':
		return "e", true
	case 'ɨ':
		return "i", true
	case 'ʉ':
		return "u", true
	case 'ɵ':
		return "o", true
	}
	if r >= 0x0370 && r <= 0x052F {
		return transliterate(r)
	}
	return "", false
}

// digitValue maps a decimal digit of any script to its value, or -1.
func digitValue(r rune) int {
	if r < 0x80 {
		if r >= '0' && r <= '9' {
			return int(r - '0')
		}
		return -1
	}
	if r > 0xFFFF {
		return -1 // digits beyond the BMP are mathematical styles, which NFKD has already made ASCII
	}
	for _, rt := range unicode.Nd.R16 {
		if rt.Stride == 1 && uint16(r) >= rt.Lo && uint16(r) <= rt.Hi {
			// decimal digit ranges are runs of ten starting at a zero
			return int(uint16(r)-rt.Lo) % 10
		}
	}
	return -1
}

// courtesyTitles are dropped when they open a name and something follows. Only titles that are never a name
// token in any culture the lists cover are here; "Sheikh", "Haji", "Mullah" and the like are part of how
// people are listed and stay.
var courtesyTitles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "mx": true, "dr": true, "prof": true,
}

func (tl *tokenList) dropTitles() {
	k := 0
	for k < len(tl.toks)-1 && tl.toks[k].kind == kindWord {
		tl.setKey(k)
		if !courtesyTitles[string(tl.key)] {
			break
		}
		k++
	}
	if k > 0 {
		tl.toks = append(tl.toks[:0], tl.toks[k:]...)
	}
}
