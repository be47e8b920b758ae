package uk

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/vigil-sec/vigil/source/internal/listfile"
)

const (
	xmlRoot = "Designations"
	// maxDepth bounds nesting: the deepest known path is Designations/Designation/IndividualDetails/Individual/
	// BirthDetails/Location/TownOfBirth, seven levels.
	maxDepth = 10
	// maxElements bounds the elements of one designation; real ones have fewer than 300.
	maxElements = 20000
)

// sniffXML reports XML whose root element is Designations (in any namespace).
func sniffXML(data []byte) bool {
	if len(data) > sniffWindow {
		data = data[:sniffWindow]
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) == 0 || t[0] != '<' {
		return false
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t.Name.Local == xmlRoot
		case xml.Directive:
			return bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE "+xmlRoot))
		}
	}
}

// node is an element of one designation: its name, line, text and children.
type node struct {
	name     string
	line     int
	text     string
	children []*node
}

// child returns the cleaned text of the first child called name.
func (n *node) child(name string) string {
	for _, c := range n.children {
		if c.name == name {
			return clean(c.text)
		}
	}
	return ""
}

// all returns the descendants of n called name, in document order, not looking inside a match.
func (n *node) all(name string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		for _, c := range m.children {
			if c.name == name {
				out = append(out, c)
				continue
			}
			walk(c)
		}
	}
	walk(n)
	return out
}

// texts returns the raw text of the descendants of n called name.
func (n *node) texts(name string) []string {
	var out []string
	for _, c := range n.all(name) {
		out = append(out, c.text)
	}
	return out
}

type xmlReader struct {
	p   *parser
	dec *xml.Decoder
}

func (x *xmlReader) line() int {
	line, _ := x.dec.InputPos()
	return line
}

func (p *parser) parseXML(data []byte) {
	x := &xmlReader{p: p, dec: xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))}
	x.dec.Strict = true
	// No CharsetReader: a file that declares an encoding other than UTF-8 is refused by the decoder.
	depth := 0
	sawRoot, sawDate := false, false
	for !p.tooManyErrors() {
		tok, err := x.dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			x.syntaxError(err, "")
			return
		}
		switch t := tok.(type) {
		case xml.Directive:
			p.errorf(x.line(), "", "has a <!%s> directive; a DOCTYPE or entity declaration is not accepted in a UK Sanctions List", firstWord(t))
			return
		case xml.ProcInst:
			if depth > 0 || t.Target != "xml" {
				p.errorf(x.line(), "", "has a processing instruction <?%s?>; none is expected in a UK Sanctions List", firstWord(xml.Directive(t.Target)))
				return
			}
		case xml.StartElement:
			name := t.Name.Local
			if depth == 0 {
				if sawRoot || name != xmlRoot {
					p.errorf(x.line(), "", "the root element is <%s>; the UK Sanctions List XML has <%s>", firstWord(xml.Directive(name)), xmlRoot)
					return
				}
				sawRoot = true
				depth++
				continue
			}
			// depth 1: a child of the root
			n, err := x.readElement(t, depth)
			if err != nil {
				return
			}
			switch name {
			case "Designation":
				p.xmlDesignation(n)
			case "DateGenerated":
				if sawDate {
					p.errorf(n.line, "", "<DateGenerated> is given twice")
					return
				}
				sawDate = true
				at, ok := parseGenerated(n.text)
				if !ok {
					p.errorf(n.line, "", "DateGenerated %s is not a date such as \"20/08/2026\"", listfile.Quote(clean(n.text)))
					return
				}
				p.asOf = at
			default:
				p.count(p.unknown, "elements <"+xmlRoot+"/"+firstWord(xml.Directive(name))+">", n.line)
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				p.errorf(x.line(), "", "has text %s outside any designation", listfile.Quote(string(bytes.TrimSpace(t))))
				return
			}
		}
	}
	if p.errs.Len() > 0 {
		return
	}
	if !sawRoot {
		p.errorf(0, "", "has no <%s> element; is it the UK Sanctions List XML?", xmlRoot)
		return
	}
	if !sawDate {
		p.warnings = append(p.warnings, p.file+": has no <DateGenerated>; the list has no as-of date")
	}
}

