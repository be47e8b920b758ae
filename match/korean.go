package match

import "strings"

// Korean names reach the lists and the applicants in several romanisations of the same Hangul: Revised
// Romanisation (Gim Jeong-eun), McCune-Reischauer with its breves and apostrophes (Kim Chŏng-ŭn, "CHO'N Yo'n
// Ku'n"), the DPRK's own system (Kim Jong Un, Ri, Ryom), and the personal spellings South Koreans use (Lee,
// Park, Choi, Young, Hyun). Letters alone cannot tell that "Ri", "Lee" and "Yi" are one surname, or that "Jon
// Yun Gun" is "Cho'n Yo'n Ku'n", so a token that reads as Korean syllables gets keys that say what Hangul it
// can stand for, and two tokens whose keys meet are a romanisation variant.
//
// A key keeps, per syllable, a class of the initial consonant, of the vowel and of the final consonant. The
// classes merge exactly what the romanisations confuse: plain, tense and aspirated consonants (g/k/kk/k'),
// since apostrophes are folded away; the vowels ㅓ ㅗ ㅜ ㅡ (eo, o, u, eu, o', u', oo), since MR writes ㅓ as
// o' and ㅡ as u', and personal spellings write ㅓ as u (Hyun, Sung, Jung); likewise ㅕ ㅛ ㅠ (yeo, yo, yu,
// you); and, at the start of a token, ㄹ, ㄴ and no consonant (Ri/Lee/Yi/I, Ryu/Yu/Yoo, Roh/No). What the
// classes keep apart (Sang from Song, Man from Min, Hun from Man) is what tells Korean names apart.
//
// Keys apply only when both names read as Korean (koreanShaped): otherwise "Dana" would be a variant of
// "Tana". A Latin token can read as Korean syllables in a few ways ("jongun" is jong+un or jon+gun), so a
// token keeps up to maxKoreanKeys keys and two tokens are variants when any key of one equals any of the other.

// koreanVariantSim is the similarity of two different spellings whose Korean keys meet: below equality, so
// that the list's own spelling still ranks first, and well above the pairing floor.
const koreanVariantSim = 0.90

// maxKoreanKeys bounds the readings kept per token; maxKoreanSyllables bounds one reading (a glued run of a
// family name and a two-syllable given name has three; five leaves room for longer glued runs).
const (
	maxKoreanKeys      = 4
	maxKoreanSyllables = 5
)

// koreanKeys are the readings of one token: n keys in k.
type koreanKeys struct {
	k [maxKoreanKeys]uint64
	n uint8
}

// meets reports whether any reading of a equals any of b.
func (a *koreanKeys) meets(b *koreanKeys) bool {
	for i := uint8(0); i < a.n; i++ {
		for j := uint8(0); j < b.n; j++ {
			if a.k[i] == b.k[j] {
				return true
			}
		}
	}
	return false
}

func (a *koreanKeys) add(k uint64) {
	for i := uint8(0); i < a.n; i++ {
		if a.k[i] == k {
			return
		}
	}
	if a.n < maxKoreanKeys {
		a.k[a.n] = k
		a.n++
	}
}

// syllables is the number of syllables of the readings (all readings of a token have the same count only by
// chance; this is the smallest).
func (a *koreanKeys) syllables() int {
	least := maxKoreanSyllables + 1
	for i := uint8(0); i < a.n; i++ {
		least = min(least, int(a.k[i]>>60))
	}
	return least
}

// Consonant classes of an initial.
const (
	koNone = iota // ㅇ, and ㄹ ㄴ at the start of a token
	koK
	koT
	koP
	koC
	koS
	koH
	koM
	koN
	koR
)

// Vowel classes.
const (
	koA  = iota + 1
	koE  // ㅐ ㅔ
	koO  // ㅓ ㅗ ㅜ ㅡ
	koI  // ㅣ
	koYA // ㅑ
	koYE // ㅒ ㅖ
	koYO // ㅕ ㅛ ㅠ
	koWA // ㅘ
	koWE // ㅙ ㅚ ㅞ
	koWO // ㅝ
	koWI // ㅟ
	koUI // ㅢ
)

