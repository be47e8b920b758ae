package match

// transliterate spells a lower-case Cyrillic or Greek letter in Latin letters; ok is false for a rune it does
// not know. Cyrillic follows the BGN/PCGN-style spellings that OFAC and the UN use for Russian names (Sergey,
// Yevgeniy, Khodorkovsky: й→y, х→kh, ю→yu), with the extra letters of Ukrainian, Belarusian, Serbian and
// Macedonian; Greek follows ELOT 743. One table per letter is a first step: context rules (Russian initial е
// as "ye", Ukrainian г as "h") are later work, and the token similarity absorbs the difference meanwhile.
func transliterate(r rune) (spelling string, ok bool) {
	switch {
	case r >= 'а' && r <= 'я':
		return cyrillicBasic[r-'а'], true
	case r >= 'ѐ' && r <= 'џ':
		return cyrillicExtra[r-'ѐ'], true
	case r >= 'α' && r <= 'ω':
		return greekBasic[r-'α'], true
	}
	switch r {
	case 'ґ':
		return "g", true
	case 'ў':
		return "u", true
	case 'ӑ', 'ӓ':
		return "a", true
	case 'ӧ':
		return "o", true
	case 'ӱ':
		return "u", true
	case 'ά':
		return "a", true
	case 'έ':
		return "e", true
	case 'ή', 'ί', 'ϊ', 'ΐ':
		return "i", true
	case 'ό':
		return "o", true
	case 'ύ', 'ϋ', 'ΰ':
		return "y", true
	case 'ώ':
		return "o", true
	}
	return "", true
}

var cyrillicBasic = [32]string{
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
}

// cyrillicExtra covers U+0450..U+045F: ѐ ё ђ ѓ є ѕ і ї ј љ њ ћ ќ ѝ ў џ.
var cyrillicExtra = [16]string{
	"e", "e", "dj", "gj", "ye", "dz", "i", "yi", "j", "lj", "nj", "c", "kj", "i", "u", "dz",
}

// greekBasic covers U+03B1..U+03C9, final sigma (ς) included.
var greekBasic = [25]string{
	"a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p",
	"r", "s", "s", "t", "y", "f", "ch", "ps", "o",
}

// Scripts beyond Cyrillic and Greek, each letter spelled as the lists' romanisations usually spell it: a
// first step that lets the token similarity and the n-gram index see a name written in another script at
// all. Armenian follows the BGN/PCGN spellings (Բարակ → barak), Georgian the national system (ბარაკ →
// barak), Arabic and Persian letters their common English spellings with the long vowels alif, waw and ya
// as a, u (w first) and i (y first): short vowels are not written in Arabic script, so "فرناندو" reads as
// "frnandu" and pairs with "Fernando" only through the similarity of its consonants.
var (
	armenian = map[rune]string{
		'ա': "a", 'բ': "b", 'գ': "g", 'դ': "d", 'ե': "e", 'զ': "z", 'է': "e", 'ը': "y", 'թ': "t", 'ժ': "zh",
		'ի': "i", 'լ': "l", 'խ': "kh", 'ծ': "ts", 'կ': "k", 'հ': "h", 'ձ': "dz", 'ղ': "gh", 'ճ': "ch", 'մ': "m",
		'յ': "y", 'ն': "n", 'շ': "sh", 'ո': "o", 'չ': "ch", 'պ': "p", 'ջ': "j", 'ռ': "r", 'ս': "s", 'վ': "v",
		'տ': "t", 'ր': "r", 'ց': "ts", 'ւ': "v", 'փ': "p", 'ք': "k", 'օ': "o", 'ֆ': "f", 'և': "yev",
	}
	georgian = map[rune]string{
		'ა': "a", 'ბ': "b", 'გ': "g", 'დ': "d", 'ე': "e", 'ვ': "v", 'ზ': "z", 'თ': "t", 'ი': "i", 'კ': "k",
		'ლ': "l", 'მ': "m", 'ნ': "n", 'ო': "o", 'პ': "p", 'ჟ': "zh", 'რ': "r", 'ს': "s", 'ტ': "t", 'უ': "u",
		'ფ': "p", 'ქ': "k", 'ღ': "gh", 'ყ': "q", 'შ': "sh", 'ჩ': "ch", 'ც': "ts", 'ძ': "dz", 'წ': "ts",
		'ჭ': "ch", 'ხ': "kh", 'ჯ': "j", 'ჰ': "h",
	}
	arabic = map[rune]string{
		'ا': "a", 'أ': "a", 'إ': "i", 'آ': "a", 'ٱ': "a", 'ء': "", 'ؤ': "u", 'ئ': "i", 'ب': "b", 'ت': "t",
		'ث': "th", 'ج': "j", 'ح': "h", 'خ': "kh", 'د': "d", 'ذ': "dh", 'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh",
		'ص': "s", 'ض': "d", 'ط': "t", 'ظ': "z", 'ع': "", 'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k", 'ل': "l",
		'م': "m", 'ن': "n", 'ه': "h", 'ة': "a", 'ى': "a", 'پ': "p", 'چ': "ch", 'ژ': "zh", 'گ': "g", 'ک': "k",
		'ی': "i", 'ۀ': "a",
	}
)

// arabicGlide spells waw and ya: consonants (w, y) opening a word, long vowels (u, i) inside one.
func arabicGlide(r rune, first bool) (string, bool) {
	switch r {
	case 'و':
		if first {
			return "w", true
		}
		return "u", true
	case 'ي', 'ی':
		if first {
			return "y", true
		}
		return "i", true
	}
	return "", false
}

// Kana in Hepburn romanisation, the spelling Japanese names take in lists and passports. Small ya, yu and yo
// and the small tsu (a doubled consonant) change the syllable before or after them, and the long-vowel mark
// is dropped (オバマ, バラク: obama, baraku).
var kana = func() map[rune]string {
	m := map[rune]string{}
	rows := []struct {
		start rune
		sp    []string
	}{
		// U+3041.. hiragana, in code point order (small vowels included)
		{0x3041, []string{"a", "a", "i", "i", "u", "u", "e", "e", "o", "o", "ka", "ga", "ki", "gi", "ku", "gu",
			"ke", "ge", "ko", "go", "sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo", "ta", "da", "chi",
			"ji", "", "tsu", "zu", "te", "de", "to", "do", "na", "ni", "nu", "ne", "no", "ha", "ba", "pa", "hi",
			"bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo", "po", "ma", "mi", "mu", "me", "mo", "ya",
			"ya", "yu", "yu", "yo", "yo", "ra", "ri", "ru", "re", "ro", "wa", "wa", "i", "e", "o", "n", "vu"}},
	}
	for _, row := range rows {
		for i, sp := range row.sp {
			m[row.start+rune(i)] = sp
			m[row.start+rune(i)+0x60] = sp // katakana sit 0x60 above
		}
	}
	return m
}()

// Small kana that modify the syllable before them.
func smallKana(r rune) (vowel rune, ok bool) {
	switch r {
	case 'ゃ', 'ャ':
		return 'a', true
	case 'ゅ', 'ュ':
		return 'u', true
	case 'ょ', 'ョ':
		return 'o', true
	}
	return 0, false
}

func isSokuon(r rune) bool { return r == 'っ' || r == 'ッ' }
