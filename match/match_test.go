package match

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"surname first with comma", "KIM, Jong Un", []string{"kim", "jong", "un"}},
		{"hyphenated given name", "Kim Jong-un", []string{"kim", "jong", "un"}},
		{"McCune-Reischauer apostrophes", "CHO'N, Yo'n Ku'n", []string{"chon", "yon", "kun"}},
		{"typographic apostrophe", "Cho’n Yo‘n", []string{"chon", "yon"}},
		{"modifier letter apostrophe", "Choʼn", []string{"chon"}},
		{"German umlaut and eszett", "Müller-Weiß", []string{"muller", "weiss"}},
		{"Polish", "Łukasz Żółć Wąsik", []string{"lukasz", "zolc", "wasik"}},
		{"Vietnamese", "Nguyễn Văn An", []string{"nguyen", "van", "an"}},
		{"Vietnamese d with stroke", "Đặng Thị Ngọc", []string{"dang", "thi", "ngoc"}},
		{"Nordic", "Søren Ærø", []string{"soren", "aero"}},
		{"Turkish dotless and dotted i", "Işıl İnönü", []string{"isil", "inonu"}},
		{"Icelandic thorn and eth", "Þórður Guðmundsson", []string{"thordur", "gudmundsson"}},
		{"French ligature", "Œdipe Cœur", []string{"oedipe", "coeur"}},
		{"Arabic romanisation ayin", "ʿAbd al-Raḥmān", []string{"abd", "al", "rahman"}},
		{"leading apostrophe", "'ABD AL-'AZIZ", []string{"abd", "al", "aziz"}},
		{"Cyrillic", "Владимир Путин", []string{"vladimir", "putin"}},
		{"Cyrillic short i", "Сергей Лавров", []string{"sergey", "lavrov"}},
		{"Ukrainian", "Володимир Зеленський", []string{"volodimir", "zelenskiy"}},
		{"Greek with accents", "Αλέξης Τσίπρας", []string{"alexis", "tsipras"}},
		{"Hangul syllable by syllable", "김정은", []string{"gim", "jeong", "eun"}},
		{"Hangul with space", "리 경식", []string{"ri", "gyeong", "sik"}},
		{"kana in Hepburn", "バラク・オバマ", []string{"baraku", "obama"}},
		{"small kana and small tsu", "キョウコ ハットリ", []string{"kyouko", "hattori"}},
		{"Han in pinyin", "习近平", []string{"xi", "jin", "ping"}},
		{"Armenian", "Բարակ Օբամա", []string{"barak", "obama"}},
		{"Georgian", "ბარაკ ობამა", []string{"barak", "obama"}},
		{"Arabic", "محمد", []string{"mhmd"}},
		{"leet digits between letters", "Ig0r Sech1n", []string{"igor", "sechin"}},
		{"codes keep digits", "AHL1 P-532", []string{"ahl1", "p", "532"}},
		{"number words", "Brigade Forty-Four", []string{"brigade", "44"}},
		{"ordinals", "1st Bank", []string{"1", "bank"}},
		{"acronym joined", "A.B.C. Company", []string{"abc", "company"}},
		{"legal phrase joined", "Open Joint Stock Company Gazprom", []string{"open joint stock company", "gazprom"}},
		{"two initials stay apart", "J.C. Smith", []string{"j", "c", "smith"}},
		{"fullwidth", "ＫＩＭ Ｊｏｎｇ", []string{"kim", "jong"}},
		{"courtesy title dropped", "Mr. John Smith", []string{"john", "smith"}},
		{"two titles dropped", "Prof. Dr. Anna Nowak", []string{"anna", "nowak"}},
		{"title alone kept", "Dr", []string{"dr"}},
		{"title inside kept", "John Dr Smith", []string{"john", "dr", "smith"}},
		{"honorific not dropped", "Sheikh Ahmed", []string{"sheikh", "ahmed"}},
		{"initials", "J. R. R. Tolkien", []string{"j", "r", "r", "tolkien"}},
		{"legal form shown as written", "Acme Ltd.", []string{"acme", "ltd"}},
		{"digits", "HWANG GUM SAN 2", []string{"hwang", "gum", "san", "2"}},
		{"Arabic-Indic digits", "Brigade ٤٤", []string{"brigade", "44"}},
		{"control characters separate", "Kim\x00Jong\tUn\n", []string{"kim", "jong", "un"}},
		{"invalid UTF-8 separates", "Kim\xffJong", []string{"kim", "jong"}},
		{"zero-width joiner ignored", "Ki\u200dm", []string{"kim"}},
		{"combining marks on ASCII", "Mu\u0308ller", []string{"muller"}},
		{"empty", "", []string{}},
		{"punctuation only", "-- ' .", []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, Fold(tc.in)); diff != "" {
				t.Errorf("Fold(%q) (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestFoldBounds(t *testing.T) {
	many := strings.Repeat("abc ", 10000)
	if got := Fold(many); len(got) != maxTokens || got[maxTokens-1] != "abc" {
		t.Errorf("%d tokens from 10000 (last %q), want the cap %d, whole", len(got), got[len(got)-1], maxTokens)
	}
	long := Fold(strings.Repeat("x", 10000))
	if len(long) != 1 || len([]rune(long[0])) != maxTokenRunes {
		t.Errorf("long token folded to %d runes, want %d", len([]rune(long[0])), maxTokenRunes)
	}
	// bytes past the cap are ignored: a name hidden after 512 bytes of padding is not read
	if got := Fold(strings.Repeat(" ", maxNameBytes) + "Kim"); len(got) != 0 {
		t.Errorf("read past %d bytes: %v", maxNameBytes, got)
	}
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		name     string
		a, b     string
		min, max float64
	}{
		// Korean romanisation: order, hyphens, apostrophes, glued and split syllables
		{"reordered", "KIM, Jong Un", "Jong Un Kim", 1, 1},
		{"hyphen", "Kim Jong-un", "Kim Jong Un", 1, 1},
		{"glued", "Kim Jongun", "Kim Jong Un", 1, 1},
		{"glued reordered", "Jongun Kim", "KIM, Jong-Un", 1, 1},
		{"apostrophe", "Kim Jong'un", "Kim Jong Un", 1, 1},
		{"McCune-Reischauer", "CHO'N, Yo'n Ku'n", "Chon Yon Kun", 1, 1},
		{"McCune-Reischauer glued", "CHO'N, Yo'n-Ku'n", "Chon Yonkun", 1, 1},
		{"split surname", "Ri Song Hyok", "Risong Hyok", 1, 1},
		{"different given name", "Kim Jong Un", "Kim Jong Il", 0, 0.75},
		{"different person, same surname", "Kim Yong Chol", "Kim Jong Un", 0, 0.6},
		{"one syllable off", "Kim Yong Chol", "Kim Yong Chul", 0.8, 0.97},
		// Korean romanisation systems (issue 4's examples) and what must stay apart
		{"split given name", "Kim Sang-man", "KIM, Sang Man", 1, 1},
		{"MR, DPRK and personal spellings", "Chon Yon Kun", "JON, Yun Gun", 0.8, 0.95},
		{"MR with apostrophes against OFAC's name", "CHO'N, Yo'n Ku'n", "JON, Yun Gun", 0.8, 0.95},
		{"Revised Romanisation", "Gim Jeong-eun", "KIM Jong Un", 0.8, 0.95},
		{"Ri, Lee, Yi", "Lee Kyung Sik", "RI Kyong Sik", 0.8, 0.95},
		{"Yi and Ri", "Yi Sun Sin", "Ri Sun Sin", 0.85, 0.99},
		{"Park and Pak", "Park Chol", "PAK Ch'ol", 0.85, 0.99},
		{"Choi and Choe", "Choi Ryong-hae", "CHOE Ryong Hae", 0.85, 0.99},
		{"Hangul against the list's romanisation", "김정은", "Kim Jong Un", 0.8, 0.95},
		{"another given name", "Kim Sang-hoon", "KIM, Sang Man", 0, 0.6},
		{"a given-name syllable is not optional", "Kang Min-jun", "KANG, Min", 0, 0.74},
		{"a common surname alone", "Kim", "KIM, Sang Man", 0, 0.5},
		{"two Hangul syllables that differ", "김종은", "김정은", 0, 0.74},
		{"Han homophones are different characters", "高石早苗", "高市早苗", 0, 0.74},
		// diacritics
		{"umlaut", "Müller", "Muller", 1, 1},
		{"Polish", "Łukasz Wąsik", "Lukasz Wasik", 1, 1},
		{"Vietnamese", "Nguyễn Văn An", "Nguyen Van An", 1, 1},
		{"Vietnamese reordered", "An Nguyễn Văn", "NGUYEN, Van An", 1, 1},
		// Arabic romanisations: high, below exact
		{"Mohammed/Muhammad", "Mohammed", "Muhammad", 0.75, 0.95},
		{"Mohammed Ali/Muhammad Ali", "Mohammed Ali", "Muhammad Ali", 0.8, 0.97},
		{"Hussein/Husayn", "Saddam Hussein", "Saddam Husayn", 0.8, 0.97},
		{"Abdulrahman glued", "Abdul Rahman", "Abdulrahman", 1, 1},
		{"French article and connector", "Bachar el-Assad", "Bashar al-Assad", 0.75, 0.95},
		{"son and father swapped", "SALMAN BIN MUHAMMAD AL-RAWI", "MUHAMMAD BIN SALMAN AL-RAWI", 0, 0.74},
		{"German transliteration", "Wolodymyr Selenskyj", "Volodymyr Zelenskyy", 0.75, 0.95},
		{"leet digits", "Ig0r Sech1n", "Igor Sechin", 1, 1},
		{"Georgian script", "ბარაკ ობამა", "Barack Obama", 0.75, 0.99},
		// initials count weakly
		{"initial", "J. Smith", "John Smith", 0.6, 0.85},
		{"initial for a different name", "J. Smith", "Mary Smith", 0, 0.75},
		{"two initials", "J. R. Smith", "John Robert Smith", 0.5, 0.85},
		// short tokens do not ride on long ones
		{"short prefix", "Al", "Alexander", 0, 0},
		{"Kim is not Kimberly", "Kim Smith", "Kimberly Smith", 0, 0.7},
		// typos
		{"typo", "Vladimir Putin", "Vladimir Puttin", 0.85, 0.99},
		{"transposition", "Friedrich Lindenberg", "Friedrich Lindenbreg", 0.85, 0.99},
		// missing and conflicting tokens
		{"middle name missing", "Sergey Lavrov", "Sergey Viktorovich Lavrov", 0.75, 0.95},
		{"conflicting surname", "Anna Kowalska", "Anna Nowak", 0, 0.5},
		// companies
		{"legal form abbreviation", "Crystalord Ltd", "CRYSTALORD LIMITED", 1, 1},
		{"legal form missing", "Korea Mining Development Trading", "Korea Mining Development Trading Corporation", 0.95, 1},
		{"vessel number", "Hwang Gum San 2", "Hwang Gum San 3", 0, 0.8},
		{"code glued", "P-532", "P532", 1, 1},
		{"legal form written out", "OAO Gazprom", "Open Joint Stock Company Gazprom", 0.95, 1},
		{"legal form in another language", "Siemens AG", "Siemens Aktiengesellschaft", 0.95, 1},
		{"numbers in words", "Brigade Forty-Four", "Brigade 44", 1, 1},
		{"acronym letters reordered", "C.B.A. Company", "A.B.C. Company", 0, 0.5},
		// scripts
		{"Cyrillic to Latin", "Владимир Путин", "Vladimir Putin", 1, 1},
		{"nothing in common", "Anna Kowalska", "Kim Jong Un", 0, 0},
		{"empty", "", "Kim", 0, 0},
		{"both empty", "", "", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ex := Compare(tc.a, tc.b)
			if s < tc.min-1e-9 || s > tc.max+1e-9 {
				t.Errorf("Compare(%q, %q) = %.3f, want in [%.2f, %.2f]; %s", tc.a, tc.b, s, tc.min, tc.max, ex)
			}
			r, _ := Compare(tc.b, tc.a)
			if math.Abs(r-s) > 0.02 {
				t.Errorf("asymmetric: %.3f one way, %.3f the other", s, r)
			}
			if ex == "" {
				t.Errorf("no explanation")
			}
		})
	}
}

