package ofacxml

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/ident"
	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// maxNames bounds the names of one entry. Real entries have at most a few dozen; a file with thousands for one
// entry is damaged or hostile, and every name costs matching time.
const maxNames = 300

// builder assembles one entry. Both formats describe the same things (names, features, documents, programs)
// in different elements; each format's reader turns its elements into calls on the builder, so that the two
// formats of one publication produce the same entries.
type builder struct {
	n      *notes
	id     uint64
	entry  *vigil.ListEntry
	titles []string
	names  int
	capped bool
	listed string // earliest listing date seen
}

func newBuilder(n *notes, list string, id uint64, kind vigil.EntryKind) *builder {
	return &builder{n: n, id: id, entry: &vigil.ListEntry{List: list, ID: strconv.FormatUint(id, 10), Kind: kind}}
}

// finish completes the entry once every part has been read.
func (b *builder) finish() *vigil.ListEntry {
	b.entry.Title = strings.Join(b.titles, "; ")
	b.entry.ListedOn = b.listed
	return b.entry
}

// countName counts a name against maxNames and reports whether it may be added.
func (b *builder) countName() bool {
	if b.names >= maxNames {
		if !b.capped {
			b.capped = true
			b.n.nCapped++
			if len(b.n.capped) < 5 {
				b.n.capped = append(b.n.capped, b.entry.ID)
			}
		}
		return false
	}
	b.names++
	return true
}

// candidate is a name read for an entry, scored by how well it fits as the entry's name: -1 for a name that is
// not a primary name, higher for each sign the format gives that it is the name OFAC's other formats print.
type candidate struct {
	name      string
	aliasType string // OFAC's alias type, for an alias
	weak      bool
	score     int
}

// setNames makes the first of the best-scored candidates the entry's name and every other candidate an alias.
// It reports false when no candidate is a primary name.
func (b *builder) setNames(names []candidate) bool {
	best := -1
	for i, c := range names {
		if c.score >= 0 && (best < 0 || c.score > names[best].score) {
			best = i
		}
	}
	if best < 0 {
		return false
	}
	b.entry.Name = names[best].name
	b.names = 1
	for i, c := range names {
		if i != best {
			b.alias(c.name, aliasType(c.aliasType), c.weak)
		}
	}
	return true
}

// alias adds a name other than the entry's name, once: a name already given keeps its stronger form.
func (b *builder) alias(name, typ string, weak bool) {
	if name == "" || strings.EqualFold(name, b.entry.Name) {
		return
	}
	for i, have := range b.entry.Aliases {
		if strings.EqualFold(have.Name, name) {
			if have.Weak && !weak {
				b.entry.Aliases[i] = vigil.Alias{Name: name, Type: typ}
			}
			return
		}
	}
	if !b.countName() {
		return
	}
	b.entry.Aliases = append(b.entry.Aliases, vigil.Alias{Name: name, Type: typ, Weak: weak})
}

func (b *builder) program(p string) {
	if p != "" && !slices.Contains(b.entry.Programs, p) {
		b.entry.Programs = append(b.entry.Programs, p)
	}
}

// listedOn keeps the earliest listing date (YYYY-MM-DD).
func (b *builder) listedOn(date string) {
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		b.n.skip("listing date "+listfile.Quote(date), b.entry.ID)
		return
	}
	if b.listed == "" || date < b.listed {
		b.listed = date
	}
}

func (b *builder) birthDate(d vigil.BirthDate) {
	b.entry.BirthDates = listfile.AppendOnce(b.entry.BirthDates, d)
}

func (b *builder) nationality(code string) {
	if code != "" && !slices.Contains(b.entry.Nationalities, code) {
		b.entry.Nationalities = append(b.entry.Nationalities, code)
	}
}

func (b *builder) address(a vigil.EntryAddress) {
	if a != (vigil.EntryAddress{}) {
		b.entry.Addresses = listfile.AppendOnce(b.entry.Addresses, a)
	}
}

func (b *builder) identifier(id vigil.EntryIdentifier) {
	b.entry.Identifiers = ident.Append(b.entry.Identifiers, id)
}