// Final classes; 0 is none.
const (
	koFinK = iota + 1
	koFinN
	koFinNG
	koFinL
	koFinM
	koFinP
	koFinT
)

type koSpelling struct {
	s     string
	class uint8
}

// Spellings, longest first within each table, as the parser tries them. Letters Korean romanisations never
// use (c, f, q, v, x, z) appear in none, so names holding them are not read as Korean.
var (
	koInitials = []koSpelling{
		{"tch", koC}, {"jj", koC}, {"kk", koK}, {"gg", koK}, {"tt", koT}, {"pp", koP}, {"bb", koP}, {"ss", koS},
		{"ch", koC}, {"kh", koK}, {"th", koT}, {"ph", koP}, {"sh", koS}, {"rh", koR},
		{"g", koK}, {"k", koK}, {"d", koT}, {"t", koT}, {"b", koP}, {"p", koP}, {"j", koC}, {"s", koS},
		{"h", koH}, {"m", koM}, {"n", koN}, {"r", koR}, {"l", koR},
	}
	koVowels = []koSpelling{
		{"yeo", koYO}, {"yae", koYE}, {"wae", koWE}, {"weo", koWO}, {"you", koYO}, {"yoo", koYO}, {"woo", koO},
		{"eui", koUI}, {"ae", koE}, {"eo", koO}, {"eu", koO}, {"ya", koYA}, {"yo", koYO}, {"yu", koYO},
		{"ye", koYE}, {"yi", koI}, {"wa", koWA}, {"wo", koWO}, {"we", koWE}, {"wi", koWI}, {"ui", koUI},
		{"oe", koWE}, {"oi", koWE}, {"oo", koO}, {"ee", koI},
		{"a", koA}, {"e", koE}, {"i", koI}, {"o", koO}, {"u", koO},
	}
	// Finals as the romanisations write them: ㄱ k, ㄴ n, ㅇ ng, ㄹ l, ㅁ m, ㅂ p, and t for ㄷ ㅅ ㅈ ㅊ ㅌ ㅎ.
	// None writes a final d, s, b, g or r, which keeps Mohammed and Ahmad from reading as Korean.
	koFinals = []koSpelling{
		{"ng", koFinNG}, {"kk", koFinK}, {"k", koFinK}, {"n", koFinN}, {"l", koFinL}, {"m", koFinM},
		{"p", koFinP}, {"t", koFinT},
	}
)

// koreanReadings fills keys with the readings of a folded token as Korean syllables; keys.n is 0 when it
// has none. It does not allocate.
func koreanReadings(rs []rune, keys *koreanKeys) {
	keys.n = 0
	if len(rs) < 1 || len(rs) > 4*maxKoreanSyllables {
		return
	}
	for _, r := range rs {
		if r < 'a' || r > 'z' {
			return
		}
	}
	koParse(rs, 0, 0, 0, keys)
}

// koParse reads syllables from rs[i:], having read n of them into key.
func koParse(rs []rune, i, n int, key uint64, keys *koreanKeys) {
	if keys.n == maxKoreanKeys {
		return
	}
	if i == len(rs) {
		if n > 0 {
			keys.add(uint64(n)<<60 | key)
		}
		return
	}
	if n == maxKoreanSyllables {
		return
	}
	// initial: none, or a consonant spelling starting with rs[i]
	koVowelsAt(rs, i, n, koNone, key, keys)
	for _, ini := range koInitialsBy[rs[i]-'a'] {
		if !hasPrefixRunes(rs[i:], ini.s) {
			continue
		}
		class := ini.class
		if n == 0 && (class == koR || class == koN) {
			class = koNone // ㄹ and ㄴ at the start of a name word are dropped or changed in the South
		}
		koVowelsAt(rs, i+len(ini.s), n, class, key, keys)
	}
}