func TestCompareRanksVariants(t *testing.T) {
	exact, _ := Compare("Muhammad Ali", "Muhammad Ali")
	variant, _ := Compare("Mohammed Ali", "Muhammad Ali")
	typo, _ := Compare("Muhamad Alli", "Muhammad Ali")
	other, _ := Compare("Mahmoud Ali", "Muhammad Ali")
	if !(exact > variant && variant > other && typo > other) {
		t.Errorf("exact %.3f, variant %.3f, typo %.3f, other name %.3f: want exact > variant, typo > other", exact, variant, typo, other)
	}
}

func TestCompareExplanation(t *testing.T) {
	for _, tc := range []struct{ a, b, want string }{
		{"KIM, Jong Un", "Jong-un Kim", "kim=kim, jong=jong, un=un"},
		{"Jongun Kim", "Kim Jong Un", "jongun=jong+un (glued), kim=kim"},
		{"J. Smith", "John Smith", "j.~john (initial), smith=smith"},
		{"Mohammed Ali Rahimi", "Muhammad Ali", "mohammed~muhammad 0.90, ali=ali; query only: rahimi"},
		{"Kim Yong Chol", "Kim Yong Nam", "kim=kim, yong=yong; query only: chol; list only: nam"},
		{"Acme Ltd", "Acme Limited", "acme=acme, ltd=limited"},
		{"Anna", "Kim", "no tokens align; query only: anna; list only: kim"},
	} {
		if _, got := Compare(tc.a, tc.b); got != tc.want {
			t.Errorf("Compare(%q, %q) explains %q, want %q", tc.a, tc.b, got, tc.want)
		}
	}
}
