// Package un reads the UN Security Council Consolidated List in its XML format (consolidated.xml, root
// CONSOLIDATED_LIST with INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY records).
//
// The file is read with a streaming decoder, one record at a time, so memory follows the largest record, not
// the file. Input is treated as hostile: a DOCTYPE or any other directive is refused (no entity can be
// declared, let alone expanded), nesting, element text and file size are capped, and only UTF-8 is read.
//
// Mapping: the entry ID is DATAID; the name is FIRST_NAME … FOURTH_NAME in order; programmes are UN_LIST_TYPE
// ("DPRK") and the regime code of the reference number ("KP" of "KPi.001"); aliases of quality "Low" are
// Weak; NAME_ORIGINAL_SCRIPT is an alias; passports and national identification numbers are identifiers of
// kind document with the issuer from ISSUING_COUNTRY or COUNTRY_OF_ISSUE; the root's dateGenerated is the
// list's as-of time.
//
// Structural faults (malformed XML, a missing, duplicate or non-numeric DATAID, a record without a name, a
// single-valued element given twice) are errors naming file, line and record, and nothing is returned.
// Values the parser cannot use (an unreadable date, a country name that is not one country, a document number
// that is not valid) and elements it does not know are skipped and reported as warnings, so that a new element
// in a UN release does not stop `vigil lists update`.
package un

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/internal/xmlsafe"
)

// File is a list file: a name for messages and its content.
type File = listfile.File

const (
	rootElement = "CONSOLIDATED_LIST"
	// maxDepth bounds nesting: the format is five levels deep (CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL/
	// NATIONALITY/VALUE).
	maxDepth = 8
	// maxTextBytes bounds the text of one element; the longest COMMENTS1 in the real list is about 4 KB.
	maxTextBytes = 64 << 10
	// maxChildren bounds the elements of one record; real records have fewer than 100.
	maxChildren = 10000
	// maxErrors stops collecting errors from a file that is plainly broken.
	maxErrors = 10
)

// Sniff reports whether data is XML whose root element is CONSOLIDATED_LIST.
func Sniff(data []byte) bool {
	root, directive, ok := xmlsafe.SniffRoot(data)
	if directive != nil {
		return bytes.HasPrefix(bytes.TrimSpace(directive), []byte("DOCTYPE "+rootElement))
	}
	return ok && root.Local == rootElement
}

// Result is what Parse read: entries ordered by DATAID; AsOf is the root's dateGenerated, zero when absent.
type Result = listfile.Result

// Parse reads a consolidated list into entries whose List is list. On any structural fault it returns a
// listfile.ErrorList naming file, line and record, and no entries.
func Parse(f *File, list string) (*Result, error) {
	p := &parser{file: f.Name, list: list, seen: map[uint64]int{}, unresolved: map[string]int{}}
	p.parse(f.Data)
	if p.errs.Len() > 0 {
		p.errs.Sort()
		return nil, p.errs.Err()
	}
	sort.Slice(p.entries, func(i, j int) bool { return p.entries[i].id < p.entries[j].id })
	res := &Result{Entries: make([]*vigil.ListEntry, len(p.entries)), AsOf: p.asOf, Warnings: p.warningList()}
	for i, e := range p.entries {
		res.Entries[i] = e.entry
	}
	return res, nil
}

type parsedEntry struct {
	id    uint64
	entry *vigil.ListEntry
}

type parser struct {
	file    string
	list    string
	x       *xmlsafe.Reader
	errs    listfile.ErrorList
	entries []parsedEntry
	seen    map[uint64]int // DATAID → line
	asOf    time.Time

	warnings   []string
	unknown    listfile.Tally  // "INDIVIDUAL/FOO" → count
	unresolved map[string]int  // country names
	skipped    listfile.Sample // values that could not be used
}

func (p *parser) errorf(line int, record, format string, args ...any) {
	p.errs.Add(p.file, line, record, fmt.Sprintf(format, args...))
}

// unFormat is what the reader needs to know of the UN format.
var unFormat = xmlsafe.Format{
	Name: "the UN format", Depth: 5, File: "a UN list",
	MaxDepth: maxDepth, MaxText: maxTextBytes, MaxElements: maxChildren,
}

func (p *parser) parse(data []byte) {
	if !listfile.CheckSize(p.file, data, &p.errs) {
		return
	}
	p.x = xmlsafe.NewReader(p.file, data, &p.errs, unFormat)
	depth := 0
	var path []string
	sawRoot := false
	for p.errs.Len() < maxErrors {
		tok, err := p.x.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			p.x.SyntaxError(err, "")
			return
		}
		if !p.x.CheckOutside(tok, depth) {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			switch depth {
			case 0:
				if sawRoot || name != rootElement {
					p.errorf(p.x.Line(), "", "the root element is <%s>; a UN consolidated list has <%s>", name, rootElement)
					return
				}
				sawRoot = true
				p.readRoot(t)
			case 1:
				if name != "INDIVIDUALS" && name != "ENTITIES" {
					p.unknown.Add(rootElement+"/"+name, p.x.Line())
					if _, err := p.x.Read(t, depth+1, name); err != nil {
						return
					}
					continue
				}
			case 2:
				parent := path[len(path)-1]
				if (parent == "INDIVIDUALS" && name == "INDIVIDUAL") || (parent == "ENTITIES" && name == "ENTITY") {
					rec, err := p.x.Read(t, depth+1, name)
					if err != nil {
						return
					}
					p.record(rec)
					continue
				}
				p.unknown.Add(parent+"/"+name, p.x.Line())
				if _, err := p.x.Read(t, depth+1, name); err != nil {
					return
				}
				continue
			}
			depth++
			path = append(path, name)
		case xml.EndElement:
			depth--
			path = path[:len(path)-1]
		case xml.CharData:
			if depth <= 2 && len(bytes.TrimSpace(t)) > 0 {
				p.errorf(p.x.Line(), "", "has text %s outside any record", listfile.Quote(string(bytes.TrimSpace(t))))
				return
			}
		}
	}
	if !sawRoot && p.errs.Len() == 0 {
		p.errorf(0, "", "has no <%s> element; is it a UN consolidated list?", rootElement)
	}
}

func (p *parser) readRoot(t xml.StartElement) {
	for _, a := range t.Attr {
		if a.Name.Local != "dateGenerated" {
			continue
		}
		at, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(a.Value))
		if err != nil {
			p.warnings = append(p.warnings, fmt.Sprintf("%s:%d: dateGenerated %s is not a date and time; the list has no as-of date", p.file, p.x.Line(), listfile.Quote(a.Value)))
			continue
		}
		p.asOf = at.UTC()
	}
}

// node is an element of one record.
type node = xmlsafe.Node

func (p *parser) skip(what string, dataID string) {
	p.skipped.Add(fmt.Sprintf("%s (DATAID %s)", what, dataID))
}

func (p *parser) warningList() []string {
	w := p.warnings
	for _, u := range p.unknown.Sorted() {
		w = append(w, fmt.Sprintf("%s:%d: ignored %d unknown <%s> elements (a new element in the UN format?)", p.file, u.Line, u.Count, listfile.Quote(u.Key)[1:len(listfile.Quote(u.Key))-1]))
	}
	if len(p.unresolved) > 0 {
		w = append(w, p.file+": country names that are not one current country, kept as text only: "+listfile.CountList(p.unresolved, 0))
	}
	if p.skipped.N > 0 {
		w = append(w, listfile.SkippedWarning(p.file, &p.skipped))
	}
	return w
}