// place is a location a feature or address refers to, resolved as far as the file allows.
type place struct {
	addr    vigil.EntryAddress // Country is ISO alpha-2 when known
	spelled string             // the location as one line, the country as written: "Pyongyang, Korea, North"
}

// feature is one value of a feature (OFAC's name for birth dates, nationalities, addresses, digital-currency
// addresses …) in neutral form: the publisher's feature type and the values the format gave for it.
type feature struct {
	typ    string            // "Birthdate", "Nationality Country", "Digital Currency Address - ETH" …
	texts  []string          // free text or the text of a referenced value
	dates  []vigil.BirthDate // structured dates
	places []place           // structured locations
}

const walletPrefix = "digital currency address - "

// apply reads a feature into the entry. Feature types Vigil does not use (vessel flags, tonnage, directive
// information …) are ignored without a warning: OFAC has over a hundred and adds more, and none says who a
// subject is.
func (b *builder) apply(f feature) {
	typ := strings.ToLower(listfile.Clean(f.typ))
	switch {
	case typ == "birthdate":
		for _, d := range f.dates {
			b.birthDate(d)
		}
		for _, t := range f.texts {
			if d, ok := parseDateText(t); ok {
				b.birthDate(d)
			} else {
				b.n.skip("Birthdate "+listfile.Quote(t), b.entry.ID)
			}
		}
	case typ == "place of birth":
		for _, t := range f.texts {
			b.birthPlace(t)
		}
		for _, p := range f.places {
			b.birthPlace(p.spelled)
		}
	case typ == "nationality country" || typ == "citizenship country":
		for _, p := range f.places {
			b.nationality(p.addr.Country)
		}
		for _, t := range f.texts {
			if code, ok := b.n.country("", t); ok {
				b.nationality(code)
			}
		}
	case typ == "gender":
		for _, t := range f.texts {
			switch strings.ToLower(t) {
			case "male":
				b.entry.Gender = "male"
			case "female":
				b.entry.Gender = "female"
			}
		}
	case strings.HasPrefix(typ, walletPrefix):
		chain := strings.TrimSpace(listfile.Clean(f.typ)[len(walletPrefix):])
		for _, t := range f.texts {
			b.wallet(listfile.Clean(f.typ), chain, t)
		}
	case typ == "email address":
		for _, t := range f.texts {
			b.email(listfile.Clean(f.typ), t)
		}
	case strings.HasPrefix(typ, "phone") || strings.HasPrefix(typ, "fax"):
		for _, t := range f.texts {
			b.phone(listfile.Clean(f.typ), t)
		}
	case typ == "location":
		for _, p := range f.places {
			b.address(p.addr)
		}
	case typ == "title":
		for _, t := range f.texts {
			if t != "" && !slices.Contains(b.titles, t) {
				b.titles = append(b.titles, t)
			}
		}
	}
}

func (b *builder) birthPlace(s string) {
	if s = listfile.Clean(s); s != "" && !slices.Contains(b.entry.BirthPlaces, s) {
		b.entry.BirthPlaces = append(b.entry.BirthPlaces, s)
	}
}

func (b *builder) wallet(label, chain, raw string) {
	raw = strings.TrimSpace(raw)
	v, err := vigil.CanonicalWallet(raw)
	if err != nil || !ident.IsAssetCode(chain) {
		b.n.skip(label+" "+listfile.Quote(raw), b.entry.ID)
		return
	}
	b.identifier(vigil.EntryIdentifier{Kind: vigil.IdentWallet, Value: v, Raw: raw, Type: label, Chain: chain})
}

func (b *builder) email(label, raw string) {
	raw = strings.TrimRight(strings.TrimSpace(raw), ".,")
	v, ok := ident.Email(raw)
	if !ok {
		b.n.skip(label+" "+listfile.Quote(raw), b.entry.ID)
		return
	}
	b.identifier(vigil.EntryIdentifier{Kind: vigil.IdentEmail, Value: v, Raw: raw, Type: label})
}

