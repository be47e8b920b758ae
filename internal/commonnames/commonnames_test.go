package commonnames

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"
)

// The cultures issue 4 and the brief for this package name; a missing file fails the test.
var requiredCultures = []string{
	"english", "irish", "german", "dutch", "french", "spanish", "portuguese", "italian", "scandinavian",
	"finnish", "polish", "czech", "hungarian", "romanian", "ukrainian", "russian", "greek", "turkish",
	"arabic-levant", "arabic-gulf", "arabic-maghreb", "persian", "indian-hindi", "indian-tamil", "pakistani",
	"bangladeshi", "chinese", "korean", "japanese", "vietnamese", "filipino", "indonesian", "nigerian-yoruba",
	"nigerian-igbo", "nigerian-hausa", "ethiopian", "kenyan",
}

func TestAll(t *testing.T) {
	names := All()
	cultures := Cultures()
	if len(cultures) < 24 {
		t.Errorf("%d cultures, want at least 24", len(cultures))
	}
	if len(names) < 10_000 {
		t.Errorf("%d names, want at least 10,000", len(names))
	}
	if PerCulture < 400 {
		t.Errorf("PerCulture = %d, want at least 400", PerCulture)
	}
	for _, c := range requiredCultures {
		if !slices.Contains(cultures, c) {
			t.Errorf("culture %q is missing", c)
		}
	}
	if !slices.IsSorted(cultures) {
		t.Errorf("Cultures() is not sorted: %v", cultures)
	}
	count := map[string]int{}
	seen := map[string]bool{}
	for i, n := range names {
		count[n.Culture]++
		if key := n.Culture + "\x00" + personKey(n.Full); seen[key] {
			t.Errorf("%s: %q is a name already there, spelt or ordered otherwise", n.Culture, n.Full)
		} else {
			seen[key] = true
		}
		if i > 0 {
			p := names[i-1]
			if p.Culture > n.Culture || p.Culture == n.Culture && p.Full >= n.Full {
				t.Errorf("not sorted by culture then name: %v before %v", p, n)
			}
		}
		if err := checkGenerated(n); err != nil {
			t.Errorf("%s: %+v: %v", n.Culture, n, err)
		}
	}
	for _, c := range cultures {
		if count[c] != PerCulture {
			t.Errorf("culture %s: %d names, want %d", c, count[c], PerCulture)
		}
	}
	if len(count) != len(cultures) {
		t.Errorf("names carry %d cultures, Cultures() lists %d", len(count), len(cultures))
	}
}

// checkGenerated checks the fields of a generated name: valid UTF-8, no control characters, single spaces
// and no space at either end, Full non-empty, and Given and Family both parts of Full.
func checkGenerated(n Name) error {
	for _, f := range []struct{ what, s string }{
		{"Culture", n.Culture}, {"Given", n.Given}, {"Family", n.Family}, {"Full", n.Full},
	} {
		if !utf8.ValidString(f.s) {
			return fmt.Errorf("%s is not valid UTF-8", f.what)
		}
		if strings.IndexFunc(f.s, unicode.IsControl) >= 0 {
			return fmt.Errorf("%s holds a control character", f.what)
		}
		if strings.TrimSpace(f.s) != f.s || strings.Contains(f.s, "  ") {
			return fmt.Errorf("%s %q has a space at an end or two in a row", f.what, f.s)
		}
	}
	if n.Full == "" || n.Given == "" || n.Culture == "" {
		return fmt.Errorf("Full, Given or Culture is empty")
	}
	if !strings.Contains(n.Full, n.Given) && !containsWords(n.Full, n.Given) {
		return fmt.Errorf("Given %q is not in Full %q", n.Given, n.Full)
	}
	if !strings.Contains(n.Full, n.Family) && !containsWords(n.Full, n.Family) {
		return fmt.Errorf("Family %q is not in Full %q", n.Family, n.Full)
	}
	if n.Family == "" && n.Given != n.Full || n.Family != "" && len(n.Given)+1+len(n.Family) != len(n.Full) {
		return fmt.Errorf("Given %q and Family %q do not make up Full %q", n.Given, n.Family, n.Full)
	}
	return nil
}

