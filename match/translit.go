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