// koVowelsAt reads the vowel and final of a syllable whose initial (class ini) ends before rs[j].
func koVowelsAt(rs []rune, j, n int, ini uint8, key uint64, keys *koreanKeys) {
	if j >= len(rs) {
		return
	}
	for _, v := range koVowelsBy[rs[j]-'a'] {
		if !hasPrefixRunes(rs[j:], v.s) {
			continue
		}
		after := j + len(v.s)
		syl := uint64(ini)<<7 | uint64(v.class)<<3
		// no final
		koParse(rs, after, n+1, key|syl<<(11*n), keys)
		if after < len(rs) {
			for _, f := range koFinalsBy[rs[after]-'a'] {
				if !hasPrefixRunes(rs[after:], f.s) {
					continue
				}
				end := after + len(f.s)
				// a single consonant before a vowel opens the next syllable; "ng" may close one before it
				if end < len(rs) && isVowel(rs[end]) && rs[end] != 'w' && rs[end] != 'y' && f.s != "ng" {
					continue
				}
				koParse(rs, end, n+1, key|(syl|uint64(f.class))<<(11*n), keys)
			}
		}
		// trailing h after a vowel is silent: Oh, Roh, Noh
		if after == len(rs)-1 && rs[after] == 'h' {
			koParse(rs, after+1, n+1, key|syl<<(11*n), keys)
		}
	}
}

// The spelling tables by first letter, so that a parse tries only the spellings that can start where it is.
var koInitialsBy, koVowelsBy, koFinalsBy = byFirstLetter(koInitials), byFirstLetter(koVowels), byFirstLetter(koFinals)

func byFirstLetter(sp []koSpelling) [26][]koSpelling {
	var out [26][]koSpelling
	for _, x := range sp {
		out[x.s[0]-'a'] = append(out[x.s[0]-'a'], x)
	}
	return out
}

func hasPrefixRunes(rs []rune, s string) bool {
	if len(s) > len(rs) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if rs[i] != rune(s[i]) {
			return false
		}
	}
	return true
}

// koreanSurnames are the common Korean family names in the romanisations lists and people use (RR, MR, the
// DPRK's and personal spellings). A name reads as Korean only if one of its tokens is one of them: syllables
// alone would make "Ali Karim" or "Maria Rosa" Korean.
var koreanSurnames = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Fields(`kim gim lee yi ri rhee rhie li i park pak bak choi choe chwe jung jong jeong
		chong chung kang gang cho jo yoon yun jang chang lim im rim han oh o seo so suh shin sin kwon gwon hwang
		ahn an song jeon jon chon chun hong ko go moon mun yang son sohn bae pae baek paek paik heo ho hur yu yoo
		ryu ryoo nam sim shim noh no ro roh ha kwak gwak sung seong cha ju joo chu choo woo u ku koo gu min ryom
		yom yeom hyon hyun kye gye tak pyon byun byeon myong myung ok ki kil gil won jin chin ma maeng bang pang
		yeon yon ryon um eom om ong kong gong cheon chae chai tae`) {
		m[s] = true
	}
	return m
}()

// "Park" is the one common surname spelling no rule above reads: its r only marks the long a of English.
func koreanSpecial(rs []rune) []rune {
	if len(rs) == 4 && rs[0] == 'p' && rs[1] == 'a' && rs[2] == 'r' && rs[3] == 'k' {
		return pakRunes
	}
	return rs
}

var pakRunes = []rune("pak")

// Hangul syllables spelled in Revised Romanisation, the form folded Hangul takes: each syllable becomes a
// token of its own, so that "김정은" lines up with "Kim Jong Un" syllable by syllable.
var (
	hangulInitials = [19]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	hangulVowels   = [21]string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	hangulFinals   = [28]string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

// isHangulSyllable reports a precomposed Hangul syllable.
func isHangulSyllable(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// appendHangul appends the Revised Romanisation of a Hangul syllable.
func appendHangul(dst []rune, r rune) []rune {
	s := int(r - 0xAC00)
	ini, vow, fin := s/(21*28), s/28%21, s%28
	for _, c := range hangulInitials[ini] {
		dst = append(dst, c)
	}
	for _, c := range hangulVowels[vow] {
		dst = append(dst, c)
	}
	for _, c := range hangulFinals[fin] {
		dst = append(dst, c)
	}
	return dst
}
