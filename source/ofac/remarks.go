package ofac

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/country"
	"github.com/vigil-sec/vigil/source/internal/ident"
	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// remarks is what the remarks of one entry say, read item by item.
type remarks struct {
	aliases       []vigil.Alias
	birthDates    []vigil.BirthDate
	birthPlaces   []string
	nationalities []string
	gender        string
	identifiers   []vigil.EntryIdentifier
	unresolved    []string // country names that are not one country
	skipped       []string // items that name an identifier which is not valid
	truncated     string   // the incomplete last item, dropped
}

// documentLabels are the remarks labels of identity documents a person can present. Longer labels come before
// their prefixes ("Diplomatic Passport" is matched whole, "C.U.R.P. #" before "C.U.R.P.").
var documentLabels = []string{
	"Passport",
	"Diplomatic Passport",
	"Travel Document Number",
	"National ID No.",
	"National Foreign ID Number",
	"Identification Number",
	"Turkish Identification Number",
	"Tazkira National ID Card",
	"Personal ID Card",
	"Citizen's Card Number",
	"Kenyan ID No.",
	"Refugee ID Card",
	"Stateless Person ID Card",
	"Residency Number",
	"Cedula No.",
	"D.N.I.",
	"C.U.I.",
	"C.U.R.P. #",
	"C.U.R.P.",
	"Numero de Identidad",
	"Driver's License No.",
	"SSN",
	"Italian Fiscal Code",
	"Tax ID No.",
	"R.F.C.",
	"RFC",
	"C.U.I.T.",
	"Credencial electoral",
	"Electoral Registry No.",
	"I.F.E.",
	"LE Number",
}

// personalTaxLabels are documents listed for people and companies alike; they are identifiers only of people.
var personalTaxLabels = map[string]bool{"Tax ID No.": true}

var phoneLabels = []string{
	"Phone Number", "Telephone Number:", "Telephone Number", "Telephone No.", "Telephone:", "Telephone",
	"PHONE", "Phone:", "Phone", "Fax No.", "Fax:", "Fax",
}

var emailLabels = []string{"Email Address", "Email:", "Email", "EMAIL", "E-mail"}

var websiteLabels = []string{"Website:", "Website", "WEBSITE"}

const walletLabel = "Digital Currency Address - "

var dropParentheses = strings.NewReplacer("(", "", ")", "")

// remarksLimit is the size of sdn.csv's remarks column; OFAC cuts longer remarks there.
const remarksLimit = 1000

// parseRemarks reads the items of an entry's remarks, as written (not trimmed). person says whether the entry
// is an individual, whose personal tax numbers are identifiers. maybeCut says the remarks fill sdn.csv's
// column and nothing continues them, so OFAC may have cut them even where the text ends with a period ("…
// Controlled By U.S. ").
func parseRemarks(text string, person, maybeCut bool) remarks {
	var rm remarks
	items := splitItems(text)
	complete := strings.HasSuffix(text, ".") && !maybeCut
	if !complete && len(items) > 0 && !strings.HasSuffix(text, ";") {
		rm.truncated = items[len(items)-1]
		items = items[:len(items)-1]
	}
	if len(items) > 0 {
		items[len(items)-1] = strings.TrimSuffix(items[len(items)-1], ".")
	}
	for _, item := range items {
		rm.item(item, person)
	}
	return rm
}

// splitItems splits remarks at ";". A semicolon never occurs inside an item of the real list; one written
// without the usual following space ("Palestinian;arrested 23 Apr 2002") still separates items.
func splitItems(text string) []string {
	parts := strings.Split(text, ";")
	items := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			items = append(items, p)
		}
	}
	return items
}

func (rm *remarks) item(item string, person bool) {
	if rest, ok := listfile.CutPrefixFold(item, "alt. "); ok {
		item = rest
	}
	switch {
	case strings.HasPrefix(item, "a.k.a. "), strings.HasPrefix(item, "f.k.a. "), strings.HasPrefix(item, "n.k.a. "):
		rm.alias(item)
	case strings.HasPrefix(item, "DOB "):
		if d, ok := parseDOB(item[len("DOB "):]); ok {
			rm.birthDates = listfile.AppendOnce(rm.birthDates, d)
		}
	case strings.HasPrefix(item, "POB "):
		if p := strings.TrimSpace(item[len("POB "):]); p != "" && !slices.Contains(rm.birthPlaces, p) {
			rm.birthPlaces = append(rm.birthPlaces, p)
		}
	case strings.HasPrefix(item, "nationality "):
		rm.nationality(item[len("nationality "):])
	case strings.HasPrefix(item, "citizen "):
		rm.nationality(item[len("citizen "):])
	case strings.HasPrefix(item, "Gender "):
		switch strings.ToLower(strings.TrimSpace(item[len("Gender "):])) {
		case "male":
			rm.gender = "male"
		case "female":
			rm.gender = "female"
		}
	case strings.HasPrefix(item, walletLabel):
		rm.wallet(item)
	default:
		if label, rest, ok := cutLabel(item, emailLabels); ok {
			rm.email(label, rest)
		} else if label, rest, ok := cutLabel(item, phoneLabels); ok {
			rm.phone(label, rest)
		} else if label, rest, ok := cutLabel(item, websiteLabels); ok {
			rm.website(label, rest)
		} else if label, rest, ok := cutLabel(item, documentLabels); ok {
			if personalTaxLabels[label] && !person {
				return
			}
			rm.document(label, rest)
		}
	}
}

