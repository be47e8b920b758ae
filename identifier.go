package vigil

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jacoelho/banking/bic"
	"github.com/jacoelho/banking/iban"
	"github.com/nyaruka/phonenumbers"
	"golang.org/x/net/idna"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// IdentifierKind names a kind of identifier that can be compared across subjects and against indicators.
type IdentifierKind string

// Identifier kinds. Values are canonical (see the Canonical… functions), so equal strings mean the same thing.
const (
	IdentPhone    IdentifierKind = "phone"    // E.164
	IdentEmail    IdentifierKind = "email"    // lower case, provider aliases removed
	IdentIBAN     IdentifierKind = "iban"     // upper case, no spaces
	IdentWallet   IdentifierKind = "wallet"   // hex lower-cased, bech32 lower-cased, base58 as written
	IdentDocument IdentifierKind = "document" // ISSUER:NUMBER, upper case; issuer may be empty
	IdentAddress  IdentifierKind = "address"  // COUNTRY|POSTCODE|line|city, folded
	IdentDevice   IdentifierKind = "device"   // device serial, upper case
	IdentWebsite  IdentifierKind = "website"  // host and path, lower-cased host
)

// Identifier is a canonical identifier value, and where it came from.
type Identifier struct {
	Kind  IdentifierKind `json:"kind"`
	Value string         `json:"value"`
	// Field is where the subject holds it ("phones[0]"), or what the list remark said ("Passport"); not part of
	// the identity of the identifier.
	Field string `json:"field,omitempty"`
	// Use is an address's use (home, shipping …); empty for other kinds.
	Use string `json:"use,omitempty"`
}

// CanonicalPhone returns the E.164 form of a phone number. A number without a leading + or international prefix
// is read as a national number of defaultRegion (ISO alpha-2); with no region it is read as international
// digits. It fails for anything that is not a possible number, and for numbers whose E.164 form would read
// back as another number (runs of zeros after some country codes), so that equal forms mean one number.
func CanonicalPhone(raw, defaultRegion string) (string, error) {
	num, err := ParsePhone(raw, defaultRegion)
	if err != nil {
		return "", err
	}
	e164 := phonenumbers.Format(num, phonenumbers.E164)
	again, err := phonenumbers.Parse(e164, "")
	if err != nil || phonenumbers.Format(again, phonenumbers.E164) != e164 {
		return "", fmt.Errorf("%s is not a phone number that can be written in one international form", Quote(raw))
	}
	return e164, nil
}

// ParsePhone parses a phone number as CanonicalPhone does, for checks that need its region and line type.
func ParsePhone(raw, defaultRegion string) (*phonenumbers.PhoneNumber, error) {
	s := strings.TrimSpace(raw)
	if s == "" || len(s) > 40 {
		return nil, fmt.Errorf("%s is not a phone number", Quote(raw))
	}
	// Digits and the punctuation people write, and an extension; no letters: the parser would read a vanity
	// number's letters as digits, and an adversary's text as a number.
	if i := strings.IndexFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= '0' && r <= '9' || strings.ContainsRune("+ ()-./", r) || r == 'x' || r == 'e' || r == 't')
	}); i >= 0 {
		return nil, fmt.Errorf("%s is not a phone number: it has %s", Quote(raw), quoteRune([]rune(s[i:])[0]))
	}
	region := strings.ToUpper(defaultRegion)
	if region == "" && !strings.HasPrefix(s, "+") && !strings.HasPrefix(s, "00") {
		s = "+" + s
	}
	num, err := phonenumbers.Parse(s, region)
	if err != nil {
		return nil, fmt.Errorf("%s is not a phone number: %v", Quote(raw), err)
	}
	return num, nil
}

// providerRules describes mailbox providers whose addresses have aliases that reach the same mailbox.
type providerRule struct {
	canonicalDomain string
	ignoreDots      bool
	tag             byte // sub-address separator, 0 for none
}