// containsWords reports whether every word of part is a word of full: Given is split around the family name
// in forms such as "Jose R. Santos".
func containsWords(full, part string) bool {
	words := strings.Fields(full)
	for _, w := range strings.Fields(part) {
		if !slices.Contains(words, w) {
			return false
		}
	}
	return true
}

// TestDeterministic builds the names twice from scratch: nothing may depend on map order or the clock. It
// also checks that All hands out a copy.
func TestDeterministic(t *testing.T) {
	a, err := build(dataFS, PerCulture)
	if err != nil {
		t.Fatal(err)
	}
	b, err := build(dataFS, PerCulture)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a, b) {
		t.Fatal("two builds differ")
	}
	if !slices.Equal(a, All()) {
		t.Fatal("All differs from a fresh build")
	}
	c := All()
	c[0].Full = "changed"
	if All()[0].Full == "changed" {
		t.Fatal("All returns its cache, not a copy")
	}
}

// TestStable pins a few names, so that a change in how names are drawn (a new Go release's math/rand/v2, a
// changed seed) shows up as a failing test and not as silently different evaluation results.
func TestStable(t *testing.T) {
	first := map[string]Name{}
	for _, n := range All() {
		if _, ok := first[n.Culture]; !ok {
			first[n.Culture] = n
		}
	}
	for _, want := range []Name{
		{"english", "Aaron", "Miller", "Aaron Miller"},
		{"korean", "Ah-reum", "Kim", "Ah-reum Kim"},
		{"spanish", "Adriana", "Navarro", "Adriana Navarro"},
	} {
		if got := first[want.Culture]; got != want {
			t.Errorf("first %s name = %+v, want %+v", want.Culture, got, want)
		}
	}
}