// cutLabel finds the longest label item starts with, followed by a space, a colon or nothing-then-space.
func cutLabel(item string, labels []string) (label, rest string, ok bool) {
	for _, l := range labels {
		if !strings.HasPrefix(item, l) || len(l) <= len(label) {
			continue
		}
		r := item[len(l):]
		if r == "" || (r[0] != ' ' && !strings.HasSuffix(l, ":")) {
			continue
		}
		label, rest, ok = l, strings.TrimSpace(r), true
	}
	return label, rest, ok
}

func (rm *remarks) alias(item string) {
	typ := item[:1] + "ka"
	inner := strings.TrimSpace(item[len("a.k.a. "):])
	if len(inner) < 2 || inner[0] != '\'' || inner[len(inner)-1] != '\'' {
		return
	}
	name := strings.TrimSpace(inner[1 : len(inner)-1])
	if name == "" {
		return
	}
	for _, a := range rm.aliases {
		if strings.EqualFold(a.Name, name) {
			return
		}
	}
	rm.aliases = append(rm.aliases, vigil.Alias{Name: name, Type: typ, Weak: true})
}

func (rm *remarks) nationality(s string) {
	s = strings.TrimSpace(s)
	// "nationality possibly Palestinian": OFAC's own hedge; the nationality still corroborates a match.
	s = strings.TrimPrefix(s, "possibly ")
	if s == "" {
		return
	}
	code, ok := country.FromName(s)
	if !ok {
		rm.unresolved = append(rm.unresolved, s)
		return
	}
	if !slices.Contains(rm.nationalities, code) {
		rm.nationalities = append(rm.nationalities, code)
	}
}

// wallet reads "Digital Currency Address - ETH 0x…".
func (rm *remarks) wallet(item string) {
	chain, addr, _ := strings.Cut(strings.TrimSpace(item[len(walletLabel):]), " ")
	addr = strings.TrimSpace(addr)
	if !ident.IsAssetCode(chain) {
		rm.skipped = append(rm.skipped, item)
		return
	}
	v, err := vigil.CanonicalWallet(addr)
	if err != nil {
		rm.skipped = append(rm.skipped, item)
		return
	}
	rm.identifiers = ident.Append(rm.identifiers, vigil.EntryIdentifier{Kind: vigil.IdentWallet, Value: v, Raw: addr, Type: walletLabel + chain, Chain: chain})
}

func (rm *remarks) email(label, rest string) {
	raw, _, _ := strings.Cut(rest, " ")
	raw = strings.TrimRight(raw, ".,")
	v, ok := ident.Email(raw)
	if !ok {
		rm.skipped = append(rm.skipped, label+" "+rest)
		return
	}
	rm.identifiers = ident.Append(rm.identifiers, vigil.EntryIdentifier{Kind: vigil.IdentEmail, Value: v, Raw: raw, Type: strings.TrimSuffix(label, ":")})
}

// phone reads a number OFAC writes with its country code and without "+": "8613621583465",
// "(98)(21)(66153220)", "850 2 381 8208/4188", "009613679153".
func (rm *remarks) phone(label, rest string) {
	raw := ident.CutPhone(rest)
	v, ok := ident.Phone(raw, "")
	if !ok {
		rm.skipped = append(rm.skipped, label+" "+rest)
		return
	}
	rm.identifiers = ident.Append(rm.identifiers, vigil.EntryIdentifier{Kind: vigil.IdentPhone, Value: v, Raw: raw, Type: strings.TrimSuffix(label, ":")})
}

func (rm *remarks) website(label, rest string) {
	raw, _, _ := strings.Cut(rest, " ")
	raw = strings.TrimRight(raw, ".,")
	v, ok := canonicalWebsite(raw)
	if !ok {
		rm.skipped = append(rm.skipped, label+" "+rest)
		return
	}
	rm.identifiers = ident.Append(rm.identifiers, vigil.EntryIdentifier{Kind: vigil.IdentWebsite, Value: v, Raw: raw, Type: strings.TrimSuffix(label, ":")})
}

