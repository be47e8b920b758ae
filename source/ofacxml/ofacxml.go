// Package ofacxml reads OFAC's XML publications of the Specially Designated Nationals list:
//
//   - SDN_ADVANCED.XML, the "advanced sanctions data standard" designed with the UN (root Sanctions in the
//     namespace https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML,
//     formerly http://www.un.org/sanctions/1.0). Everything is a reference into the file's own
//     ReferenceValueSets: a party's kind is a PartySubTypeID, a name's script a ScriptID, a passport's type an
//     IDRegDocTypeID. The parser resolves every ID through the values the file defines and decides by their
//     text ("Individual", "Passport", "Birthdate"), never by a numeric ID, which OFAC is free to renumber.
//   - SDN_ENHANCED.XML, the Sanctions List Service's enhanced format (root sanctionsData in the namespace
//     …/exports/ENHANCED_XML), which writes each entity with its names, features and documents inline.
//
// Both carry the same list as the legacy CSV read by source/ofac, and the entries are the same: the entry ID is
// the ent_num (DistinctParty FixedRef, entity id), the name is the primary name in Latin script written as
// OFAC's CSV writes it ("CHO'N, Yo'n Ku'n"), and identity documents, digital-currency addresses, emails and
// phone numbers become the identifiers the CSV's remarks yield.
//
// Mapping: the kind comes from the party sub-type (Vessel, Aircraft) or party type (Individual, Entity); every
// other name is an alias, typed aka, fka or nka from its alias type and Weak when OFAC marks it low quality;
// names in other scripts (Hangul, Chinese, Cyrillic, Arabic) are aliases too. Programs are the sanctions
// measures of type Program (their comment is the program code, "DPRK3"). Features give birth dates
// (DatePeriod or text), places of birth, nationality and citizenship countries, gender, titles, addresses,
// digital-currency addresses, emails and phone numbers; identity documents are the ID/registration documents
// of the types a person presents, with the issuing country. The date of issue (advanced) or dataAsOf
// (enhanced) is the list's as-of time.
//
// The file is read with a streaming decoder, one record at a time; memory follows the number of entries, not
// the size of the file. Input is treated as hostile: a DOCTYPE or any other directive is refused (no entity
// can be declared, let alone expanded), as is any processing instruction; nesting, element text, the elements
// of one record, the names of one entry and the file size are capped; only UTF-8 is read.
//
// Structural faults are errors naming file, line and record, and then nothing is returned: malformed XML, a
// foreign root or namespace, sections out of the order the schema fixes, a missing, non-numeric or duplicate
// ent_num or reference ID, an entry without a primary name, a party type the parser does not know, a
// sanctions entry for a profile the file does not have, an unreadable date of issue. Values the parser cannot
// use (an unreadable birth date, a country name that is not one country, an invalid document number or
// address, a reference to an undefined value) are skipped and reported as warnings, so that one odd value in
// a new release does not stop `vigil lists update`.
package ofacxml

import (
	"encoding/xml"
	"sort"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/internal/xmlsafe"
)

// File is a list file: a name for messages and its content.
type File = listfile.File

// Kind is which of OFAC's XML formats a file is in.
type Kind string

// The formats.
const (
	KindAdvanced Kind = "advanced" // SDN_ADVANCED.XML: root Sanctions
	KindEnhanced Kind = "enhanced" // SDN_ENHANCED.XML: root sanctionsData
)

// The namespaces of the formats' root elements.
const (
	NamespaceAdvanced   = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"
	NamespaceAdvancedUN = "http://www.un.org/sanctions/1.0" // before the Sanctions List Service, 2015–2023
	NamespaceEnhanced   = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML"
)

const (
	rootAdvanced = "Sanctions"
	rootEnhanced = "sanctionsData"
)

// rootKind tells the format from the root element: its local name and namespace (or no namespace, as mirrors
// that strip it write the files).
func rootKind(name xml.Name) (Kind, bool) {
	switch {
	case name.Local == rootAdvanced && (name.Space == NamespaceAdvanced || name.Space == NamespaceAdvancedUN || name.Space == ""):
		return KindAdvanced, true
	case name.Local == rootEnhanced && (name.Space == NamespaceEnhanced || name.Space == ""):
		return KindEnhanced, true
	}
	return "", false
}