// phone reads a number as OFAC writes it, with its country code and usually without "+": "850 2 381 8208",
// "(98)(21)(66153220)", "009613679153"; a second number after "/" or "," is not read.
func (b *builder) phone(label, text string) {
	raw := ident.CutPhone(text)
	v, ok := ident.Phone(raw, "")
	if !ok {
		b.n.skip(label+" "+listfile.Quote(text), b.entry.ID)
		return
	}
	b.identifier(vigil.EntryIdentifier{Kind: vigil.IdentPhone, Value: v, Raw: raw, Type: label})
}

// documentTypes are OFAC's types of identity documents a person can present. They are the labels OFAC's
// legacy CSV uses in its remarks, so that every format of the list yields the same identifiers. Company
// registration numbers, IMO and MMSI numbers, SWIFT/BIC codes and aircraft serials are not identity documents:
// no subject presents one, and they would be compared by number against passports.
var documentTypes = map[string]bool{
	"passport": true, "diplomatic passport": true, "british national overseas passport": true,
	"stateless person passport": true, "travel document number": true, "national id no.": true,
	"national foreign id number": true, "identification number": true, "turkish identification number": true,
	"tazkira national id card": true, "personal id card": true, "citizen's card number": true,
	"kenyan id no.": true, "refugee id card": true, "stateless person id card": true, "residency number": true,
	"cedula no.": true, "d.n.i.": true, "c.u.i.": true, "c.u.r.p. #": true, "c.u.r.p.": true,
	"numero de identidad": true, "driver's license no.": true, "ssn": true, "italian fiscal code": true,
	"tax id no.": true, "r.f.c.": true, "rfc": true, "c.u.i.t.": true, "credencial electoral": true,
	"electoral registry no.": true, "i.f.e.": true, "le number": true,
}

// personalDocumentTypes are listed for companies too; they are identifiers only of people.
var personalDocumentTypes = map[string]bool{"tax id no.": true}

var dropParentheses = strings.NewReplacer("(", "", ")", "")

// document adds an identity document: its number canonical, its issuer an ISO alpha-2 code ("" when the file
// names none or a country that is not one). A document OFAC marks as fraudulent or invalid is added all the
// same: whoever presents it is the person it is listed for.
func (b *builder) document(typ, number, issuer string) {
	key := strings.ToLower(listfile.Clean(typ))
	if !documentTypes[key] || personalDocumentTypes[key] && b.entry.Kind != vigil.EntryPerson {
		return
	}
	raw := listfile.Clean(number)
	if raw == "" {
		return
	}
	if key == "identification number" && (strings.HasPrefix(raw, "IMO ") || strings.HasPrefix(raw, "IMO\u00a0")) {
		return // a vessel's IMO number
	}
	// Burmese registration numbers carry a citizenship class in parentheses: "12/SAKHANA(N)062210".
	v, ok := ident.Document(dropParentheses.Replace(raw), issuer)
	if !ok {
		b.n.skip(listfile.Clean(typ)+" "+listfile.Quote(raw), b.entry.ID)
		return
	}
	b.identifier(vigil.EntryIdentifier{Kind: vigil.IdentDocument, Value: v, Raw: raw, Type: listfile.Clean(typ), Issuer: issuer})
}

// addressPart puts one part of an address, by OFAC's location part type, into a.
func addressPart(a *vigil.EntryAddress, typ, value string) {
	value = listfile.Clean(value)
	if value == "" {
		return
	}
	switch strings.ToUpper(listfile.Clean(typ)) {
	case "ADDRESS1", "ADDRESS2", "ADDRESS3":
		if a.Line == "" {
			a.Line = value
		} else {
			a.Line += ", " + value
		}
	case "CITY":
		a.City = value
	case "STATE/PROVINCE":
		a.Region = value
	case "REGION":
		if a.Region == "" {
			a.Region = value
		}
	case "POSTAL CODE":
		a.Postcode = value
	}
}