// syntaxError reports a decoder error with its line.
func (x *xmlReader) syntaxError(err error, record string) {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		x.p.errorf(se.Line, record, "malformed XML: %s", se.Msg)
		return
	}
	x.p.errorf(x.line(), record, "malformed XML: %v", err)
}

// readElement reads the element start opened at depth, with everything inside it, into a node tree.
func (x *xmlReader) readElement(start xml.StartElement, depth int) (*node, error) {
	p := x.p
	root := &node{name: start.Name.Local, line: x.line()}
	stack := []*node{root}
	text := make([][]byte, 1, maxDepth)
	count := 0
	for {
		tok, err := x.dec.Token()
		if err != nil {
			var se *xml.SyntaxError
			if err == io.EOF || errors.As(err, &se) && se.Msg == "unexpected EOF" {
				p.errorf(x.line(), root.name, "the file ends inside <%s> opened on line %d", root.name, root.line)
				return nil, err
			}
			x.syntaxError(err, root.name)
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth+len(stack) >= maxDepth {
				p.errorf(x.line(), root.name, "<%s> is nested %d levels deep; the UK format has at most 7", firstWord(xml.Directive(t.Name.Local)), depth+len(stack)+1)
				return nil, errors.New("too deep")
			}
			if count++; count > maxElements {
				p.errorf(x.line(), root.name, "<%s> opened on line %d has more than %d elements", root.name, root.line, maxElements)
				return nil, errors.New("too many elements")
			}
			n := &node{name: t.Name.Local, line: x.line()}
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
			if len(*b)+len(t) > maxFieldBytes {
				n := stack[len(stack)-1]
				p.errorf(x.line(), root.name, "<%s> has more than %d bytes of text", n.name, maxFieldBytes)
				return nil, errors.New("text too long")
			}
			*b = append(*b, t...)
		case xml.Directive:
			p.errorf(x.line(), root.name, "has a <!%s> directive inside <%s>", firstWord(t), root.name)
			return nil, errors.New("directive")
		case xml.ProcInst:
			p.errorf(x.line(), root.name, "has a processing instruction <?%s?> inside <%s>", firstWord(xml.Directive(t.Target)), root.name)
			return nil, errors.New("processing instruction")
		}
	}
}

// firstWord shows the start of a directive or name in a message, quoted safely.
func firstWord(d xml.Directive) string {
	s := strings.TrimSpace(string(d))
	if i := strings.IndexAny(s, " \t\r\n["); i >= 0 {
		s = s[:i]
	}
	if len(s) > 40 {
		s = s[:40]
	}
	q := strconv.QuoteToASCII(s)
	return q[1 : len(q)-1]
}

// designationChildren are the elements a Designation may have, and whether each may occur more than once.
// Anything else is counted in a warning.
var designationChildren = map[string]bool{
	"LastUpdated": false, "DateDesignated": false, "UniqueID": false, "OFSIGroupID": false,
	"UNReferenceNumber": false, "RegimeName": false, "IndividualEntityShip": false, "DesignationSource": false,
	"SanctionsImposed": false, "OtherInformation": false, "UKStatementofReasons": false,
	"Names": true, "NonLatinNames": true, "Titles": true, "Addresses": true, "PhoneNumbers": true,
	"EmailAddresses": true, "Websites": true, "IndividualDetails": true, "EntityDetails": true, "ShipDetails": true,
	"SanctionsImposedIndicators": true,
}

