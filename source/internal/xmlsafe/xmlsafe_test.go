package xmlsafe_test

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/internal/xmlsafe"
)

var testFormat = xmlsafe.Format{
	Name: "the test format", Depth: 3, File: "a test list", Namespace: "urn:test",
	MaxDepth: 4, MaxText: 16, MaxElements: 5, MaxAttrs: 2,
}

// readRecord reads the first child of the root of data as a record, as the parsers do.
func readRecord(t *testing.T, data string) (*xmlsafe.Node, listfile.ErrorList) {
	t.Helper()
	var errs listfile.ErrorList
	r := xmlsafe.NewReader("t.xml", []byte(data), &errs, testFormat)
	depth := 0
	for {
		tok, err := r.Token()
		if err == io.EOF {
			t.Fatal("no record")
		}
		if err != nil {
			r.SyntaxError(err, "")
			return nil, errs
		}
		if !r.CheckOutside(tok, depth) {
			return nil, errs
		}
		if s, ok := tok.(xml.StartElement); ok {
			if depth == 1 {
				n, err := r.Read(s, 2, "rec")
				if (err != nil) != (errs.Len() > 0) || err != nil && !errors.Is(err, xmlsafe.ErrRecorded) {
					t.Fatalf("Read error %v with %d errors recorded", err, errs.Len())
				}
				return n, errs
			}
			depth++
		}
	}
}

func TestReader_Read(t *testing.T) {
	data := "<root xmlns=\"urn:test\">\n<rec a=\"1\">\n <name>  A  B </name>\n <x:other xmlns:x=\"urn:other\">t</x:other>\n <list><v>1</v><v>2</v></list>\n</rec>\n</root>"
	n, errs := readRecord(t, data)
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	if n.Name != "rec" || n.Line != 2 || n.Attr("a") != "1" || n.Attr("b") != "" {
		t.Errorf("record %+v", n)
	}
	if got := n.ChildText("name"); got != "A B" {
		t.Errorf("ChildText(name) = %q", got)
	}
	if c := n.Child("{urn:other}other"); c == nil || c.Text != "t" || c.Line != 4 {
		t.Errorf("element in another namespace: %+v", c)
	}
	var values []string
	for _, v := range n.Path("list").All("v") {
		values = append(values, v.Value())
	}
	if !cmp.Equal(values, []string{"1", "2"}) {
		t.Errorf("values %q", values)
	}
	var none *xmlsafe.Node
	if none.Child("x") != nil || none.All("x") != nil || none.Value() != "" || none.Attr("x") != "" || n.Path("no", "such").ChildText("x") != "" {
		t.Error("a nil Node is not empty")
	}
}

