// Package ofac reads the U.S. Treasury OFAC Specially Designated Nationals list in its legacy CSV format:
// sdn.csv (one row per designation), alt.csv (alternate names), add.csv (addresses) and sdn_comments.csv (the
// continuation of remarks that sdn.csv cuts at 1,000 characters). The files have no header row, quote text
// fields with ", and write null as "-0- ".
//
// Most of what identifies a person is in the free-text remarks of sdn.csv, as items separated by ";": "DOB 18
// Jun 1964", "POB Kaesong, DPRK", "nationality Korea, North", "Gender Male", "Passport 381420754 (Korea, North)
// issued 07 Dec 2011", "Digital Currency Address - ETH 0x…", "Email Address …", "a.k.a. 'HIDDEN COBRA'" … The
// parser reads these into the entry's fields and identifiers and keeps the remarks text as written.
//
// Decisions:
//   - Aliases in remarks ("a.k.a. 'X'") are marked Weak: OFAC puts exactly its weak aliases there (OFAC FAQ 122
//     and 123), and alt.csv holds the others.
//   - Identity documents a person can present (passports, national and other personal ID numbers, personal tax
//     numbers) become identifiers of kind document, with the issuer from "(Country)" and the canonical value
//     "ICAO:NUMBER" ("PRK:381420754"; ":381420754" without an issuer). Company registration numbers, IMO and
//     MMSI numbers, SWIFT/BIC codes and aircraft serials are not: no subject presents them as an identity
//     document, and they would be compared by number against passports. They stay in the remarks.
//   - Remarks that do not end with the period OFAC ends every remarks field with were cut (at 1,000 characters,
//     continued in sdn_comments.csv). Without the continuation, the incomplete last item is dropped rather than
//     read as a truncated wallet address or name, and a warning names the entry.
//   - Rows of alt.csv, add.csv and sdn_comments.csv whose ent_num has no sdn.csv row are skipped and counted in a
//     warning: OFAC publishes the files together, so this happens when files of different dates are mixed.
package ofac

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/country"
	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// File is a list file: a name for messages and its content.
type File = listfile.File

// Kind is which of OFAC's legacy CSV files a file is.
type Kind string

// The legacy CSV files.
const (
	KindSDN      Kind = "sdn.csv"
	KindAlt      Kind = "alt.csv"
	KindAdd      Kind = "add.csv"
	KindComments Kind = "sdn_comments.csv"
)

// Sniff tells from the first record of data which OFAC legacy CSV file it is: 12 fields with a numeric
// ent_num and an SDN type for sdn.csv, 5 with aka/fka/nka third for alt.csv, 6 for add.csv, 2 for
// sdn_comments.csv. ok is false for anything else.
func Sniff(data []byte) (kind Kind, ok bool) {
	data = listfile.TrimBOM(data)
	const window = 1 << 20
	if len(data) > window {
		data = data[:window]
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i+1]
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil || len(rec) == 0 {
		return "", false
	}
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	if _, err := parseEntNum(rec[0]); err != nil {
		return "", false
	}
	switch len(rec) {
	case 12:
		if _, ok := entryKind(rec[2]); ok {
			return KindSDN, true
		}
	case 5:
		if _, ok := aliasType(rec[2]); ok {
			if _, err := parseEntNum(rec[1]); err == nil {
				return KindAlt, true
			}
		}
	case 6:
		if _, err := parseEntNum(rec[1]); err == nil {
			return KindAdd, true
		}
	case 2:
		return KindComments, true
	}
	return "", false
}

// Publication is one release of the list: sdn.csv is required, the others are optional.
type Publication struct {
	SDN, Alt, Add, Comments *File
}

// Result is what Parse read.
type Result struct {
	Entries  []*vigil.ListEntry // ordered by ent_num
	Warnings []string
}

// Parse reads a publication into list entries whose List is list. Any malformed row (wrong field count, a
// non-numeric or duplicate ent_num, broken quoting, invalid UTF-8, an oversized field or file) makes it return
// an error listing every problem with file and line (a listfile.ErrorList) and no entries. Content it cannot
// use (an unknown country name, an identifier that is not valid, rows for entries not in sdn.csv) is skipped
// and reported in Warnings.
func Parse(p Publication, list string) (*Result, error) {
	var errs listfile.ErrorList
	if p.SDN == nil {
		errs.Add("ofac", 0, "", "an OFAC import needs sdn.csv; alt.csv, add.csv and sdn_comments.csv only add to its entries")
		return nil, errs.Err()
	}
	ps := &parser{list: list, byID: map[uint64]*builder{}, unresolved: map[string]int{}}
	ps.readSDN(p.SDN, &errs)
	if p.Comments != nil {
		ps.readComments(p.Comments, &errs)
	}
	if p.Alt != nil {
		ps.readAlt(p.Alt, &errs)
	}
	if p.Add != nil {
		ps.readAdd(p.Add, &errs)
	}
	if errs.Len() > 0 {
		errs.Sort()
		return nil, errs.Err()
	}
	sort.Slice(ps.order, func(i, j int) bool { return ps.order[i].id < ps.order[j].id })
	res := &Result{Entries: make([]*vigil.ListEntry, 0, len(ps.order))}
	for _, b := range ps.order {
		ps.finish(b, p.SDN.Name, p.Comments != nil)
		res.Entries = append(res.Entries, b.entry)
	}
	res.Warnings = ps.warnings()
	return res, nil
}

