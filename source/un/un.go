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
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/listfile"
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
	const window = 64 << 10
	if len(data) > window {
		data = data[:window]
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t.Name.Local == rootElement
		case xml.Directive:
			return bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE "+rootElement))
		}
	}
}

// Result is what Parse read.
type Result struct {
	Entries  []*vigil.ListEntry // ordered by DATAID
	AsOf     time.Time          // the root's dateGenerated; zero when absent
	Warnings []string
}

// Parse reads a consolidated list into entries whose List is list. On any structural fault it returns a
// listfile.ErrorList naming file, line and record, and no entries.
func Parse(f *File, list string) (*Result, error) {
	p := &parser{file: f.Name, list: list, seen: map[uint64]int{}, unknown: map[string]*unknownElement{},
		unresolved: map[string]int{}}
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

type unknownElement struct {
	count     int
	firstLine int
}

type parser struct {
	file    string
	list    string
	dec     *xml.Decoder
	errs    listfile.ErrorList
	entries []parsedEntry
	seen    map[uint64]int // DATAID → line
	asOf    time.Time

	warnings   []string
	unknown    map[string]*unknownElement // "INDIVIDUAL/FOO" → count
	unresolved map[string]int             // country names
	skipped    []string                   // values that could not be used
	nSkipped   int
}

func (p *parser) errorf(line int, record, format string, args ...any) {
	p.errs.Add(p.file, line, record, fmt.Sprintf(format, args...))
}

func (p *parser) line() int {
	line, _ := p.dec.InputPos()
	return line
}

func (p *parser) parse(data []byte) {
	if len(data) > listfile.MaxFileBytes {
		p.errorf(0, "", "is %d bytes; at most %d are accepted", len(data), listfile.MaxFileBytes)
		return
	}
	p.dec = xml.NewDecoder(bytes.NewReader(data))
	p.dec.Strict = true
	// No CharsetReader: a file that declares an encoding other than UTF-8 is refused by the decoder.
	depth := 0
	var path []string
	sawRoot := false
	for p.errs.Len() < maxErrors {
		tok, err := p.dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			p.syntaxError(err, "")
			return
		}
		switch t := tok.(type) {
		case xml.Directive:
			p.errorf(p.line(), "", "has a <!%s> directive; a DOCTYPE or entity declaration is not accepted in a UN list", firstWord(t))
			return
		case xml.ProcInst:
			if depth > 0 || t.Target != "xml" {
				p.errorf(p.line(), "", "has a processing instruction <?%s?>; none is expected in a UN list", t.Target)
				return
			}
		case xml.StartElement:
			name := t.Name.Local
			switch depth {
			case 0:
				if sawRoot || name != rootElement {
					p.errorf(p.line(), "", "the root element is <%s>; a UN consolidated list has <%s>", name, rootElement)
					return
				}
				sawRoot = true
				p.readRoot(t)
			case 1:
				if name != "INDIVIDUALS" && name != "ENTITIES" {
					p.unknownElement(rootElement+"/"+name, p.line())
					if _, err := p.readElement(t, depth); err != nil {
						return
					}
					continue
				}
			case 2:
				parent := path[len(path)-1]
				if (parent == "INDIVIDUALS" && name == "INDIVIDUAL") || (parent == "ENTITIES" && name == "ENTITY") {
					rec, err := p.readElement(t, depth)
					if err != nil {
						return
					}
					p.record(rec)
					continue
				}
				p.unknownElement(parent+"/"+name, p.line())
				if _, err := p.readElement(t, depth); err != nil {
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
				p.errorf(p.line(), "", "has text %s outside any record", listfile.Quote(string(bytes.TrimSpace(t))))
				return
			}
		}
	}
	if !sawRoot && p.errs.Len() == 0 {
		p.errorf(0, "", "has no <%s> element; is it a UN consolidated list?", rootElement)
	}
}

// syntaxError reports a decoder error with its line.
func (p *parser) syntaxError(err error, record string) {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		p.errorf(se.Line, record, "malformed XML: %s", se.Msg)
		return
	}
	p.errorf(p.line(), record, "malformed XML: %v", err)
}

func (p *parser) readRoot(t xml.StartElement) {
	for _, a := range t.Attr {
		if a.Name.Local != "dateGenerated" {
			continue
		}
		at, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(a.Value))
		if err != nil {
			p.warnings = append(p.warnings, fmt.Sprintf("%s:%d: dateGenerated %s is not a date and time; the list has no as-of date", p.file, p.line(), listfile.Quote(a.Value)))
			continue
		}
		p.asOf = at.UTC()
	}
}

