// Package country reads country names as sanctions lists write them ("Korea, North", "Iran (Islamic Republic
// of)", "Region: Crimea", "Palestinian") and returns ISO 3166-1 alpha-2 codes, so that a nationality, an
// address or a document issuer from OFAC and from the UN compare equal to what a subject document says.
//
// The base table is the English region names of the Unicode CLDR (golang.org/x/text/language/display), so it
// follows the standard rather than a hand-kept list; what CLDR spells differently from the publishers is added
// as aliases below. Matching ignores case, diacritics, punctuation, spacing and a leading "The", and reads
// OFAC's inverted form "Korea, North" as "North Korea".
//
// Choices for names that are not plainly one country:
//   - "Region: Crimea" is UA (ISO 3166-2:UA-43; UN General Assembly resolution 68/262). OFAC names the region
//     because its Crimea sanctions programme differs from its Russia programmes; that distinction is kept in
//     the entry's programmes, not in its country.
//   - "West Bank", "Gaza", "Region: Gaza" and the adjective "Palestinian" are PS, which ISO 3166-1 assigns to
//     both territories.
//   - Disputed or supranational regions ("Region: Kafia Kingi", "Region: Jammu and Kashmir", "Region:
//     Commonwealth of Independent States") and states that no longer exist ("Netherlands Antilles", "former
//     Soviet Union", "Yugoslavia") are not resolved: ok is false, and callers keep the text.
//   - A bare "Korea" is ambiguous and not resolved; a bare "Congo" is the UN's short name for the Republic of
//     the Congo (CG) and resolves to it.
//   - CLDR's exceptionally reserved codes map to the ISO country they belong to: Ascension Island and Tristan
//     da Cunha to SH, Diego Garcia to IO, Clipperton Island to FR.
package country

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/vigil-sec/vigil"
)

// maxNameBytes bounds the input FromName looks at; no country name is near it.
const maxNameBytes = 200

// aliases are the spellings OFAC, the UN and other publishers use that CLDR's English names do not give.
var aliases = map[string]string{
	// OFAC
	"Burma":                             "MM",
	"Congo, Democratic Republic of the": "CD",
	"Congo, Republic of the":            "CG",
	"Cote d Ivoire":                     "CI",
	"Czech Republic":                    "CZ",
	"Cabo Verde":                        "CV",
	"Macau":                             "MO",
	"North Macedonia, The Republic of":  "MK",
	"West Bank":                         "PS",
	"Gaza":                              "PS",
	"Gaza Strip":                        "PS",
	"Micronesia, Federated States of":   "FM",
	"Saint Vincent and the Grenadines":  "VC",
	"Heard Island and McDonald Islands": "HM",
	"South Georgia and the South Sandwich Islands": "GS",
	"Svalbard":                       "SJ",
	"Virgin Islands, U.S.":           "VI",
	"Sint Maarten (Dutch part)":      "SX",
	"Saint Martin (French part)":     "MF",
	"Wallis and Futuna Islands":      "WF",
	"Eswatini":                       "SZ",
	"Kyrgyz Republic":                "KG",
	"Slovak Republic":                "SK",
	"Brunei Darussalam":              "BN",
	"East Timor":                     "TL",
	"Ivory Coast":                    "CI",
	"Holy See":                       "VA",
	"Vatican":                        "VA",
	"Palestine":                      "PS",
	"Palestinian Territory":          "PS",
	"Occupied Palestinian Territory": "PS",
	"Great Britain":                  "GB",
	"Britain":                        "GB",
	"USA":                            "US",
	"U.S.A.":                         "US",
	"UAE":                            "AE",
	"DPRK":                           "KP",
	"ROK":                            "KR",
	"DRC":                            "CD",
	"DR Congo":                       "CD",
	"North Macedonia":                "MK",
	"Republic of North Macedonia":    "MK",
	"Falkland Islands (Malvinas)":    "FK",
	"Reunion":                        "RE",
	"Turkiye":                        "TR",

	// UN (the names of the UN Terminology Database, as the consolidated list writes them)
	"Democratic People's Republic of Korea":                "KP",
	"Korea, Democratic People's Republic of":               "KP",
	"Republic of Korea":                                    "KR",
	"Korea, Republic of":                                   "KR",
	"Democratic Republic of the Congo":                     "CD",
	"Republic of the Congo":                                "CG",
	"Congo":                                                "CG",
	"Iran (Islamic Republic of)":                           "IR",
	"Islamic Republic of Iran":                             "IR",
	"Iran, Islamic Republic of":                            "IR",
	"Russian Federation":                                   "RU",
	"Syrian Arab Republic":                                 "SY",
	"United Republic of Tanzania":                          "TZ",
	"Tanzania, United Republic of":                         "TZ",
	"Bolivia (Plurinational State of)":                     "BO",
	"Plurinational State of Bolivia":                       "BO",
	"Venezuela (Bolivarian Republic of)":                   "VE",
	"Bolivarian Republic of Venezuela":                     "VE",
	"Micronesia (Federated States of)":                     "FM",
	"Viet Nam":                                             "VN",
	"Lao People's Democratic Republic":                     "LA",
	"State of Palestine":                                   "PS",
	"Türkiye":                                              "TR",
	"Republic of Moldova":                                  "MD",
	"Moldova, Republic of":                                 "MD",
	"United Kingdom of Great Britain and Northern Ireland": "GB",
	"United States of America":                             "US",
	"China, Hong Kong Special Administrative Region":       "HK",
	"Hong Kong, China":                                     "HK",
	"China, Macao Special Administrative Region":           "MO",
	"Macao":                  "MO",
	"Libyan Arab Jamahiriya": "LY",
	"Saint Helena, Ascension and Tristan da Cunha": "SH",
	"Netherlands (Kingdom of the)":                 "NL",
	"Kingdom of the Netherlands":                   "NL",
	"Côte d'Ivoire":                                "CI",
	"Curaçao":                                      "CW",
	"Sao Tome and Principe":                        "ST",
	"Timor Leste":                                  "TL",
	"Swaziland":                                    "SZ",
	"Taiwan, Province of China":                    "TW",
	"Taiwan Province of China":                     "TW",
}