// builder is an entry being assembled from the four files.
type builder struct {
	id      uint64
	line    int
	entry   *vigil.ListEntry
	remarks string
	comment strings.Builder
}

type parser struct {
	list  string
	order []*builder
	byID  map[uint64]*builder

	// warnings, gathered so that each kind is reported once with a count
	orphans    []orphanCount
	truncated  []string
	unresolved map[string]int  // country text → occurrences
	skipped    listfile.Sample // identifiers that are not valid, with their entry
	emptyAlias int
	altFile    string
}

type orphanCount struct {
	file    string
	rows    int
	entries map[uint64]bool
	sample  []uint64
}

func (oc *orphanCount) add(id uint64) {
	oc.rows++
	if !oc.entries[id] {
		oc.entries[id] = true
		if len(oc.sample) < 5 {
			oc.sample = append(oc.sample, id)
		}
	}
}

func (ps *parser) readSDN(f *File, errs *listfile.ErrorList) {
	readRows(f, KindSDN, errs, func(r row) {
		id, err := parseEntNum(r.fields[0])
		if err != nil {
			errs.Add(f.Name, r.line, "", err.Error())
			return
		}
		record := "ent_num " + r.fields[0]
		if prev, dup := ps.byID[id]; dup {
			errs.Add(f.Name, r.line, record, fmt.Sprintf("ent_num %d is given twice (also on line %d)", id, prev.line))
			return
		}
		name := r.fields[1]
		if name == "" {
			errs.Add(f.Name, r.line, record, fmt.Sprintf("entry %d has no SDN_Name", id))
			return
		}
		kind, ok := entryKind(r.fields[2])
		if !ok {
			errs.Add(f.Name, r.line, record, fmt.Sprintf("entry %d has SDN_Type %s; expected individual, vessel, aircraft or -0- (entity)", id, vigil.Quote(r.fields[2])))
			return
		}
		e := &vigil.ListEntry{
			List:     ps.list,
			ID:       strconv.FormatUint(id, 10),
			Kind:     kind,
			Name:     name,
			Programs: splitPrograms(r.fields[3]),
			Title:    r.fields[4],
		}
		remarks := r.raw[11]
		if r.fields[11] == "" {
			remarks = ""
		}
		b := &builder{id: id, line: r.line, entry: e, remarks: remarks}
		ps.byID[id] = b
		ps.order = append(ps.order, b)
	})
}

func (ps *parser) readComments(f *File, errs *listfile.ErrorList) {
	oc := orphanCount{file: f.Name, entries: map[uint64]bool{}}
	readRows(f, KindComments, errs, func(r row) {
		id, err := parseEntNum(r.fields[0])
		if err != nil {
			errs.Add(f.Name, r.line, "", err.Error())
			return
		}
		b, ok := ps.byID[id]
		if !ok {
			oc.add(id)
			return
		}
		// The continuation starts mid-word where sdn.csv stopped, so both are joined as written, spaces
		// at the seam included.
		if r.fields[1] != "" {
			b.comment.WriteString(r.raw[1])
		}
	})
	ps.orphans = append(ps.orphans, oc)
}

func (ps *parser) readAlt(f *File, errs *listfile.ErrorList) {
	oc := orphanCount{file: f.Name, entries: map[uint64]bool{}}
	readRows(f, KindAlt, errs, func(r row) {
		id, err := parseEntNum(r.fields[0])
		if err != nil {
			errs.Add(f.Name, r.line, "", err.Error())
			return
		}
		record := "ent_num " + r.fields[0]
		if _, err := parseEntNum(r.fields[1]); err != nil {
			errs.Add(f.Name, r.line, record, "alt_num: "+strings.TrimPrefix(err.Error(), "ent_num "))
			return
		}
		typ, ok := aliasType(r.fields[2])
		if !ok {
			errs.Add(f.Name, r.line, record, fmt.Sprintf("alt_type is %s; expected aka, fka or nka", vigil.Quote(r.fields[2])))
			return
		}
		b, ok := ps.byID[id]
		if !ok {
			oc.add(id)
			return
		}
		if r.fields[3] == "" {
			ps.emptyAlias++
			ps.altFile = f.Name
			return
		}
		b.entry.Aliases = append(b.entry.Aliases, vigil.Alias{Name: r.fields[3], Type: typ})
	})
	ps.orphans = append(ps.orphans, oc)
}

