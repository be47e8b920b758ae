package uk

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/internal/xmlsafe"
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
	if t := bytes.TrimLeft(listfile.TrimBOM(data), " \t\r\n"); len(t) == 0 || t[0] != '<' {
		return false
	}
	root, directive, ok := xmlsafe.SniffRoot(data)
	if directive != nil {
		return bytes.HasPrefix(bytes.TrimSpace(directive), []byte("DOCTYPE "+xmlRoot))
	}
	return ok && root.Local == xmlRoot
}

// node is an element of one designation.
type node = xmlsafe.Node

// descendants returns the descendants of n called name, in document order, not looking inside a match.
func descendants(n *node, name string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		for _, c := range m.Children {
			if c.Name == name {
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
func texts(n *node, name string) []string {
	var out []string
	for _, c := range descendants(n, name) {
		out = append(out, c.Text)
	}
	return out
}

// ukFormat is what the reader needs to know of the UK Sanctions List XML.
var ukFormat = xmlsafe.Format{
	Name: "the UK format", Depth: 7, File: "a UK Sanctions List",
	MaxDepth: maxDepth, MaxText: maxFieldBytes, MaxElements: maxElements,
}

func (p *parser) parseXML(data []byte) {
	x := xmlsafe.NewReader(p.file, listfile.TrimBOM(data), &p.errs, ukFormat)
	depth := 0
	sawRoot, sawDate := false, false
	for !p.tooManyErrors() {
		tok, err := x.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			x.SyntaxError(err, "")
			return
		}
		if !x.CheckOutside(tok, depth) {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			if depth == 0 {
				if sawRoot || name != xmlRoot {
					p.errorf(x.Line(), "", "the root element is <%s>; the UK Sanctions List XML has <%s>", xmlsafe.Name(name), xmlRoot)
					return
				}
				sawRoot = true
				depth++
				continue
			}
			// depth 1: a child of the root
			n, err := x.Read(t, depth+1, name)
			if err != nil {
				return
			}
			switch name {
			case "Designation":
				p.xmlDesignation(n)
			case "DateGenerated":
				if sawDate {
					p.errorf(n.Line, "", "<DateGenerated> is given twice")
					return
				}
				sawDate = true
				at, ok := parseGenerated(n.Text)
				if !ok {
					p.errorf(n.Line, "", "DateGenerated %s is not a date such as \"20/08/2026\"", listfile.Quote(listfile.Clean(n.Text)))
					return
				}
				p.asOf = at
			default:
				p.count(&p.unknown, "elements <"+xmlRoot+"/"+xmlsafe.Name(name)+">", n.Line)
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				p.errorf(x.Line(), "", "has text %s outside any designation", listfile.Quote(string(bytes.TrimSpace(t))))
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
	for _, c := range d.Children {
		repeatable, ok := designationChildren[c.Name]
		if !ok {
			p.count(&p.unknown, "elements <Designation/"+xmlsafe.Name(c.Name)+">", c.Line)
			continue
		}
		if !repeatable {
			if prev, dup := single[c.Name]; dup {
				p.errorf(c.Line, record(d.ChildText("UniqueID")), "<Designation> has two <%s> elements (lines %d and %d); it may have one", c.Name, prev.Line, c.Line)
				return
			}
			single[c.Name] = c
		}
	}
	line := d.Line
	if n := single["UniqueID"]; n != nil {
		line = n.Line
	}
	b := p.designation(d.ChildText("UniqueID"), d.ChildText("IndividualEntityShip"), line)
	if b == nil {
		return
	}
	b.regime = d.ChildText("RegimeName")
	b.fact("UN reference number", d.ChildText("UNReferenceNumber"))
	for _, c := range d.Children {
		switch c.Name {
		case "Names":
			for _, n := range descendants(c, "Name") {
				name := joinName(n.ChildText("Name6"), n.ChildText("Name1"), n.ChildText("Name2"), n.ChildText("Name3"), n.ChildText("Name4"), n.ChildText("Name5"))
				p.name(b, name, n.ChildText("NameType"), n.ChildText("AliasStrength"), n.Line)
			}
		case "NonLatinNames":
			for _, t := range texts(c, "NameNonLatinScript") {
				p.nonLatinName(b, t)
			}
		case "Titles":
			for _, t := range texts(c, "Title") {
				p.title(b, t)
			}
		case "Addresses":
			for _, a := range descendants(c, "Address") {
				var lines [6]string
				for i := range lines {
					lines[i] = a.ChildText("AddressLine" + strconv.Itoa(i+1))
				}
				p.address(b, lines, a.ChildText("AddressPostalCode"), a.ChildText("AddressCountry"))
			}
		case "PhoneNumbers":
			for _, t := range texts(c, "PhoneNumber") {
				p.phone(b, t)
			}
		case "EmailAddresses":
			for _, t := range texts(c, "EmailAddress") {
				p.email(b, t)
			}
		case "Websites":
			for _, t := range texts(c, "Website") {
				p.website(b, t)
			}
		case "IndividualDetails":
			p.xmlIndividual(b, c)
		case "EntityDetails":
			for _, t := range texts(c, "BusinessRegistrationNumber") {
				b.fact("Business registration number", t)
			}
		case "ShipDetails":
			for _, t := range texts(c, "IMONumber") {
				b.fact("IMO number", t)
			}
			for _, t := range texts(c, "HullIdentificationNumber") {
				b.fact("Hull identification number", t)
			}
			for _, t := range texts(c, "CurrentBelievedFlagOfShip") {
				b.fact("Current believed flag", t)
			}
			for _, t := range texts(c, "TypeOfShip") {
				b.fact("Type of ship", t)
			}
		}
	}
	p.designated(b, d.ChildText("DateDesignated"))
	if n := single["OtherInformation"]; n != nil {
		b.addTo(&b.otherInfo, "info", cleanText(n.Text))
	}
	if n := single["UKStatementofReasons"]; n != nil {
		b.addTo(&b.reasons, "reasons", cleanText(n.Text))
	}
}

// xmlIndividual reads IndividualDetails: dates and places of birth, nationalities, documents, positions,
// titles and gender.
func (p *parser) xmlIndividual(b *builder, n *node) {
	for _, t := range texts(n, "DOB") {
		p.birthDate(b, t)
	}
	for _, t := range texts(n, "Nationality") {
		p.nationalities(b, t)
	}
	for _, t := range texts(n, "Title") {
		p.title(b, t)
	}
	for _, t := range texts(n, "Position") {
		p.title(b, t)
	}
	for _, t := range texts(n, "Gender") {
		p.gender(b, t)
	}
	for _, l := range descendants(n, "Location") {
		if town, c := l.ChildText("TownOfBirth"), l.ChildText("CountryOfBirth"); town != "" || c != "" {
			p.birthPlace(b, town, c)
		}
	}
	for _, d := range descendants(n, "Passport") {
		p.document(b, "Passport", d.ChildText("PassportNumber"), additionalInfo(d))
	}
	for _, d := range descendants(n, "NationalIdentifier") {
		p.document(b, "National Identifier", d.ChildText("NationalIdentifierNumber"), additionalInfo(d))
	}
}

// additionalInfo returns the text of a document's …AdditionalInformation child (PassportAdditionalInformation,
// NationalIdentifierAdditionalInformation).
func additionalInfo(d *node) string {
	for _, c := range d.Children {
		if strings.HasSuffix(c.Name, "AdditionalInformation") {
			return listfile.Clean(c.Text)
		}
	}
	return ""
}