// regions are the areas OFAC writes as "Region: …" that lie within one country; see the package comment.
var regions = map[string]string{
	"Crimea":          "UA",
	"Gaza":            "PS",
	"Gaza Strip":      "PS",
	"North Gaza":      "PS",
	"Northern Gaza":   "PS",
	"West Bank":       "PS",
	"Northern Mali":   "ML",
	"Donetsk":         "UA",
	"Luhansk":         "UA",
	"Kherson":         "UA",
	"Zaporizhzhia":    "UA",
	"Transnistria":    "MD",
	"Abkhazia":        "GE",
	"South Ossetia":   "GE",
	"Northern Cyprus": "CY",
}

// demonyms are nationality adjectives that name one country only; ambiguous ones (Korean, Congolese,
// Dominican, Guinean) are left out on purpose.
var demonyms = map[string]string{
	"Afghan": "AF", "Albanian": "AL", "Algerian": "DZ", "American": "US", "Angolan": "AO", "Argentine": "AR",
	"Argentinian": "AR", "Armenian": "AM", "Australian": "AU", "Austrian": "AT", "Azerbaijani": "AZ",
	"Bahraini": "BH", "Bangladeshi": "BD", "Belarusian": "BY", "Belgian": "BE", "Bolivian": "BO",
	"Bosnian": "BA", "Brazilian": "BR", "British": "GB", "Bulgarian": "BG", "Burmese": "MM", "Cambodian": "KH",
	"Cameroonian": "CM", "Canadian": "CA", "Chadian": "TD", "Chilean": "CL", "Chinese": "CN",
	"Colombian": "CO", "Croatian": "HR", "Cuban": "CU", "Cypriot": "CY", "Czech": "CZ", "Danish": "DK",
	"Dutch": "NL", "Ecuadorian": "EC", "Egyptian": "EG", "Emirati": "AE", "Eritrean": "ER", "Estonian": "EE",
	"Ethiopian": "ET", "Filipino": "PH", "Finnish": "FI", "French": "FR", "Georgian": "GE", "German": "DE",
	"Ghanaian": "GH", "Greek": "GR", "Guatemalan": "GT", "Haitian": "HT", "Honduran": "HN",
	"Hungarian": "HU", "Indian": "IN", "Indonesian": "ID", "Iranian": "IR", "Iraqi": "IQ", "Irish": "IE",
	"Israeli": "IL", "Italian": "IT", "Jamaican": "JM", "Japanese": "JP", "Jordanian": "JO",
	"Kazakh": "KZ", "Kazakhstani": "KZ", "Kenyan": "KE", "Kosovar": "XK", "Kuwaiti": "KW", "Kyrgyz": "KG",
	"Lao": "LA", "Laotian": "LA", "Latvian": "LV", "Lebanese": "LB", "Liberian": "LR", "Libyan": "LY",
	"Lithuanian": "LT", "Malaysian": "MY", "Maldivian": "MV", "Malian": "ML", "Maltese": "MT",
	"Mauritanian": "MR", "Mexican": "MX", "Moldovan": "MD", "Mongolian": "MN", "Montenegrin": "ME",
	"Moroccan": "MA", "Mozambican": "MZ", "Namibian": "NA", "Nepalese": "NP", "Nicaraguan": "NI",
	"Nigerian": "NG", "Nigerien": "NE", "North Korean": "KP", "Norwegian": "NO", "Omani": "OM",
	"Pakistani": "PK", "Palestinian": "PS", "Panamanian": "PA", "Paraguayan": "PY", "Peruvian": "PE",
	"Polish": "PL", "Portuguese": "PT", "Qatari": "QA", "Romanian": "RO", "Russian": "RU", "Rwandan": "RW",
	"Salvadoran": "SV", "Saudi": "SA", "Senegalese": "SN", "Serbian": "RS", "Singaporean": "SG",
	"Slovak": "SK", "Slovenian": "SI", "Somali": "SO", "South African": "ZA", "South Korean": "KR",
	"South Sudanese": "SS", "Spanish": "ES", "Sri Lankan": "LK", "Sudanese": "SD", "Swedish": "SE",
	"Swiss": "CH", "Syrian": "SY", "Taiwanese": "TW", "Tajik": "TJ", "Tanzanian": "TZ", "Thai": "TH",
	"Tunisian": "TN", "Turkish": "TR", "Turkmen": "TM", "Ugandan": "UG", "Ukrainian": "UA",
	"Uruguayan": "UY", "Uzbek": "UZ", "Venezuelan": "VE", "Vietnamese": "VN", "Yemeni": "YE",
	"Zambian": "ZM", "Zimbabwean": "ZW",
}