func (ps *parser) readAdd(f *File, errs *listfile.ErrorList) {
	oc := orphanCount{file: f.Name, entries: map[uint64]bool{}}
	readRows(f, KindAdd, errs, func(r row) {
		id, err := parseEntNum(r.fields[0])
		if err != nil {
			errs.Add(f.Name, r.line, "", err.Error())
			return
		}
		if _, err := parseEntNum(r.fields[1]); err != nil {
			errs.Add(f.Name, r.line, "ent_num "+r.fields[0], "add_num: "+strings.TrimPrefix(err.Error(), "ent_num "))
			return
		}
		b, ok := ps.byID[id]
		if !ok {
			oc.add(id)
			return
		}
		a := vigil.EntryAddress{Line: r.fields[2]}
		a.City, a.Region, a.Postcode = splitCityLine(r.fields[3])
		if c := r.fields[4]; c != "" {
			if code, ok := country.FromName(c); ok {
				a.Country = code
			} else {
				ps.unresolved[c]++
				if rest, isRegion := strings.CutPrefix(c, "Region: "); isRegion && a.Region == "" {
					a.Region = rest
				}
			}
		}
		if a != (vigil.EntryAddress{}) {
			b.entry.Addresses = append(b.entry.Addresses, a)
		}
	})
	ps.orphans = append(ps.orphans, oc)
}

// finish reads the remarks of an entry into its fields.
func (ps *parser) finish(b *builder, sdnFile string, haveComments bool) {
	e := b.entry
	text := b.remarks + b.comment.String()
	e.Remarks = strings.TrimSpace(text)
	if e.Remarks == "" {
		return
	}
	rm := parseRemarks(text, e.Kind == vigil.EntryPerson, len(b.remarks) >= remarksLimit && b.comment.Len() == 0)
	if rm.truncated != "" {
		how := "do not end with the period that ends complete remarks"
		if len(b.remarks) >= remarksLimit {
			how = fmt.Sprintf("fill OFAC's %d-character column", remarksLimit)
		}
		why := "no sdn_comments.csv was given"
		if haveComments {
			why = "sdn_comments.csv has no continuation for it"
		}
		ps.truncated = append(ps.truncated, fmt.Sprintf("%s:%d: the remarks of entry %d stop mid-item (they %s) and %s; dropped the incomplete item %s",
			sdnFile, b.line, b.id, how, why, listfile.Quote(rm.truncated)))
	}
	e.BirthDates = rm.birthDates
	e.BirthPlaces = rm.birthPlaces
	e.Nationalities = rm.nationalities
	e.Gender = rm.gender
	e.Identifiers = rm.identifiers
	for _, c := range rm.unresolved {
		ps.unresolved[c]++
	}
	for _, s := range rm.skipped {
		ps.skipped.Add(fmt.Sprintf("%s (entry %d)", listfile.Quote(s), b.id))
	}
	e.Aliases = mergeAliases(e.Name, e.Aliases, rm.aliases)
}

// mergeAliases appends the weak aliases from remarks to those of alt.csv, skipping any already given as the
// name or a stronger alias.
func mergeAliases(name string, strong, weak []vigil.Alias) []vigil.Alias {
	seen := make(map[string]bool, len(strong)+len(weak)+1)
	seen[strings.ToLower(name)] = true
	out := strong[:0:0]
	for _, a := range append(strong, weak...) {
		k := strings.ToLower(a.Name)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func (ps *parser) warnings() []string {
	var w []string
	for _, oc := range ps.orphans {
		if oc.rows == 0 {
			continue
		}
		ids := make([]string, len(oc.sample))
		for i, id := range oc.sample {
			ids[i] = strconv.FormatUint(id, 10)
		}
		more := ""
		if len(oc.entries) > len(oc.sample) {
			more = ", …"
		}
		w = append(w, fmt.Sprintf("%s: skipped %d rows for %d ent_nums that have no sdn.csv row (%s%s); are the files of the same date?",
			oc.file, oc.rows, len(oc.entries), strings.Join(ids, ", "), more))
	}
	w = append(w, ps.truncated...)
	if ps.emptyAlias > 0 {
		w = append(w, fmt.Sprintf("%s: skipped %d rows with an empty alt_name", ps.altFile, ps.emptyAlias))
	}
	if len(ps.unresolved) > 0 {
		w = append(w, "country names that are not one current country, kept as text only: "+listfile.CountList(ps.unresolved, 0))
	}
	if ps.skipped.N > 0 {
		w = append(w, fmt.Sprintf("%d identifiers in remarks are not valid and were not made indicators (they stay in the remarks): %s",
			ps.skipped.N, ps.skipped.String()))
	}
	return w
}

func entryKind(sdnType string) (vigil.EntryKind, bool) {
	switch strings.TrimSpace(sdnType) {
	case "individual":
		return vigil.EntryPerson, true
	case "vessel":
		return vigil.EntryVessel, true
	case "aircraft":
		return vigil.EntryAircraft, true
	case "", null:
		return vigil.EntryOrganization, true
	}
	return "", false
}

func aliasType(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "aka", "a.k.a.":
		return "aka", true
	case "fka", "f.k.a.":
		return "fka", true
	case "nka", "n.k.a.":
		return "nka", true
	}
	return "", false
}

// splitPrograms splits OFAC's program column, "DPRK3] [CYBER2", into its codes.
func splitPrograms(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, "] [") {
		p = strings.TrimSpace(strings.Trim(p, "[] "))
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