// node is an element of one record: its name, line, text and children.
type node struct {
	name     string
	line     int
	text     string
	children []*node
}

// readElement reads the element start opened, with everything inside it, into a node tree.
func (p *parser) readElement(start xml.StartElement, depth int) (*node, error) {
	root := &node{name: start.Name.Local, line: p.line()}
	stack := []*node{root}
	text := make([][]byte, 1, maxDepth)
	count := 0
	for {
		tok, err := p.dec.Token()
		if err != nil {
			var se *xml.SyntaxError
			if err == io.EOF || errors.As(err, &se) && se.Msg == "unexpected EOF" {
				p.errorf(p.line(), root.name, "the file ends inside <%s> opened on line %d", root.name, root.line)
				return nil, err
			}
			p.syntaxError(err, root.name)
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth+len(stack) >= maxDepth {
				p.errorf(p.line(), root.name, "<%s> is nested %d levels deep; the UN format has at most 5", t.Name.Local, depth+len(stack)+1)
				return nil, errors.New("too deep")
			}
			if count++; count > maxChildren {
				p.errorf(p.line(), root.name, "<%s> opened on line %d has more than %d elements", root.name, root.line, maxChildren)
				return nil, errors.New("too many elements")
			}
			n := &node{name: t.Name.Local, line: p.line()}
			parent := stack[len(stack)-1]
			parent.children = append(parent.children, n)
			stack = append(stack, n)
			text = append(text, nil)
		case xml.EndElement:
			n := stack[len(stack)-1]
			n.text = string(text[len(text)-1])
			stack = stack[:len(stack)-1]
			text = text[:len(text)-1]
			if len(stack) == 0 {
				return root, nil
			}
		case xml.CharData:
			b := &text[len(text)-1]
			if len(*b)+len(t) > maxTextBytes {
				n := stack[len(stack)-1]
				p.errorf(p.line(), root.name, "<%s> has more than %d bytes of text", n.name, maxTextBytes)
				return nil, errors.New("text too long")
			}
			*b = append(*b, t...)
		case xml.Directive:
			p.errorf(p.line(), root.name, "has a <!%s> directive inside <%s>", firstWord(t), root.name)
			return nil, errors.New("directive")
		case xml.ProcInst:
			p.errorf(p.line(), root.name, "has a processing instruction <?%s?> inside <%s>", t.Target, root.name)
			return nil, errors.New("processing instruction")
		}
	}
}

func firstWord(d xml.Directive) string {
	s := strings.TrimSpace(string(d))
	if i := strings.IndexAny(s, " \t\r\n["); i >= 0 {
		s = s[:i]
	}
	if len(s) > 20 {
		s = s[:20]
	}
	return strconv.QuoteToASCII(s)[1 : len(strconv.QuoteToASCII(s))-1]
}

func (p *parser) unknownElement(path string, line int) {
	u := p.unknown[path]
	if u == nil {
		u = &unknownElement{firstLine: line}
		p.unknown[path] = u
	}
	u.count++
}

func (p *parser) skip(what string, dataID string) {
	p.nSkipped++
	if len(p.skipped) < 8 {
		p.skipped = append(p.skipped, fmt.Sprintf("%s (DATAID %s)", what, dataID))
	}
}

func (p *parser) warningList() []string {
	w := p.warnings
	paths := make([]string, 0, len(p.unknown))
	for path := range p.unknown {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		u := p.unknown[path]
		w = append(w, fmt.Sprintf("%s:%d: ignored %d unknown <%s> elements (a new element in the UN format?)", p.file, u.firstLine, u.count, listfile.Quote(path)[1:len(listfile.Quote(path))-1]))
	}
	if len(p.unresolved) > 0 {
		names := make([]string, 0, len(p.unresolved))
		for n := range p.unresolved {
			names = append(names, n)
		}
		sort.Strings(names)
		parts := make([]string, len(names))
		for i, n := range names {
			parts[i] = fmt.Sprintf("%s ×%d", listfile.Quote(n), p.unresolved[n])
		}
		w = append(w, p.file+": country names that are not one current country, kept as text only: "+strings.Join(parts, ", "))
	}
	if p.nSkipped > 0 {
		more := ""
		if p.nSkipped > len(p.skipped) {
			more = ", …"
		}
		w = append(w, fmt.Sprintf("%s: %d values could not be read and were skipped (they stay in the file): %s%s", p.file, p.nSkipped, strings.Join(p.skipped, ", "), more))
	}
	return w
}