// keepRegion keeps OFAC's pseudo-countries "Region: Gaza", "Region: Northern Mali" as the address's region
// when the country cannot be resolved, as the legacy CSV parser does, so the place is not lost.
func keepRegion(a *vigil.EntryAddress, countryName string) {
	if rest, ok := strings.CutPrefix(countryName, "Region: "); ok && a.Country == "" && a.Region == "" {
		a.Region = strings.TrimSpace(rest)
	}
}

// spell writes a location as one line, the country as the file writes it.
func spell(a vigil.EntryAddress, countryName string) string {
	var parts []string
	for _, s := range []string{a.Line, a.City, a.Region, a.Postcode, countryName} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// composeName joins the parts of a name. A person's Latin-script name is written as OFAC's other formats write
// it, "LAST, First Middle": the last-name parts upper-cased, then a comma, then the other parts in order; so
// the entries of the advanced format have the names of the legacy CSV and the enhanced format. Other names
// are the parts in order; parts in Han, Hangul or Kana are joined without a space, as those scripts write
// names.
func composeName(parts []namePart, person, latin bool) string {
	var last, rest []string
	for _, p := range parts {
		if p.value == "" {
			continue
		}
		if person && latin && strings.EqualFold(listfile.Clean(p.typ), "Last Name") {
			last = append(last, strings.ToUpper(p.value))
		} else {
			rest = append(rest, p.value)
		}
	}
	switch {
	case len(last) > 0 && len(rest) > 0:
		return strings.Join(last, " ") + ", " + strings.Join(rest, " ")
	case len(last) > 0:
		return strings.Join(last, " ")
	}
	return joinParts(rest)
}

type namePart struct {
	typ   string // OFAC's name part type: "Last Name", "First Name", "Entity Name" …
	value string
}

func joinParts(parts []string) string {
	var sb strings.Builder
	for i, p := range parts {
		if i > 0 && !(endsCJK(parts[i-1]) && startsCJK(p)) {
			sb.WriteByte(' ')
		}
		sb.WriteString(p)
	}
	return sb.String()
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana)
}

func startsCJK(s string) bool {
	for _, r := range s {
		return isCJK(r)
	}
	return false
}

func endsCJK(s string) bool {
	r := []rune(s)
	return len(r) > 0 && isCJK(r[len(r)-1])
}

// isLatinText reports whether a name is written in Latin letters (with digits and punctuation): the test for
// a name whose script the file does not say.
func isLatinText(s string) bool { return listfile.IsLatinText(s) }

// isLatinScript reports whether a script, by name or ISO 15924 code, is Latin.
func isLatinScript(names ...string) bool {
	for _, s := range names {
		switch strings.ToLower(listfile.Clean(s)) {
		case "latin", "latn":
			return true
		}
	}
	return false
}

// aliasType maps OFAC's alias types to Vigil's: "A.K.A." aka, "F.K.A." fka, "N.K.A." nka. "Name" (a primary
// name) and anything unknown read as aka.
func aliasType(s string) string {
	switch strings.ToLower(strings.ReplaceAll(listfile.Clean(s), ".", "")) {
	case "fka":
		return "fka"
	case "nka":
		return "nka"
	}
	return "aka"
}

// entryKind maps OFAC's party types ("Individual", "Entity", "Vessel", "Aircraft") to Vigil's.
func entryKind(s string) (vigil.EntryKind, bool) {
	switch strings.ToLower(listfile.Clean(s)) {
	case "individual":
		return vigil.EntryPerson, true
	case "entity":
		return vigil.EntryOrganization, true
	case "vessel":
		return vigil.EntryVessel, true
	case "aircraft":
		return vigil.EntryAircraft, true
	}
	return "", false
}

// parseEntNum reads OFAC's ent_num: 1 to 10 digits, as the legacy CSV has them.
func parseEntNum(s string) (uint64, error) {
	if s == "" || len(s) > 10 {
		return 0, fmt.Errorf("is not a number of 1 to 10 digits")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("is not a number")
		}
	}
	return strconv.ParseUint(s, 10, 64)
}

// ymd is a calendar date read from the file's parts.
type ymd struct{ y, m, d int }