var emailProviders = map[string]providerRule{
	"gmail.com":      {"gmail.com", true, '+'},
	"googlemail.com": {"gmail.com", true, '+'},
	"outlook.com":    {"outlook.com", false, '+'},
	"hotmail.com":    {"hotmail.com", false, '+'},
	"live.com":       {"live.com", false, '+'},
	"icloud.com":     {"icloud.com", false, '+'},
	"me.com":         {"icloud.com", false, '+'},
	"mac.com":        {"icloud.com", false, '+'},
	"fastmail.com":   {"fastmail.com", false, '+'},
	"proton.me":      {"proton.me", false, '+'},
	"protonmail.com": {"proton.me", false, '+'},
	"protonmail.ch":  {"proton.me", false, '+'},
	"pm.me":          {"proton.me", false, '+'},
	"yandex.ru":      {"yandex.ru", false, '+'},
	"yandex.com":     {"yandex.ru", false, '+'},
	"ya.ru":          {"yandex.ru", false, '+'},
	"gmx.de":         {"gmx.de", false, 0},
	"yahoo.com":      {"yahoo.com", false, 0},
	"qq.com":         {"qq.com", false, 0},
}

// CanonicalEmail lower-cases an address, converts an internationalised domain to its ASCII form and removes the
// aliases that well-known providers deliver to the same mailbox (Gmail dots and googlemail.com, plus-tags at
// Gmail, Outlook, iCloud, Fastmail, Proton, Yandex), so that two spellings of one mailbox compare equal.
func CanonicalEmail(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("%s is not valid UTF-8", Quote(raw))
	}
	if len(s) > 254 {
		return "", fmt.Errorf("%s is longer than the 254 characters an email address may have", Quote(raw))
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return "", fmt.Errorf("%s is not an email address (local@domain)", Quote(raw))
	}
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 {
		return "", fmt.Errorf("%s has a local part longer than 64 characters", Quote(raw))
	}
	for i, r := range local {
		if r <= ' ' || r == 0x7f || strings.ContainsRune("\"(),:;<>@[\\]", r) || unicode.IsControl(r) || isBidiControl(r) {
			return "", fmt.Errorf("%s has %s at character %d, which an email address may not contain", Quote(raw), quoteRune(r), i+1)
		}
	}
	ascii, err := idna.Lookup.ToASCII(strings.TrimSuffix(domain, "."))
	if err != nil || !strings.Contains(ascii, ".") {
		return "", fmt.Errorf("%s does not have a valid domain", Quote(raw))
	}
	domain = strings.ToLower(ascii)
	local = strings.ToLower(local)
	if rule, ok := emailProviders[domain]; ok {
		domain = rule.canonicalDomain
		if rule.tag != 0 {
			if i := strings.IndexByte(local, rule.tag); i >= 0 {
				local = local[:i]
			}
		}
		if rule.ignoreDots {
			local = strings.ReplaceAll(local, ".", "")
		}
		if local == "" {
			return "", fmt.Errorf("%s has an empty mailbox name", Quote(raw))
		}
	}
	return local + "@" + domain, nil
}

// EmailDomain returns the domain of a canonical address.
func EmailDomain(canonical string) string {
	return canonical[strings.LastIndexByte(canonical, '@')+1:]
}

// CanonicalIBAN returns an IBAN without spaces in upper case after checking its length and check digits.
func CanonicalIBAN(raw string) (string, error) {
	if len(raw) > 64 {
		return "", fmt.Errorf("%s is too long for an IBAN", Quote(raw))
	}
	s := strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(raw)))
	for i, r := range s {
		if !isASCIIAlnum(r) {
			return "", fmt.Errorf("%s has %s at character %d; an IBAN has only letters and digits", Quote(raw), quoteRune(r), i+1)
		}
	}
	if err := iban.Validate(s); err != nil {
		return "", fmt.Errorf("%s is not a valid IBAN (%v); check it for typing errors", Quote(raw), err)
	}
	return s, nil
}