// TestCultureShapes checks that the cultures the brief singles out are written the ways their people write
// them: Korean given names hyphenated and joined, older Korean surname spellings, family-first orders, Spanish
// and Portuguese double surnames, Vietnamese without tone marks.
func TestCultureShapes(t *testing.T) {
	byCulture := map[string][]Name{}
	for _, n := range All() {
		byCulture[n.Culture] = append(byCulture[n.Culture], n)
	}
	familyFirst := func(n Name) bool { return n.Family != "" && strings.HasPrefix(n.Full, n.Family+" ") }
	for _, tc := range []struct {
		culture, what string
		ok            func(Name) bool
	}{
		{"korean", "a hyphenated given name", func(n Name) bool { return strings.Contains(n.Given, "-") }},
		{"korean", "a joined two-syllable given name", func(n Name) bool {
			return !strings.ContainsAny(n.Given, "- ") && len(n.Given) > 4
		}},
		{"korean", "a spaced given name", func(n Name) bool { return strings.Contains(n.Given, " ") }},
		{"korean", "the family name first", familyFirst},
		{"korean", "Min-jun or Minjun", func(n Name) bool { return n.Given == "Min-jun" || n.Given == "Minjun" }},
		{"korean", "Seo-yeon or Seoyeon", func(n Name) bool { return n.Given == "Seo-yeon" || n.Given == "Seoyeon" }},
		{"chinese", "the family name first", familyFirst},
		{"chinese", "a joined two-syllable given name", func(n Name) bool {
			return !strings.ContainsAny(n.Given, "- ") && len(n.Given) >= 5
		}},
		{"japanese", "the family name first", familyFirst},
		{"hungarian", "the family name first", familyFirst},
		{"vietnamese", "the family name first", familyFirst},
		{"vietnamese", "no tone marks", func(n Name) bool { return n.Full == fold(n.Full) }},
		{"vietnamese", "tone marks", func(n Name) bool { return n.Full != fold(n.Full) }},
		{"spanish", "two surnames", func(n Name) bool { return len(strings.Fields(n.Family)) == 2 }},
		{"spanish", "one surname", func(n Name) bool { return len(strings.Fields(n.Family)) == 1 }},
		{"portuguese", "a surname particle", func(n Name) bool {
			return slices.ContainsFunc(strings.Fields(n.Family), func(w string) bool {
				return slices.Contains([]string{"da", "de", "do", "das", "dos"}, w)
			})
		}},
		{"portuguese", "two given names and two surnames", func(n Name) bool {
			return len(strings.Fields(n.Given)) >= 2 && len(strings.Fields(n.Family)) >= 2
		}},
		{"polish", "a woman's surname form", func(n Name) bool { return strings.HasSuffix(n.Family, "ska") }},
		{"russian", "a woman's surname form", func(n Name) bool { return strings.HasSuffix(n.Family, "ova") }},
		{"indian-tamil", "an initial", func(n Name) bool { return strings.Contains(n.Full, ".") }},
		{"filipino", "a middle initial", func(n Name) bool { return strings.Contains(n.Given, ".") }},
		{"german", "a name spelt without umlauts", func(n Name) bool { return strings.Contains(n.Full, "ue") }},
		{"indonesian", "a single name", func(n Name) bool { return n.Family == "" }},
		{"arabic-gulf", "a father's name", func(n Name) bool { return len(strings.Fields(n.Given)) == 2 }},
	} {
		if !slices.ContainsFunc(byCulture[tc.culture], tc.ok) {
			t.Errorf("%s: no name has %s", tc.culture, tc.what)
		}
	}
	// Korean spellings: the common passport spellings of the ten largest surnames must all occur.
	for _, fam := range []string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"} {
		if !slices.ContainsFunc(byCulture["korean"], func(n Name) bool { return n.Family == fam }) {
			t.Errorf("korean: no name with family name %s", fam)
		}
	}
	// The weights must show: Kim is about a fifth of Koreans, Nguyễn about two fifths of Vietnamese.
	for _, tc := range []struct {
		culture, family string
		min, max        float64
	}{
		{"korean", "Kim", 0.15, 0.30},
		{"vietnamese", "Nguyen", 0.25, 0.50},
		{"chinese", "Wang", 0.04, 0.12},
	} {
		k := 0
		for _, n := range byCulture[tc.culture] {
			if fold(n.Family) == tc.family {
				k++
			}
		}
		if share := float64(k) / PerCulture; share < tc.min || share > tc.max {
			t.Errorf("%s: %s is %.2f of the names, want %.2f to %.2f", tc.culture, tc.family, share, tc.min, tc.max)
		}
	}
}

// TestDataSize keeps the embedded data small and every file's header honest about where the names come from.
func TestDataSize(t *testing.T) {
	files, err := fs.Glob(dataFS, "data/*.tsv")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, f := range files {
		data, err := fs.ReadFile(dataFS, f)
		if err != nil {
			t.Fatal(err)
		}
		total += len(data)
		var comments []string
		for line := range strings.Lines(string(data)) {
			if c, ok := strings.CutPrefix(line, "#"); ok {
				comments = append(comments, strings.TrimSpace(c))
			}
		}
		head := strings.Join(comments, " ")
		if !strings.Contains(head, "Hand-written for") || !strings.Contains(head, "not copied") {
			t.Errorf("%s: the header must say that the lists were hand-written and not copied", f)
		}
		if !strings.Contains(head, "published by") {
			t.Errorf("%s: the header must name the kind of source such frequencies come from", f)
		}
	}
	if total > 300<<10 {
		t.Errorf("embedded data is %d bytes, more than 300 KiB", total)
	}
}

