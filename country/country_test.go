package country_test

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil/country"
	"github.com/vigil-sec/vigil/internal/shareddata"
)

func TestFromName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // "" means not resolved
	}{
		// OFAC spellings
		{"OFACNorthKorea", "Korea, North", "KP"},
		{"OFACSouthKorea", "Korea, South", "KR"},
		{"Burma", "Burma", "MM"},
		{"OFACDRC", "Congo, Democratic Republic of the", "CD"},
		{"OFACRepublicOfCongo", "Congo, Republic of the", "CG"},
		{"Iran", "Iran", "IR"},
		{"Russia", "Russia", "RU"},
		{"Syria", "Syria", "SY"},
		{"Venezuela", "Venezuela", "VE"},
		{"WestBank", "West Bank", "PS"},
		{"Macau", "Macau", "MO"},
		{"HongKong", "Hong Kong", "HK"},
		{"Taiwan", "Taiwan", "TW"},
		{"RegionCrimea", "Region: Crimea", "UA"},
		{"RegionGaza", "Region: Gaza", "PS"},
		{"RegionWholeCountry", "Region: Russia", "RU"},
		{"RegionDisputed", "Region: Kafia Kingi", ""},
		{"RegionKashmir", "Region: Jammu and Kashmir", ""},
		{"RegionCIS", "Region: Commonwealth of Independent States", ""},
		{"CoteDIvoireWithoutApostrophe", "Cote d Ivoire", "CI"},
		{"BahamasInverted", "Bahamas, The", "BS"},
		{"GambiaWithArticle", "The Gambia", "GM"},
		{"IsleOfManInverted", "Man, Isle of", "IM"},
		{"BritishVirginIslandsInverted", "Virgin Islands, British", "VG"},
		{"NorthMacedoniaInverted", "North Macedonia, The Republic of", "MK"},
		{"SaintKitts", "Saint Kitts and Nevis", "KN"},
		{"SaintVincent", "Saint Vincent and the Grenadines", "VC"},
		{"CaboVerde", "Cabo Verde", "CV"},
		{"CzechRepublic", "Czech Republic", "CZ"},
		{"Palestinian", "Palestinian", "PS"},
		{"Kosovo", "Kosovo", "XK"},
		// UN spellings
		{"UNNorthKorea", "Democratic People's Republic of Korea", "KP"},
		{"UNNorthKoreaCurlyApostrophe", "Democratic People’s Republic of Korea", "KP"},
		{"UNIran", "Iran (Islamic Republic of)", "IR"},
		{"UNRussia", "Russian Federation", "RU"},
		{"UNSyria", "Syrian Arab Republic", "SY"},
		{"UNTanzania", "United Republic of Tanzania", "TZ"},
		{"UNBolivia", "Bolivia (Plurinational State of)", "BO"},
		{"UNVietNam", "Viet Nam", "VN"},
		{"UNLaos", "Lao People's Democratic Republic", "LA"},
		{"UNPalestine", "State of Palestine", "PS"},
		{"UNTurkiye", "Türkiye", "TR"},
		{"UNTurkiyeWithoutDiacritic", "Turkiye", "TR"},
		{"UNUK", "United Kingdom of Great Britain and Northern Ireland", "GB"},
		{"UNUSA", "United States of America", "US"},
		{"UNHongKong", "China, Hong Kong Special Administrative Region", "HK"},
		{"UNCongo", "Congo", "CG"},
		{"UNDRC", "Democratic Republic of the Congo", "CD"},
		// CLDR names and matching rules
		{"CLDRAmpersand", "Bosnia & Herzegovina", "BA"},
		{"CLDRSt", "St. Lucia", "LC"},
		{"CaseAndSpace", "  united   ARAB emirates ", "AE"},
		{"Diacritics", "São Tomé and Príncipe", "ST"},
		{"TrailingPeriod", "Korea, North.", "KP"},
		{"Alpha2Code", "KP", "KP"},
		{"Alpha3Code", "PRK", "KP"},
		{"Demonym", "North Korean", "KP"},
		// not countries
		{"BareKorea", "Korea", ""},
		{"FormerState", "Netherlands Antilles", ""},
		{"SovietUnion", "former Soviet Union", ""},
		{"Undetermined", "undetermined", ""},
		{"Empty", "", ""},
		{"OnlyPunctuation", " ,.; ", ""},
		{"Continent", "Europe", ""},
		{"LowerCaseCode", "kp", ""},
		{"TooLong", strings.Repeat("Korea, North ", 40), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := country.FromName(tt.in)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("FromName(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

func TestICAO(t *testing.T) {
	tests := []struct{ in, want string }{
		{"KP", "PRK"}, {"CN", "CHN"}, {"DE", "D"}, {"XK", "RKS"}, {"GB", "GBR"}, {"kp", "PRK"},
		{"PRK", ""}, {"ZZ", ""}, {"", ""}, {"EU", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := country.ICAO(tt.in)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("ICAO(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

// TestFromName_RealLists resolves every country the real OFAC and UN files write in an address, a nationality
// or citizenship remark, a place of birth or a document issuer. What does not resolve must be one of the
// known non-countries, so that a new spelling in a list update fails here instead of silently losing data.
func TestFromName_RealLists(t *testing.T) {
	seen := map[string]string{} // name → where
	add := func(name, where string) {
		name = strings.TrimSpace(name)
		if name == "" || name == "-0-" {
			return
		}
		if _, ok := seen[name]; !ok {
			seen[name] = where
		}
	}

	rows := readCSV(t, shareddata.Path(t, "lists", "ofac-add-2026-06.csv"), 6)
	for _, r := range rows {
		add(r[4], "ofac add.csv country")
	}
	for _, r := range readCSV(t, shareddata.Path(t, "lists", "ofac-sdn-2024-05-03.csv"), 12) {
		for _, item := range strings.Split(r[11], ";") {
			item = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(item), "alt. "), ".")
			for _, label := range []string{"nationality ", "citizen "} {
				if v, ok := strings.CutPrefix(item, label); ok {
					add(strings.TrimPrefix(v, "possibly "), "ofac sdn.csv remarks "+strings.TrimSpace(label))
				}
			}
		}
	}
	un, err := os.ReadFile(shareddata.Path(t, "lists", "un-consolidated-2026-02-27.xml"))
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(un))
	var stack []string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tok.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) < 2 {
				continue
			}
			el, parent := stack[len(stack)-1], stack[len(stack)-2]
			switch {
			case el == "VALUE" && parent == "NATIONALITY",
				el == "COUNTRY", el == "ISSUING_COUNTRY", el == "COUNTRY_OF_ISSUE", el == "COUNTRY_OF_BIRTH":
				add(string(tok), "un "+parent+"/"+el)
			}
		}
	}
	if len(seen) < 200 {
		t.Fatalf("found only %d distinct country names in the real lists; the extraction is broken", len(seen))
	}

	// Not countries, or no longer countries: see the package comment.
	nonCountries := []string{
		"Netherlands Antilles",
		"Region: Commonwealth of Independent States",
		"Region: Jammu and Kashmir",
		"Region: Kafia Kingi",
		"former Soviet Union",
		"na",
		"undetermined",
	}
	var unresolved []string
	for name, where := range seen {
		if _, ok := country.FromName(name); !ok {
			t.Logf("unresolved: %q (%s)", name, where)
			unresolved = append(unresolved, name)
		}
	}
	sort.Strings(unresolved)
	if diff := cmp.Diff(nonCountries, unresolved); diff != "" {
		t.Errorf("unresolved country names differ from the known non-countries (-want +got):\n%s", diff)
	}
}

func readCSV(t *testing.T, path string, fields int) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimRight(data, "\x1a")))
	r.FieldsPerRecord = fields
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func ExampleFromName() {
	for _, name := range []string{"Korea, North", "Democratic People's Republic of Korea", "Region: Crimea", "Türkiye", "Korea"} {
		code, ok := country.FromName(name)
		fmt.Printf("%s: %q %v\n", name, code, ok)
	}
	// Output:
	// Korea, North: "KP" true
	// Democratic People's Republic of Korea: "KP" true
	// Region: Crimea: "UA" true
	// Türkiye: "TR" true
	// Korea: "" false
}