// CanonicalBIC returns a BIC in upper case, 11 characters with the head-office branch "XXX" filled in.
func CanonicalBIC(raw string) (string, error) {
	s := strings.ToUpper(strings.TrimSpace(raw))
	b, err := bic.Parse(s)
	if err != nil {
		return "", fmt.Errorf("%s is not a valid BIC", Quote(raw))
	}
	out := b.String()
	if len(out) == 8 {
		out += bic.HeadOfficeBranchCode
	}
	return out, nil
}

// CanonicalDocumentNumber upper-cases a document number and removes spaces, dashes and dots, which issuers
// print but do not encode in the MRZ.
func CanonicalDocumentNumber(raw string) (string, error) {
	s := strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '.' || r == '/' {
			return -1
		}
		return r
	}, strings.TrimSpace(raw)))
	if s == "" || len(s) > 40 {
		return "", fmt.Errorf("%s is not a document number (1–40 letters and digits)", Quote(raw))
	}
	for i, r := range s {
		if !isASCIIAlnum(r) && r != '<' {
			return "", fmt.Errorf("%s has %s at character %d; a document number has only letters and digits", Quote(raw), quoteRune(r), i+1)
		}
	}
	return s, nil
}

// CanonicalDocument returns "ISSUER:NUMBER" with the issuer as an ICAO code ("" when unknown).
func CanonicalDocument(issuer, number string) (string, error) {
	n, err := CanonicalDocumentNumber(number)
	if err != nil {
		return "", err
	}
	return strings.ToUpper(strings.TrimSpace(issuer)) + ":" + n, nil
}

// DocumentNumber returns the number part of a canonical document identifier.
func DocumentNumber(canonical string) string {
	return canonical[strings.IndexByte(canonical, ':')+1:]
}

// CanonicalWallet returns a digital-currency address in a form where equal strings are the same address:
// hexadecimal (0x…) and bech32 (bc1…, ltc1…) addresses are case-insensitive and lower-cased; base58 and other
// case-sensitive encodings are kept as written.
func CanonicalWallet(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if len(s) < 20 || len(s) > 128 {
		return "", fmt.Errorf("%s is not a digital-currency address (20–128 characters)", Quote(raw))
	}
	for i, r := range s {
		if !isASCIIAlnum(r) {
			return "", fmt.Errorf("%s has %s at character %d; an address has only letters and digits", Quote(raw), quoteRune(r), i+1)
		}
	}
	lower := strings.ToLower(s)
	if strings.HasPrefix(lower, "0x") || isBech32(lower) {
		return lower, nil
	}
	return s, nil
}

func isBech32(lower string) bool {
	for _, hrp := range []string{"bc1", "tb1", "ltc1", "bnb1", "cosmos1", "addr1"} {
		if strings.HasPrefix(lower, hrp) {
			return true
		}
	}
	return false
}

// FoldText lower-cases, strips diacritics and collapses everything but letters and digits to single spaces, so
// that "Łukasz Żółw" and "lukasz zolw" are equal: for tests of exact equality (an address line, a city, one
// person's duplicate record). It deliberately knows nothing of scripts or cultures: transliteration and fuzzy
// similarity of names are match/'s business, which only the watch-list name check uses.
func FoldText(s string) string {
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, s)
	if err != nil {
		folded = s
	}
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(folded) {
		switch r {
		case 'ß':
			b.WriteString("ss")
			space = false
			continue
		case 'ł':
			r = 'l'
		case 'ø':
			r = 'o'
		case 'đ':
			r = 'd'
		case 'æ':
			b.WriteString("ae")
			space = false
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}

// streetAbbreviations spell out the abbreviations people use for the same street, so that "1200 Example Ave.,
// Apt. 4" and "1200 Example Avenue Apt 4" compare equal. Only the form matters (both sides map alike), so a word
// that is sometimes not an abbreviation ("St" for Saint) does no harm.
var streetAbbreviations = map[string]string{
	"ave": "avenue", "av": "avenue", "st": "street", "rd": "road", "blvd": "boulevard", "bd": "boulevard",
	"dr": "drive", "ln": "lane", "ct": "court", "pl": "place", "sq": "square", "hwy": "highway", "pkwy": "parkway",
	"apt": "apartment", "appt": "apartment", "ste": "suite", "fl": "floor", "str": "strasse", "ul": "ulica",
}

// normalizeStreet spells out abbreviations token by token, and German "…str" as "…strasse".
func normalizeStreet(folded string) string {
	tokens := strings.Fields(folded)
	for i, t := range tokens {
		if full, ok := streetAbbreviations[t]; ok {
			tokens[i] = full
		} else if len(t) > 4 && strings.HasSuffix(t, "str") {
			tokens[i] = t + "asse"
		}
	}
	return strings.Join(tokens, " ")
}

// CanonicalAddress returns "COUNTRY|POSTCODE|line|city" with the line and city folded and street abbreviations
// spelled out, or an error when the address has too little to identify a place (a line and a city or postcode
// are needed).
func CanonicalAddress(a Address) (string, error) {
	line, city := normalizeStreet(FoldText(a.Line)), FoldText(a.City)
	post := strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, a.Postcode))
	if line == "" || (city == "" && post == "") {
		return "", errors.New("an address needs a line and a city or postcode to be compared")
	}
	country, _ := CountryCode(a.Country)
	return country + "|" + post + "|" + line + "|" + city, nil
}