const minimal = "form\t{given} {family}\ngiven\tm\tJan\ngiven\tf\tAnna\nfamily\tNowak\n"

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, data, want string }{
		{"UnknownEntry", minimal + "surname\tKowalski\n", "x.tsv:5: unknown entry \"surname\""},
		{"BadSex", minimal + "given\tx\tPiotr\n", "x.tsv:5: sex \"x\""},
		{"GivenFields", minimal + "given\tm\n", "x.tsv:5: a given name has a sex and a name"},
		{"EmptyName", minimal + "given\tm\t\n", "x.tsv:5: given name \"\": empty"},
		{"Digit", minimal + "given\tm\tJan2\n", "x.tsv:5: given name \"Jan2\": character U+0032"},
		{"LeadingSpace", minimal + "family\t Kowal\n", "a space not after a letter"},
		{"DoubleSpace", minimal + "family\tde  Vries\n", "a space not after a letter"},
		{"TrailingHyphen", minimal + "given\tf\tAnne-\n", "ends with '-'"},
		{"DotInside", minimal + "given\tm\tMd.Ali\n", "a full stop not followed by a space"},
		{"LongName", minimal + "family\t" + strings.Repeat("a", 65) + "\n", "65 characters, more than 64"},
		{"Duplicate", minimal + "family\tNowak\n", "x.tsv:5: family name \"Nowak\" repeats line 4"},
		{"DuplicateGivenOtherSex", minimal + "given\tf\tJan\n", "given name \"Jan\" repeats line 2"},
		{"ControlChar", minimal + "family\tNo\x07wak\n", "x.tsv:5: control character U+0007"},
		{"InvalidUTF8", minimal + "family\tNo\xffwak\n", "x.tsv:5: not valid UTF-8"},
		{"UnknownSlot", "form\t{given} {surname}\n" + minimal[len("form\t{given} {family}\n"):], "unknown slot \"surname\""},
		{"UnknownModifier", "form\t{given:upper} {family}\n", "unknown modifier \"upper\""},
		{"NoGiven", "form\t{family}\n", "no {given}"},
		{"SlotTwice", "form\t{given} {family} {family}\n", "slot \"family\" appears twice"},
		{"Family2Alone", "form\t{given} {family2}\n", "{family2} without {family}"},
		{"Literal", "form\t{given} bin {family}\n", "\"bin\" is not a placeholder"},
		{"DoubleSpaceTemplate", "form\t{given}  {family}\n", "\"\" is not a placeholder"},
		{"BadWeight", "form\t{given} {family}\tw=0\n", "weight \"0\""},
		{"WeightNotNumber", minimal + "family\tKowal\tw=x\n", "weight \"x\""},
		{"UnknownAttr", minimal + "family\tKowal\tgender=m\n", "unknown attribute \"gender\""},
		{"AttrTwice", minimal + "family\tKowal\tw=1\tw=2\n", "each at most once"},
		{"FemAndSex", minimal + "family\tKowalski\tfem=Kowalska\tsex=m\n", "feminine form on a name borne by one sex"},
		{"MixedWeights", minimal + "family\tKowal\tw=3\n", "1 of 2 family names carry a weight"},
		{"LongLine", minimal + "family\t" + strings.Repeat("a", maxLineBytes) + "\n", "x.tsv:5: bufio.Scanner: token too long"},
		{"NoForm", "given\tm\tJan\ngiven\tf\tAnna\nfamily\tNowak\n", "x.tsv: no form"},
		{"NoWomen", "form\t{given} {family}\ngiven\tm\tJan\nfamily\tNowak\n", "needs a given name for women"},
		{"TooFewFamilies", "form\t{given} {family} {family2}\ngiven\tu\tAlex\nfamily\tNowak\n", "needs 2 family names"},
		{"OneFather", "form\t{given} {father} {family}\ngiven\tm\tAli\ngiven\tf\tHuda\nfamily\tSaleh\n", "{father} needs two one-word given names"},
		{"Given2OneWord", "form\t{given} {given2} {family}\ngiven\tu\tAna María\ngiven\tu\tJosé\nfamily\tRuiz\n",
			"{given2} needs two one-word given names for men, the file has 1"},
		{"BadFileName", "", "x_y.tsv: the file name must be"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := "data/x.tsv"
			if tc.name == "BadFileName" {
				file = "data/x_y.tsv"
			}
			_, err := parse(file, []byte(tc.data))
			if err == nil {
				t.Fatalf("no error, want one containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestParseReportsEveryError(t *testing.T) {
	_, err := parse("data/x.tsv", []byte(minimal+"given\tx\tA\nfamily\t\nbogus\n"))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"x.tsv:5:", "x.tsv:6:", "x.tsv:7:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func TestGenerate(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		data := "# comment\n\nform\t{given} {family}\tw=3\nform\t{family:initial} {given:joined}\n" +
			"given\tm\tMin-jun\ngiven\tm\tJan\ngiven\tf\tSeo-yeon\ngiven\tu\tAlex\n" +
			"family\tKowalski\tfem=Kowalska\tw=5\nfamily\tBegum\tsex=f\tw=1\nfamily\tUddin\tsex=m\tw=1\n"
		c, err := parse("data/test.tsv", []byte(data))
		if err != nil {
			t.Fatal(err)
		}
		names, err := c.generate(12)
		if err != nil {
			t.Fatal(err)
		}
		if len(names) != 12 {
			t.Fatalf("%d names, want 12", len(names))
		}
		for _, n := range names {
			if err := checkGenerated(n); err != nil {
				t.Errorf("%+v: %v", n, err)
			}
			women := []string{"Seo-yeon", "Seoyeon"}
			isWoman := slices.Contains(women, n.Given)
			switch {
			case isWoman && (n.Family == "Kowalski" || n.Family == "Uddin" || n.Family == "U."):
				t.Errorf("%q: a woman with a man's surname", n.Full)
			case !isWoman && n.Given != "Alex" && (n.Family == "Kowalska" || n.Family == "Begum" || n.Family == "B."):
				t.Errorf("%q: a man with a woman's surname", n.Full)
			}
		}
	})
	t.Run("TooFewCombinations", func(t *testing.T) {
		c, err := parse("data/small.tsv", []byte(minimal))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.generate(3); err == nil || !strings.Contains(err.Error(), "only 2 distinct names") {
			t.Fatalf("error %v, want one saying only 2 distinct names", err)
		}
	})
	t.Run("Build", func(t *testing.T) {
		fsys := fstest.MapFS{
			"data/b.tsv": {Data: []byte(minimal + "given\tm\tPiotr\n")},
			"data/a.tsv": {Data: []byte(minimal + "given\tf\tEwa\n")},
		}
		names, err := build(fsys, 2)
		if err != nil {
			t.Fatal(err)
		}
		got := []string{}
		for _, n := range names {
			got = append(got, n.Culture+":"+n.Full)
		}
		if len(got) != 4 || got[0][:2] != "a:" || got[2][:2] != "b:" || !slices.IsSorted(got) {
			t.Fatalf("names %v: want two of a, then two of b, sorted", got)
		}
	})
	t.Run("BuildError", func(t *testing.T) {
		_, err := build(fstest.MapFS{"data/a.tsv": {Data: []byte("bogus\n")}}, 2)
		if err == nil || !strings.Contains(err.Error(), "data/a.tsv:1:") {
			t.Fatalf("error %v, want one naming data/a.tsv:1", err)
		}
	})
}

func TestModifiers(t *testing.T) {
	for _, tc := range []struct {
		in   string
		mods []modifier
		want string
	}{
		{"Min-jun", []modifier{modJoined}, "Minjun"},
		{"Min-jun", []modifier{modSpaced}, "Min Jun"},
		{"Jean-Pierre", []modifier{modSpaced}, "Jean Pierre"},
		{"Anna", []modifier{modJoined}, "Anna"},
		{"Nguyễn", []modifier{modASCII}, "Nguyen"},
		{"Đặng", []modifier{modASCII}, "Dang"},
		{"Łukasz Wiśniewski", []modifier{modASCII}, "Lukasz Wisniewski"},
		{"Yılmaz Şahin İbrahim", []modifier{modASCII}, "Yilmaz Sahin Ibrahim"},
		{"Ștefan Țurcanu", []modifier{modASCII}, "Stefan Turcanu"},
		{"Jørgensen Ærø Groß", []modifier{modASCII}, "Jorgensen Aero Gross"},
		{"Müller Weiß Böhm", []modifier{modUmlaut}, "Mueller Weiss Boehm"},
		{"Văn An", []modifier{modLast}, "An"},
		{"Văn An", []modifier{modLast, modASCII}, "An"},
		{"Anna", []modifier{modLast}, "Anna"},
		{"Ramasamy", []modifier{modInitial}, "R."},
		{"Ó Briain", []modifier{modInitial}, "Ó."},
		{"ó", []modifier{modInitial}, "Ó."},
	} {
		if got := apply(tc.in, tc.mods); got != tc.want {
			t.Errorf("apply(%q, %v) = %q, want %q", tc.in, tc.mods, got, tc.want)
		}
	}
}

func TestCheckName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"Anna", true}, {"de Vries", true}, {"O'Brien", true}, {"O’Brien", true}, {"Md. Rafiqul", true},
		{"Ma. Cristina", true}, {"Jean-Pierre", true}, {"Nguyễn", true}, {"Asma'u", true},
		{"Ana\u0301", true},  // decomposed accent
		{"\u0301Ana", false}, // mark first
		{"", false}, {" Anna", false}, {"Anna ", false}, {"de  Vries", false}, {"Anna-", false}, {"-Anna", false},
		{"O''Brien", false}, {"Md.", true}, {"Md.Ali", false}, {"A1", false}, {"Anna\tB", false}, {"Ann\u200bа", false},
		{"J.R.", false}, {"Anna--Maria", false}, {"Anna - Maria", false},
	} {
		if err := checkName(tc.name); (err == nil) != tc.ok {
			t.Errorf("checkName(%q) = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}

// FuzzParse feeds arbitrary data files to the parser and generator: neither may panic, and whatever they
// accept must come out as well-formed names.
func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte("form\t{family:initial} {given:joined:ascii} {middle:last}\tw=2\ngiven\tu\tMin-jun\ngiven\tu\tÓ-x\n" +
		"family\tKim\tw=3\nfamily\tLee\tw=1\nfamily\tPark\tw=1\n"))
	f.Add([]byte("form\t{given} {father} {family} {family2}\ngiven\tm\tAli\ngiven\tm\tOmar\ngiven\tf\tHuda\n" +
		"family\tSaleh\tfem=Saleha\nfamily\tBegum\tsex=f\nfamily\tUddin\tsex=m\nfamily\tKhan\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parse("data/fuzz.tsv", data)
		if err != nil {
			return
		}
		names, err := c.generate(20)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, n := range names {
			if err := checkGenerated(n); err != nil {
				t.Fatalf("%+v: %v", n, err)
			}
			if seen[personKey(n.Full)] {
				t.Fatalf("%q twice", n.Full)
			}
			seen[personKey(n.Full)] = true
		}
	})
}

// The Korean names built on the given name Min-jun, written as Korean applicants write it.
func ExampleAll() {
	for _, n := range All() {
		if n.Culture == "korean" && strings.ReplaceAll(n.Given, "-", "") == "Minjun" {
			fmt.Printf("%-14s given %-8s family %s\n", n.Full, n.Given, n.Family)
		}
	}
	// Output:
	// Hwang Min-jun  given Min-jun  family Hwang
	// Min-jun Cheon  given Min-jun  family Cheon
	// Minjun Choi    given Minjun   family Choi
	// Minjun Kim     given Minjun   family Kim
	// Minjun Lee     given Minjun   family Lee
	// Minjun Moon    given Minjun   family Moon
}