// reserved maps CLDR's exceptionally reserved region codes to the ISO 3166-1 country they are part of.
var reserved = map[string]string{"AC": "SH", "TA": "SH", "DG": "IO", "CP": "FR"}

var (
	tableOnce   sync.Once
	names       map[string]string // folded name → alpha-2
	regionNames map[string]string // folded region → alpha-2
)

func buildTables() {
	names = make(map[string]string, 600)
	namer := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || r.String() != code {
				continue
			}
			target := code
			if parent, ok := reserved[code]; ok {
				target = parent
			} else if cc, ok := vigil.CountryCode(code); !ok || cc != code {
				continue
			}
			addDisplayName(namer.Name(r), target)
		}
	}
	for name, code := range aliases {
		names[fold(name)] = code
	}
	for name, code := range demonyms {
		if _, taken := names[fold(name)]; !taken {
			names[fold(name)] = code
		}
	}
	regionNames = make(map[string]string, len(regions))
	for name, code := range regions {
		regionNames[fold(name)] = code
	}
}

// addDisplayName registers a CLDR name and the forms publishers write it in: "Myanmar (Burma)" also as
// "Myanmar", "Hong Kong SAR China" also as "Hong Kong".
func addDisplayName(name, code string) {
	if name == "" {
		return
	}
	names[fold(name)] = code
	if i := strings.Index(name, " ("); i > 0 {
		names[fold(name[:i])] = code
	}
	if base, ok := strings.CutSuffix(name, " SAR China"); ok {
		names[fold(base)] = code
	}
}