// canonicalWebsite is the form websites take in every list (ident.Website): "https://www.Example.com/" and
// "example.com" are the same site.
func canonicalWebsite(raw string) (string, bool) { return ident.Website(raw) }

// document reads "381420754 (Korea, North) issued 07 Dec 2011 expires 07 Dec 2016", the text after a document
// label: the number, the issuing country in the last parentheses, and dates, which are not kept.
func (rm *remarks) document(label, rest string) {
	if label == "Identification Number" && (strings.HasPrefix(rest, "IMO ") || strings.HasPrefix(rest, "IMO\u00a0")) {
		return // a vessel's IMO number
	}
	s := rest
	// "# PMA-910805", "No.: 0310857", "Booklet: A5199819", "CNIC: 35202-5400413-9": a sub-label before the number.
	s = strings.TrimSpace(strings.TrimPrefix(s, "#"))
	if sub, after, ok := strings.Cut(s, ":"); ok && len(sub) <= 12 && !strings.ContainsAny(sub, "0123456789") {
		if strings.EqualFold(strings.TrimSpace(sub), "ISIN") {
			return // a security's number, not a document
		}
		s = strings.TrimSpace(after)
	}
	for _, cut := range []string{" issued ", " expires ", " expired ", " valid "} {
		if i := strings.Index(s, cut); i >= 0 {
			s = s[:i]
		}
	}
	s = strings.TrimSpace(s)
	issuer := ""
	for strings.HasSuffix(s, ")") {
		open := strings.LastIndexByte(s, '(')
		if open < 0 {
			break
		}
		if issuer == "" {
			name := strings.TrimSpace(s[open+1 : len(s)-1])
			if code, ok := country.FromName(name); ok {
				issuer = code
			} else {
				rm.unresolved = append(rm.unresolved, name)
			}
		}
		s = strings.TrimSpace(s[:open])
	}
	s = strings.TrimSpace(strings.TrimPrefix(s, "No."))
	if i := strings.Index(s, ", "); i > 0 {
		s = s[:i] // "D000000483, Diplomatic"
	}
	if i := strings.Index(s, " - "); i > 0 {
		s = s[:i]
	}
	// Burmese registration numbers carry a citizenship class in parentheses: "12/SAKHANA(N)062210".
	v, ok := ident.Document(dropParentheses.Replace(s), issuer)
	if !ok {
		rm.skipped = append(rm.skipped, label+" "+rest)
		return
	}
	rm.identifiers = ident.Append(rm.identifiers, vigil.EntryIdentifier{Kind: vigil.IdentDocument, Value: v, Raw: s, Type: label, Issuer: issuer})
}

// parseDOB reads OFAC's birth dates: "18 Jun 1964", "Aug 1960", "1960", "circa 1947", "1960 to 1962",
// "01 Jan 1977 to 31 Dec 1985", "circa 1979-1982".
func parseDOB(s string) (vigil.BirthDate, bool) {
	var d vigil.BirthDate
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "circa "); ok {
		d.Circa = true
		s = strings.TrimSpace(rest)
	}
	from, to, isRange := strings.Cut(s, " to ")
	if !isRange && len(s) == 9 && s[4] == '-' {
		from, to, isRange = s[:4], s[5:], true
	}
	var ok bool
	if d.Date, ok = partialDate(from); !ok {
		return vigil.BirthDate{}, false
	}
	if isRange {
		if d.To, ok = partialDate(to); !ok || d.To < d.Date {
			return vigil.BirthDate{}, false
		}
	}
	return d, true
}

var months = map[string]int{
	"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10,
	"Nov": 11, "Dec": 12,
}

// partialDate turns "18 Jun 1964", "Jun 1964" or "1964" into "1964-06-18", "1964-06" or "1964".
func partialDate(s string) (string, bool) {
	f := strings.Fields(s)
	switch len(f) {
	case 1:
		if y, ok := listfile.Year(f[0]); ok {
			return strconv.Itoa(y), true
		}
	case 2:
		m, okm := months[f[0]]
		y, oky := listfile.Year(f[1])
		if okm && oky {
			return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC).Format("2006-01"), true
		}
	case 3:
		day, err := strconv.Atoi(f[0])
		m, okm := months[f[1]]
		y, oky := listfile.Year(f[2])
		if err != nil || !okm || !oky || len(f[0]) > 2 {
			return "", false
		}
		t := time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)
		if t.Day() != day || t.Month() != time.Month(m) {
			return "", false // 31 Feb
		}
		return t.Format("2006-01-02"), true
	}
	return "", false
}