func (v ymd) valid() bool {
	if v.y < 1000 || v.y > 2999 || v.m < 1 || v.m > 12 || v.d < 1 {
		return false
	}
	t := time.Date(v.y, time.Month(v.m), v.d, 0, 0, 0, 0, time.UTC)
	return t.Day() == v.d
}

func (v ymd) lastOfMonth() bool {
	return time.Date(v.y, time.Month(v.m), v.d+1, 0, 0, 0, 0, time.UTC).Day() == 1
}

func (v ymd) String() string { return fmt.Sprintf("%04d-%02d-%02d", v.y, v.m, v.d) }

func (v ymd) less(w ymd) bool {
	return v.y < w.y || v.y == w.y && (v.m < w.m || v.m == w.m && v.d < w.d)
}

// dateSpan turns the first and last day a date may be into Vigil's birth date: one day, a month (the 1st to
// its last day), a year (1 January to 31 December), or a range of those. OFAC writes "DOB 1968" as the period
// 1968-01-01 to 1968-12-31, so the span is what says how precise the date is.
func dateSpan(from, to ymd, circa bool) (vigil.BirthDate, bool) {
	if !from.valid() || !to.valid() || to.less(from) {
		return vigil.BirthDate{}, false
	}
	d := vigil.BirthDate{Circa: circa}
	if from == to {
		d.Date = from.String()
		return d, true
	}
	switch {
	case from.m == 1 && from.d == 1 && to.m == 12 && to.d == 31:
		d.Date = strconv.Itoa(from.y)
		if to.y != from.y {
			d.To = strconv.Itoa(to.y)
		}
	case from.d == 1 && to.lastOfMonth():
		d.Date = fmt.Sprintf("%04d-%02d", from.y, from.m)
		if to.y != from.y || to.m != from.m {
			d.To = fmt.Sprintf("%04d-%02d", to.y, to.m)
		}
	default:
		d.Date, d.To = from.String(), to.String()
	}
	return d, true
}

var months = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
	"nov": 11, "dec": 12,
}

// parseDateText reads a date as OFAC writes it in text: "18 Jun 1964", "Jun 1964", "1964", "circa 1947",
// "1960 to 1962", "circa 1979-1982", and ISO "1964-06-18" or "1964-06".
func parseDateText(s string) (vigil.BirthDate, bool) {
	var d vigil.BirthDate
	s = listfile.Clean(s)
	if rest, ok := listfile.CutPrefixFold(s, "circa "); ok {
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

// partialDate turns "18 Jun 1964", "Jun 1964", "1964", "1964-06-18" or "1964-06" into "1964-06-18", "1964-06"
// or "1964".
func partialDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		if t, err := time.Parse(time.DateOnly, s); err == nil && t.Year() >= 1800 && t.Year() <= 2200 {
			return s, true
		}
		return "", false
	}
	if len(s) == 7 && s[4] == '-' {
		if t, err := time.Parse("2006-01", s); err == nil && t.Year() >= 1800 && t.Year() <= 2200 {
			return s, true
		}
		return "", false
	}
	f := strings.Fields(s)
	switch len(f) {
	case 1:
		if y, ok := listfile.Year(f[0]); ok {
			return strconv.Itoa(y), true
		}
	case 2:
		m, okm := months[strings.ToLower(strings.TrimSuffix(f[0], "."))]
		y, oky := listfile.Year(f[1])
		if okm && oky {
			return fmt.Sprintf("%04d-%02d", y, m), true
		}
	case 3:
		day, err := strconv.Atoi(f[0])
		m, okm := months[strings.ToLower(strings.TrimSuffix(f[1], "."))]
		y, oky := listfile.Year(f[2])
		if err != nil || !okm || !oky || len(f[0]) > 2 {
			return "", false
		}
		v := ymd{y, m, day}
		if !v.valid() {
			return "", false // 31 Feb
		}
		return v.String(), true
	}
	return "", false
}

func countryCode(iso string) (string, bool) {
	return vigil.CountryCode(iso)
}