func TestReader_Limits(t *testing.T) {
	const open = "<?xml version=\"1.0\"?>\n<root xmlns=\"urn:test\">\n"
	tests := []struct {
		name     string
		data     string
		wantLine int
		wantMsg  string
	}{
		{"TooDeep", open + "<rec><a><b><c>x</c></b></a></rec></root>", 3, "<c> is nested 5 levels deep; the test format has at most 3"},
		{"TooManyElements", open + "<rec><a/><a/><a/><a/><a/><a/></rec></root>", 3, "<rec> opened on line 3 has more than 5 elements"},
		{"TextTooLong", open + "<rec><a>" + strings.Repeat("x", 17) + "</a></rec></root>", 3, "<a> has more than 16 bytes of text"},
		{"TextTooLongInPieces", open + "<rec><a>" + strings.Repeat("x", 10) + "<!-- c -->" + strings.Repeat("x", 10) + "</a></rec></root>", 3, "<a> has more than 16 bytes of text"},
		{"TooManyAttributes", open + "<rec><a x=\"1\" y=\"2\" z=\"3\"/></rec></root>", 3, "<a> has 3 attributes; at most 2 are accepted"},
		{"AttributeTooLong", open + "<rec><a x=\"" + strings.Repeat("x", 17) + "\"/></rec></root>", 3, "attribute x of <a> has more than 16 bytes"},
		{"Directive", open + "<rec>\n<!ENTITY x \"y\"></rec></root>", 4, "has a <!ENTITY> directive inside <rec>; a DOCTYPE or entity declaration is not accepted"},
		{"ProcessingInstruction", open + "<rec><?php x?></rec></root>", 3, "processing instruction <?php?> inside <rec>"},
		{"EndsInside", open + "<rec>\n<a>", 4, "the file ends inside <rec> opened on line 3"},
		{"Malformed", open + "<rec>\n<a></b></rec></root>", 4, "malformed XML: element <a> closed by </b>"},
		{"InvalidUTF8", open + "<rec>\xff</rec></root>", 3, "malformed XML: invalid UTF-8"},
		{"OtherEncoding", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<root/>", 1, `encoding "ISO-8859-1" declared`},
		{"Doctype", "<!DOCTYPE root [<!ENTITY x \"y\">]>\n<root/>", 1, "has a <!DOCTYPE> directive; a DOCTYPE or entity declaration is not accepted in a test list"},
		{"PIBeforeRoot", "<?php x?>\n<root/>", 1, "has a processing instruction <?php?>; none is expected in a test list"},
		{"PIInRoot", open + "<?xml version=\"1.0\"?><rec/></root>", 3, "has a processing instruction <?xml?>; none is expected in a test list"},
		{"NameEscaped", open + "<rec><\u00e9l\u00e9ment><a><b>x</b></a></\u00e9l\u00e9ment></rec></root>", 3, `<b> is nested 5 levels`},
		{"NameEscapedInMessage", open + "<rec><\u00e9>" + strings.Repeat("x", 17) + "</\u00e9></rec></root>", 3, `<\u00e9> has more than 16 bytes of text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, errs := readRecord(t, tt.data)
			if n != nil || errs.Len() != 1 {
				t.Fatalf("got %+v, %v", n, errs.Err())
			}
			if e := errs[0]; e.File != "t.xml" || e.Line != tt.wantLine || !strings.Contains(e.Msg, tt.wantMsg) {
				t.Errorf("got %q (line %d); want line %d containing %q", e.Msg, e.Line, tt.wantLine, tt.wantMsg)
			}
		})
	}
}

func TestReader_Skip(t *testing.T) {
	data := "<root><rec><a>x</a></rec><next/></root>"
	var errs listfile.ErrorList
	r := xmlsafe.NewReader("t.xml", []byte(data), &errs, testFormat)
	for i := 0; i < 2; i++ {
		if _, err := r.Token(); err != nil {
			t.Fatal(err)
		}
	}
	rec := xml.StartElement{Name: xml.Name{Local: "rec"}}
	if err := r.Skip(rec, 2, "rec"); err != nil {
		t.Fatal(errs.Err())
	}
	tok, err := r.Token()
	if s, ok := tok.(xml.StartElement); err != nil || !ok || s.Name.Local != "next" {
		t.Errorf("after Skip: %v, %v", tok, err)
	}
}

func TestName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Sanctions", "Sanctions"},
		{"élément", `\u00e9l\u00e9ment`},
		{"a\x00b", `a\x00b`},
		{strings.Repeat("a", 50), strings.Repeat("a", 40)},
	}
	for _, tt := range tests {
		if got := xmlsafe.Name(tt.in); got != tt.want {
			t.Errorf("Name(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if got := xmlsafe.DirectiveWord(xml.Directive(" DOCTYPE[<!ENTITY x \"y\">]")); got != "DOCTYPE" {
		t.Errorf("DirectiveWord = %q", got)
	}
}

func TestSniffRoot(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		root      xml.Name
		directive string
		ok        bool
	}{
		{"Root", `<?xml version="1.0"?><a:list xmlns:a="urn:x">`, xml.Name{Space: "urn:x", Local: "list"}, "", true},
		{"BOM", "\xef\xbb\xbf<list>", xml.Name{Local: "list"}, "", true},
		{"DoctypeFirst", `<!DOCTYPE list><list>`, xml.Name{Local: "list"}, "DOCTYPE list", true},
		{"DoctypeOnly", `<!DOCTYPE list [<!ENTITY x "y">]>`, xml.Name{}, `DOCTYPE list [<!ENTITY x "y">]`, false},
		{"Broken", `<?xml version="1.0" encoding="ISO-8859-1"?><list>`, xml.Name{}, "", false},
		{"Text", `id,schema,name`, xml.Name{}, "", false},
		{"BeyondWindow", strings.Repeat(" ", 64<<10) + "<list>", xml.Name{}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, directive, ok := xmlsafe.SniffRoot([]byte(tt.data))
			if root != tt.root || string(directive) != tt.directive || ok != tt.ok {
				t.Errorf("SniffRoot = %v, %q, %v; want %v, %q, %v", root, directive, ok, tt.root, tt.directive, tt.ok)
			}
		})
	}
}

// FuzzRead checks that no input makes the reader panic, and that it either records an error or returns a
// record within the limits.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"<root><rec a=\"1\"><name>A</name></rec></root>",
		"<root><rec><a><b><c><d/></c></b></a></rec></root>",
		"<!DOCTYPE root [<!ENTITY x \"y\">]><root><rec>&x;</rec></root>",
		"<root><rec><?php x?></rec></root>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var errs listfile.ErrorList
		r := xmlsafe.NewReader("t.xml", data, &errs, testFormat)
		depth := 0
		for errs.Len() == 0 {
			tok, err := r.Token()
			if err != nil {
				return
			}
			if !r.CheckOutside(tok, depth) {
				break
			}
			s, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			if depth == 0 {
				depth++
				continue
			}
			record, err := r.Read(s, depth+1, "rec")
			if err != nil {
				break
			}
			count := 0
			var walk func(n *xmlsafe.Node, level int)
			walk = func(n *xmlsafe.Node, level int) {
				// The record's own attributes are the caller's to check.
				if level > testFormat.MaxDepth || len(n.Text) > testFormat.MaxText || n != record && len(n.Attrs) > testFormat.MaxAttrs {
					t.Fatalf("node %+v at level %d is beyond the limits", n, level)
				}
				for _, c := range n.Children {
					count++
					walk(c, level+1)
				}
			}
			walk(record, depth+1)
			if count > testFormat.MaxElements {
				t.Fatalf("%d elements in a record", count)
			}
		}
		if errs.Len() == 0 {
			t.Fatal("stopped without an error")
		}
		for _, e := range errs {
			if e.File != "t.xml" || e.Msg == "" {
				t.Fatalf("bad error %+v", e)
			}
		}
	})
}