// Sniff reports which OFAC XML format data is in, from its root element; ok is false for anything else.
func Sniff(data []byte) (kind Kind, ok bool) {
	root, _, ok := xmlsafe.SniffRoot(data)
	if !ok {
		return "", false
	}
	return rootKind(root)
}

// Result is what Parse read: entries ordered by ent_num; AsOf is the date of issue (advanced) or dataAsOf (enhanced).
type Result = listfile.Result

// Parse reads an OFAC advanced or enhanced XML file (told apart by its root element) into entries whose List is
// list. On any structural fault it returns a listfile.ErrorList naming file, line and record, and no result.
func Parse(f *File, list string) (*Result, error) {
	var errs listfile.ErrorList
	if !listfile.CheckSize(f.Name, f.Data, &errs) {
		return nil, errs.Err()
	}
	r := newReader(f.Name, listfile.TrimBOM(f.Data))
	n := newNotes(f.Name)
	var out parsed
	if start, ok := r.root(); ok {
		switch kind, known := rootKind(start.Name); {
		case !known:
			r.rootError(start.Name)
		case kind == KindAdvanced:
			out = readAdvanced(r, n, start, list)
		default:
			out = readEnhanced(r, n, start, list)
		}
		if r.errs.Len() == 0 {
			r.trailer()
		}
	} else if r.errs.Len() == 0 {
		r.Errorf(0, "", "has no root element; is it an OFAC advanced (Sanctions) or enhanced (sanctionsData) XML file?")
	}
	if r.errs.Len() > 0 {
		r.errs.Sort()
		return nil, r.errs.Err()
	}
	sort.Slice(out.entries, func(i, j int) bool { return out.entries[i].id < out.entries[j].id })
	res := &Result{Entries: make([]*vigil.ListEntry, len(out.entries)), AsOf: out.asOf, Warnings: n.list()}
	for i, b := range out.entries {
		res.Entries[i] = b.finish()
	}
	return res, nil
}

// parsed is what a format's reader returns: the entries being built and the as-of time.
type parsed struct {
	entries []*builder
	asOf    time.Time
}

func (r *reader) rootError(name xml.Name) {
	switch name.Local {
	case rootAdvanced:
		r.Errorf(r.Line(), "", "the root element <%s> is in the namespace %q; OFAC's advanced format uses %q", rootAdvanced, xmlsafe.Name(name.Space), NamespaceAdvanced)
	case rootEnhanced:
		r.Errorf(r.Line(), "", "the root element <%s> is in the namespace %q; OFAC's enhanced format uses %q", rootEnhanced, xmlsafe.Name(name.Space), NamespaceEnhanced)
	default:
		r.Errorf(r.Line(), "", "the root element is <%s>; an OFAC advanced XML file has <%s>, an enhanced one <%s>", xmlsafe.Name(name.Local), rootAdvanced, rootEnhanced)
	}
}

// sections checks that a format's top-level sections come in the order its schema fixes, each at most once:
// references are resolved against the values read before them.
type sections struct {
	r     *reader
	order map[string]int
	seen  map[string]int // name → line
	last  string
}

func newSections(r *reader, names ...string) *sections {
	s := &sections{r: r, order: map[string]int{}, seen: map[string]int{}}
	for i, name := range names {
		s.order[name] = i + 1
	}
	return s
}

// enter reports whether the known section name may come here; an error is recorded when it may not.
func (s *sections) enter(name string) bool {
	line := s.r.Line()
	if prev, dup := s.seen[name]; dup {
		s.r.Errorf(line, "", "<%s> is given twice (also on line %d)", name, prev)
		return false
	}
	if s.last != "" && s.order[name] < s.order[s.last] {
		s.r.Errorf(line, "", "<%s> comes after <%s>; the format puts it before, and its references are resolved in that order", name, s.last)
		return false
	}
	s.seen[name] = line
	s.last = name
	return true
}