// cache holds the answers FromName gave, so that a list with a country on each of its 25,000 address rows
// folds each distinct spelling once. Inputs are bounded by maxNameBytes and lists use a few hundred spellings;
// the cache stops growing at maxCached entries so that hostile input cannot grow it without bound.
var cache sync.Map // string → result

const maxCached = 10000

var cached atomic.Int64

type result struct {
	code string
	ok   bool
}

// FromName returns the ISO 3166-1 alpha-2 code of a country written as OFAC, the UN or most publishers write
// it: a name ("Viet Nam", "Korea, North", "Iran (Islamic Republic of)"), an OFAC region inside one country
// ("Region: Crimea"), a nationality adjective ("Palestinian") or an ISO alpha-2 or alpha-3 code. ok is false
// for anything else, including disputed regions and former states (see the package comment).
func FromName(name string) (alpha2 string, ok bool) {
	if len(name) > maxNameBytes {
		return "", false
	}
	if r, hit := cache.Load(name); hit {
		return r.(result).code, r.(result).ok
	}
	alpha2, ok = fromName(name)
	if cached.Load() < maxCached {
		if _, loaded := cache.LoadOrStore(name, result{alpha2, ok}); !loaded {
			cached.Add(1)
		}
	}
	return alpha2, ok
}

func fromName(name string) (alpha2 string, ok bool) {
	tableOnce.Do(buildTables)
	name = strings.TrimSpace(name)
	if name == "" || len(name) > maxNameBytes {
		return "", false
	}
	if rest, isRegion := cutRegionPrefix(name); isRegion {
		if code, ok := regionNames[fold(rest)]; ok {
			return code, true
		}
		// "Region: Russia", "Region: China": a whole country written as a region.
		code, ok := names[fold(rest)]
		return code, ok
	}
	if code, ok := names[fold(name)]; ok {
		return code, true
	}
	// OFAC inverts names around a comma: "Korea, North", "Man, Isle of", "Bahamas, The".
	if head, tail, found := strings.Cut(name, ","); found {
		if code, ok := names[fold(tail+" "+head)]; ok {
			return code, true
		}
	}
	if len(name) <= 3 && isASCIIUpper(name) {
		return vigil.CountryCode(name)
	}
	return "", false
}

func cutRegionPrefix(name string) (string, bool) {
	const prefix = "region:"
	if len(name) > len(prefix) && strings.EqualFold(name[:len(prefix)], prefix) {
		return strings.TrimSpace(name[len(prefix):]), true
	}
	return "", false
}

func isASCIIUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return len(s) > 0
}

var stripMarks = transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// fold reduces a name to its letters and digits in lower case without diacritics, with "&" read as "and",
// "St." as "Saint" and a leading "The" dropped, so that "St. Kitts & Nevis" and "Saint Kitts and Nevis",
// "Côte d’Ivoire" and "Cote d Ivoire" fold alike. Apostrophes join the letters around them.
func fold(s string) string {
	if t, _, err := transform.String(stripMarks, s); err == nil {
		s = t
	}
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
		}
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '’' || r == 'ʼ' || r == '`':
			// joins: "People's" → "peoples"
		case r == '&':
			flush()
			words = append(words, "and")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	for i, word := range words {
		if word == "st" {
			words[i] = "saint"
		}
	}
	return strings.Join(words, "")
}

// ICAO returns the ICAO 9303 issuer code of a country, the form Vigil's canonical document identifiers use:
// the ISO alpha-3 code except "D" for Germany and "RKS" for Kosovo.
func ICAO(alpha2 string) (string, bool) {
	code, ok := vigil.CountryCode(alpha2)
	if !ok || len(strings.TrimSpace(alpha2)) != 2 {
		return "", false
	}
	switch code {
	case "DE":
		return "D", true
	case "XK":
		return "RKS", true
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return "", false
	}
	iso3 := r.ISO3()
	if iso3 == "" || iso3 == "ZZZ" {
		return "", false
	}
	return iso3, true
}
