package ofacxml

import (
	"bytes"
	"encoding/xml"
	"io"

	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/internal/xmlsafe"
)

const (
	// maxDepth bounds nesting. The deepest paths of both formats are ten levels
	// (Sanctions/DistinctParties/DistinctParty/Profile/Feature/FeatureVersion/DatePeriod/Start/From/Year and
	// sanctionsData/entities/entity/names/name/translations/translation/nameParts/namePart/type).
	maxDepth = 16
	// maxTextBytes bounds the text of one element; OFAC's longest remarks are a few KB.
	maxTextBytes = 64 << 10
	// maxElements bounds the elements of one record (a DistinctParty, an entity, a location). The largest
	// real records, entities with hundreds of digital-currency addresses, have a few thousand.
	maxElements = 50000
	// maxErrors stops collecting errors from a file that is plainly broken.
	maxErrors = 10
)

// errAbort stops reading; what went wrong is already in the error list.
var errAbort = xmlsafe.ErrRecorded

// ofacFormat is what the reader needs to know of OFAC's two XML formats.
var ofacFormat = xmlsafe.Format{
	Name: "the format", Depth: 10, File: "an OFAC XML file",
	MaxDepth: maxDepth, MaxText: maxTextBytes, MaxElements: maxElements,
}

// reader walks one XML file token by token with the limits of xmlsafe, collecting the errors of the file.
type reader struct {
	*xmlsafe.Reader
	errs listfile.ErrorList
}

func newReader(file string, data []byte) *reader {
	r := &reader{}
	r.Reader = xmlsafe.NewReader(file, data, &r.errs, ofacFormat)
	return r
}

// full reports whether enough errors were collected to stop.
func (r *reader) full() bool { return r.errs.Len() >= maxErrors }

// root reads the prolog (an XML declaration, comments, white space) and returns the root element.
func (r *reader) root() (xml.StartElement, bool) {
	for {
		tok, err := r.Token()
		if err == io.EOF {
			return xml.StartElement{}, false
		}
		if err != nil {
			r.SyntaxError(err, "")
			return xml.StartElement{}, false
		}
		if !r.CheckOutside(tok, 0) {
			return xml.StartElement{}, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, true
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				r.Errorf(r.Line(), "", "has text %s before the root element", listfile.Quote(string(bytes.TrimSpace(t))))
				return xml.StartElement{}, false
			}
		}
	}
}

// trailer reads what follows the root element: only comments and white space may.
func (r *reader) trailer() {
	for {
		tok, err := r.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			r.SyntaxError(err, "")
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			r.Errorf(r.Line(), "", "has a second root element <%s>", xmlsafe.Name(t.Name.Local))
			return
		case xml.Directive, xml.ProcInst:
			r.Errorf(r.Line(), "", "has a directive or processing instruction after the root element")
			return
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				r.Errorf(r.Line(), "", "has text %s after the root element", listfile.Quote(string(bytes.TrimSpace(t))))
				return
			}
		}
	}
}

// children calls fn for each child element of start, which is at depth (the root is at depth 1); fn must
// consume the child (read, skip or walk it). Text between the children is an error: the sections and lists of
// both formats hold elements only.
func (r *reader) children(start xml.StartElement, depth int, record string, fn func(child xml.StartElement, depth int) error) error {
	name, line := start.Name.Local, r.Line()
	for {
		tok, err := r.Next(record, name, line)
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !r.CheckDepth(t, depth+1, record) {
				return errAbort
			}
			if err := fn(t, depth+1); err != nil {
				return err
			}
			if r.full() {
				return errAbort
			}
		case xml.EndElement:
			return nil
		case xml.CharData:
			if s := bytes.TrimSpace(t); len(s) > 0 {
				r.Errorf(r.Line(), record, "has text %s directly inside <%s>", listfile.Quote(string(s)), xmlsafe.Name(name))
				return errAbort
			}
		}
	}
}

// records reads each child of a section called name with fn; other children are counted in n as unknown and
// skipped.
func (r *reader) records(n *notes, sec xml.StartElement, depth int, name string, fn func(*node)) error {
	return r.children(sec, depth, "", func(rec xml.StartElement, depth int) error {
		if rec.Name.Local != name {
			n.unknownElement(sec.Name.Local+"/"+rec.Name.Local, r.Line())
			return r.Skip(rec, depth, "")
		}
		el, err := r.Read(rec, depth, name)
		if err != nil {
			return err
		}
		fn(el)
		return nil
	})
}

// node is an element of one record.
type node = xmlsafe.Node