// xmlDesignation reads one Designation element.
func (p *parser) xmlDesignation(d *node) {
	single := map[string]*node{}
	for _, c := range d.children {
		repeatable, ok := designationChildren[c.name]
		if !ok {
			p.count(p.unknown, "elements <Designation/"+firstWord(xml.Directive(c.name))+">", c.line)
			continue
		}
		if !repeatable {
			if prev, dup := single[c.name]; dup {
				p.errorf(c.line, record(d.child("UniqueID")), "<Designation> has two <%s> elements (lines %d and %d); it may have one", c.name, prev.line, c.line)
				return
			}
			single[c.name] = c
		}
	}
	line := d.line
	if n := single["UniqueID"]; n != nil {
		line = n.line
	}
	b := p.designation(d.child("UniqueID"), d.child("IndividualEntityShip"), line)
	if b == nil {
		return
	}
	b.regime = d.child("RegimeName")
	b.fact("UN reference number", d.child("UNReferenceNumber"))
	for _, c := range d.children {
		switch c.name {
		case "Names":
			for _, n := range c.all("Name") {
				name := joinName(n.child("Name6"), n.child("Name1"), n.child("Name2"), n.child("Name3"), n.child("Name4"), n.child("Name5"))
				p.name(b, name, n.child("NameType"), n.child("AliasStrength"), n.line)
			}
		case "NonLatinNames":
			for _, t := range c.texts("NameNonLatinScript") {
				p.nonLatinName(b, t)
			}
		case "Titles":
			for _, t := range c.texts("Title") {
				p.title(b, t)
			}
		case "Addresses":
			for _, a := range c.all("Address") {
				var lines [6]string
				for i := range lines {
					lines[i] = a.child("AddressLine" + strconv.Itoa(i+1))
				}
				p.address(b, lines, a.child("AddressPostalCode"), a.child("AddressCountry"))
			}
		case "PhoneNumbers":
			for _, t := range c.texts("PhoneNumber") {
				p.phone(b, t)
			}
		case "EmailAddresses":
			for _, t := range c.texts("EmailAddress") {
				p.email(b, t)
			}
		case "Websites":
			for _, t := range c.texts("Website") {
				p.website(b, t)
			}
		case "IndividualDetails":
			p.xmlIndividual(b, c)
		case "EntityDetails":
			for _, t := range c.texts("BusinessRegistrationNumber") {
				b.fact("Business registration number", t)
			}
		case "ShipDetails":
			for _, t := range c.texts("IMONumber") {
				b.fact("IMO number", t)
			}
			for _, t := range c.texts("HullIdentificationNumber") {
				b.fact("Hull identification number", t)
			}
			for _, t := range c.texts("CurrentBelievedFlagOfShip") {
				b.fact("Current believed flag", t)
			}
			for _, t := range c.texts("TypeOfShip") {
				b.fact("Type of ship", t)
			}
		}
	}
	p.designated(b, d.child("DateDesignated"))
	if n := single["OtherInformation"]; n != nil {
		b.addTo(&b.otherInfo, "info", cleanText(n.text))
	}
	if n := single["UKStatementofReasons"]; n != nil {
		b.addTo(&b.reasons, "reasons", cleanText(n.text))
	}
}

// xmlIndividual reads IndividualDetails: dates and places of birth, nationalities, documents, positions,
// titles and gender.
func (p *parser) xmlIndividual(b *builder, n *node) {
	for _, t := range n.texts("DOB") {
		p.birthDate(b, t)
	}
	for _, t := range n.texts("Nationality") {
		p.nationalities(b, t)
	}
	for _, t := range n.texts("Title") {
		p.title(b, t)
	}
	for _, t := range n.texts("Position") {
		p.title(b, t)
	}
	for _, t := range n.texts("Gender") {
		p.gender(b, t)
	}
	for _, l := range n.all("Location") {
		if town, c := l.child("TownOfBirth"), l.child("CountryOfBirth"); town != "" || c != "" {
			p.birthPlace(b, town, c)
		}
	}
	for _, d := range n.all("Passport") {
		p.document(b, "Passport", d.child("PassportNumber"), additionalInfo(d))
	}
	for _, d := range n.all("NationalIdentifier") {
		p.document(b, "National Identifier", d.child("NationalIdentifierNumber"), additionalInfo(d))
	}
}

// additionalInfo returns the text of a document's …AdditionalInformation child (PassportAdditionalInformation,
// NationalIdentifierAdditionalInformation).
func additionalInfo(d *node) string {
	for _, c := range d.children {
		if strings.HasSuffix(c.name, "AdditionalInformation") {
			return clean(c.text)
		}
	}
	return ""
}
