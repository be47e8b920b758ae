package vigil

import (
	"strings"

	"golang.org/x/text/language"
)

// CountryCode returns the ISO 3166-1 alpha-2 code for an alpha-2 or alpha-3 country code in any case, and false
// for anything that is not a current country (regions, private-use and unknown codes, and the codes of states
// that no longer exist: Yugoslavia, Serbia and Montenegro, the Soviet Union, East Germany, the Netherlands
// Antilles, the Neutral Zone). A renamed country's old code gives its current one (BU is MM). Kosovo's
// user-assigned XK is accepted because governments and sanctions lists use it.
func CountryCode(code string) (string, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) != 2 && len(code) != 3 {
		return "", false
	}
	for i := 0; i < len(code); i++ {
		if code[i] < 'A' || code[i] > 'Z' {
			return "", false
		}
	}
	if code == "XK" || code == "XKX" || code == "RKS" {
		return "XK", true
	}
	if dissolvedStates[code] {
		return "", false
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return "", false
	}
	r = r.Canonicalize()
	if !r.IsCountry() || r.ISO3() == "ZZZ" {
		return "", false
	}
	return r.String(), true
}

// dissolvedStates are withdrawn ISO 3166-1 codes of states that split or merged: no single current country
// stands for them, so a document or nationality under one names no country Vigil can compare.
var dissolvedStates = map[string]bool{
	"YU": true, "YUG": true, "CS": true, "SCG": true, "SU": true, "SUN": true, "DD": true, "DDR": true,
	"AN": true, "ANT": true, "NT": true, "NTZ": true,
}

// DPRK is the ISO 3166-1 alpha-2 code of the Democratic People's Republic of Korea; documents it issues are a
// sanctions link whatever the holder's stated nationality.
const DPRK = "KP"

// icaoSpecialIssuers are the ICAO Doc 9303 Part 3 issuer codes that are not ISO 3166-1 alpha-3 codes. A value of
// "" marks an issuer that is a valid document issuer but no country (UN, EU, stateless and refugee documents).
var icaoSpecialIssuers = map[string]string{
	"D":   "DE", // Germany
	"GBD": "GB", // British Overseas Territories citizen
	"GBN": "GB", // British National (Overseas)
	"GBO": "GB", // British Overseas citizen
	"GBP": "GB", // British protected person
	"GBS": "GB", // British subject
	"RKS": "XK", // Kosovo
	"EUE": "",   // European Union laissez-passer
	"UNO": "",   // United Nations Organization official
	"UNA": "",   // United Nations specialized agency official
	"UNK": "",   // UN interim administration in Kosovo
	"XBA": "",   // African Development Bank
	"XIM": "",   // African Export-Import Bank
	"XCC": "",   // Caribbean Community
	"XCE": "",   // Council of Europe
	"XCO": "",   // Common Market for Eastern and Southern Africa
	"XEC": "",   // Economic Community of West African States
	"XES": "",   // Organization of Eastern Caribbean States
	"XMP": "",   // Interpol
	"XOM": "",   // Sovereign Military Order of Malta
	"XPO": "",   // Interpol
	"XDC": "",   // Southern African Development Community
	"XXA": "",   // stateless person
	"XXB": "",   // refugee (1951 Convention)
	"XXC": "",   // refugee (other)
	"XXX": "",   // unspecified nationality
}

// IssuerCountry resolves an ICAO 9303 document issuer code ("POL", "D", "GBD", "UNO") to the ISO 3166-1
// alpha-2 code of the issuing country. known reports whether code is a valid issuer at all; country is "" for
// issuers that are organisations or for stateless and refugee documents. ISO alpha-2 codes are not ICAO issuer
// codes and are rejected, except that "D" is Germany.
func IssuerCountry(code string) (country string, known bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if c, ok := icaoSpecialIssuers[code]; ok {
		return c, true
	}
	if len(code) != 3 {
		return "", false
	}
	c, ok := CountryCode(code)
	return c, ok
}