// Identifiers returns the subject's identifiers in canonical form, skipping those that cannot be made canonical
// (an impossible phone number is a finding of the phone check, not an identifier). Phones are read in the
// subject's residence country when they have no international prefix. All addresses are included, whatever
// their use, so that one person's shipping address is found at another's home; checks read Field for the use.
func (s *Subject) Identifiers() []Identifier {
	var ids []Identifier
	region := ""
	if s.Residence != nil {
		region, _ = CountryCode(s.Residence.Country)
	}
	for i, p := range s.Phones {
		if v, err := CanonicalPhone(p, region); err == nil {
			ids = append(ids, Identifier{Kind: IdentPhone, Value: v, Field: fmt.Sprintf("phones[%d]", i)})
		}
	}
	for i, e := range s.Emails {
		if v, err := CanonicalEmail(e); err == nil {
			ids = append(ids, Identifier{Kind: IdentEmail, Value: v, Field: fmt.Sprintf("emails[%d]", i)})
		}
	}
	for i, b := range s.BankAccounts {
		if v, err := CanonicalIBAN(b.IBAN); err == nil {
			ids = append(ids, Identifier{Kind: IdentIBAN, Value: v, Field: fmt.Sprintf("bank_accounts[%d].iban", i)})
		}
	}
	for i, w := range s.Wallets {
		if v, err := CanonicalWallet(w.Address); err == nil {
			ids = append(ids, Identifier{Kind: IdentWallet, Value: v, Field: fmt.Sprintf("wallets[%d].address", i)})
		}
	}
	for i, d := range s.Documents {
		if v, err := CanonicalDocument(d.Issuer, d.Number); err == nil {
			ids = append(ids, Identifier{Kind: IdentDocument, Value: v, Field: fmt.Sprintf("documents[%d].number", i)})
		}
	}
	for i, a := range s.Addresses {
		if v, err := CanonicalAddress(a); err == nil {
			use := a.Use
			if use == "" {
				use = AddressHome
			}
			ids = append(ids, Identifier{Kind: IdentAddress, Value: v, Field: fmt.Sprintf("addresses[%d]", i), Use: use})
		}
	}
	for i, d := range s.Devices {
		if d.Serial == "" {
			continue
		}
		if v := strings.ToUpper(strings.TrimSpace(d.Serial)); len(v) >= 4 {
			ids = append(ids, Identifier{Kind: IdentDevice, Value: v, Field: fmt.Sprintf("devices[%d].serial", i)})
		}
	}
	return dedupeIdentifiers(ids)
}

func dedupeIdentifiers(ids []Identifier) []Identifier {
	seen := make(map[[2]string]bool, len(ids))
	out := ids[:0]
	for _, id := range ids {
		k := [2]string{string(id.Kind), id.Value}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, id)
	}
	return out
}
