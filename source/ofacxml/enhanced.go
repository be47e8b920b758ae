package ofacxml

import (
	"encoding/xml"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/listfile"
)

// enhanced reads SDN_ENHANCED.XML: publicationInfo (dataAsOf), referenceValues (refId → type, value, code,
// isoCode), featureTypes, then entities, each entity complete in itself. Reference-typed elements carry their
// value's text inline (<entityType refId="600">Individual</entityType>), so the parser reads the text; it
// looks up referenceValues only for what the text lacks: a country's ISO code, a feature value given only as
// valueRefId.
type enhanced struct {
	r    *reader
	n    *notes
	list string

	refs     map[string]*enhancedRef // refId
	entities map[uint64]int          // ent_num → line
	entries  []*builder
	asOf     time.Time
}

type enhancedRef struct {
	typ, value, isoCode string
	line                int
}

func readEnhanced(r *reader, n *notes, root xml.StartElement, list string) parsed {
	p := &enhanced{r: r, n: n, list: list, refs: map[string]*enhancedRef{}, entities: map[uint64]int{}}
	order := newSections(r, "publicationInfo", "referenceValues", "featureTypes", "entities")
	sawInfo := false
	_ = r.children(root, 1, "", func(sec xml.StartElement, depth int) error {
		name := sec.Name.Local
		if _, known := order.order[name]; !known {
			p.n.unknownElement(rootEnhanced+"/"+name, r.Line())
			return r.Skip(sec, depth, "")
		}
		if !order.enter(name) {
			return errAbort
		}
		switch name {
		case "publicationInfo":
			el, err := r.Read(sec, depth, "")
			if err != nil {
				return err
			}
			sawInfo = true
			p.publicationInfo(el)
			return nil
		case "referenceValues":
			return p.r.records(p.n, sec, depth, "referenceValue", p.refValue)
		case "entities":
			return p.r.records(p.n, sec, depth, "entity", p.entity)
		default: // featureTypes: each feature names its type inline
			return r.Skip(sec, depth, "")
		}
	})
	if r.errs.Len() == 0 && !sawInfo {
		r.Errorf(0, "", "has no <publicationInfo>; an OFAC enhanced XML file begins with it")
	}
	return parsed{entries: p.entries, asOf: p.asOf}
}

// asOfLayouts are the forms of dataAsOf: with or without a zone offset and fraction, or a bare date. A time
// without an offset is read as UTC.
var asOfLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", time.DateOnly}

func (p *enhanced) publicationInfo(el *node) {
	raw := el.ChildText("dataAsOf")
	for _, layout := range asOfLayouts {
		if t, err := time.Parse(layout, raw); err == nil {
			p.asOf = t.UTC()
			break
		}
	}
	if p.asOf.IsZero() {
		p.r.Errorf(el.Line, "", "<dataAsOf> %s is not a date and time", listfile.Quote(raw))
	}
}

func (p *enhanced) refValue(el *node) {
	id := el.Attr("refId")
	if id == "" {
		p.r.Errorf(el.Line, "", "<referenceValue> has no refId")
		return
	}
	if prev, dup := p.refs[id]; dup {
		p.r.Errorf(el.Line, "", "<referenceValue> refId %s is given twice (also on line %d)", listfile.Quote(id), prev.line)
		return
	}
	p.refs[id] = &enhancedRef{typ: el.ChildText("type"), value: el.ChildText("value"), isoCode: el.ChildText("isoCode"), line: el.Line}
}

// country resolves a country element: by the ISO code of the reference value it names, else by its text.
func (p *enhanced) country(el *node) (string, bool) {
	if el == nil {
		return "", false
	}
	iso := ""
	if id := el.Attr("refId"); id != "" {
		if v, ok := p.refs[id]; ok {
			iso = v.isoCode
		}
	}
	if iso == "" && el.Value() == "" {
		return "", false
	}
	return p.n.country(iso, el.Value())
}

func (p *enhanced) entity(el *node) {
	raw := el.Attr("id")
	record := "ent_num " + raw
	if raw == "" {
		p.r.Errorf(el.Line, "entity", "<entity> has no id (the ent_num)")
		return
	}
	id, err := parseEntNum(raw)
	if err != nil {
		p.r.Errorf(el.Line, record, "entity id %s %v", listfile.Quote(raw), err)
		return
	}
	if prev, dup := p.entities[id]; dup {
		p.r.Errorf(el.Line, record, "ent_num %d is given twice (also on line %d)", id, prev)
		return
	}
	p.entities[id] = el.Line
	info := el.Child("generalInfo")
	typ := info.ChildText("entityType")
	kind, ok := entryKind(typ)
	if !ok {
		p.r.Errorf(el.Line, record, "entry %d has entityType %s; expected Individual, Entity, Vessel or Aircraft", id, listfile.Quote(typ))
		return
	}
	b := newBuilder(p.n, p.list, id, kind)

	// The entry's name is a translation of a primary name: one in Latin script before others, then the primary
	// translation.
	var names []candidate
	for _, nm := range el.Path("names").All("name") {
		primary := nm.ChildText("isPrimary") == "true"
		weak := nm.ChildText("isLowQuality") == "true"
		at := nm.ChildText("aliasType")
		for _, tr := range nm.Path("translations").All("translation") {
			script := tr.Child("script")
			name := listfile.CleanName(tr.ChildText("formattedFullName"))
			var parts []namePart
			for _, np := range tr.Path("nameParts").All("namePart") {
				parts = append(parts, namePart{typ: np.ChildText("type"), value: listfile.CleanName(np.ChildText("value"))})
			}
			var latin bool
			switch {
			case script.Value() != "":
				latin = isLatinScript(script.Value())
			case name != "":
				latin = isLatinText(name)
			default:
				var all []string
				for _, pt := range parts {
					all = append(all, pt.value)
				}
				latin = isLatinText(strings.Join(all, " "))
			}
			if name == "" {
				name = composeName(parts, kind == vigil.EntryPerson, latin)
			}
			if name == "" {
				continue
			}
			c := candidate{name: name, aliasType: at, weak: weak, score: -1}
			if primary {
				c.score = 0
				if latin {
					c.score += 4
				}
				if tr.ChildText("isPrimary") == "true" {
					c.score += 2
				}
			}
			names = append(names, c)
		}
	}
	if !b.setNames(names) {
		p.r.Errorf(el.Line, record, "entry %d has no primary name (no <name> with <isPrimary>true</isPrimary> and a translation)", id)
		return
	}

	b.entry.Remarks = info.ChildText("remarks")
	if t := info.ChildText("title"); t != "" {
		b.titles = append(b.titles, t)
	}
	for _, sp := range el.Path("sanctionsPrograms").All("sanctionsProgram") {
		b.program(sp.Value())
	}
	for _, sl := range el.Path("sanctionsLists").All("sanctionsList") {
		if name := sl.Value(); name != "" && !strings.EqualFold(name, "SDN List") {
			p.n.otherLists[name]++
		}
		if d := sl.Attr("datePublished"); d != "" {
			b.listedOn(d)
		}
	}

	// Documents before features, as in the advanced format.
	for _, d := range el.Path("identityDocuments").All("identityDocument") {
		issuer, _ := p.country(d.Child("issuingCountry"))
		b.document(d.ChildText("type"), d.ChildText("documentNumber"), issuer)
	}
	for _, f := range el.Path("features").All("feature") {
		p.feature(b, f)
	}
	for _, a := range el.Path("addresses").All("address") {
		b.address(p.address(a))
	}
	p.entries = append(p.entries, b)
}

// feature reads a feature: its value as text (or the value it references), its structured date when the text
// is not a date, and for nationality and citizenship the ISO code of the country it references.
func (p *enhanced) feature(b *builder, f *node) {
	fv := feature{typ: f.ChildText("type")}
	text := f.ChildText("value")
	var ref *enhancedRef
	if id := f.ChildText("valueRefId"); id != "" {
		if v, ok := p.refs[id]; ok {
			ref = v
		} else {
			p.n.danglingRef("referenceValue", id, f.Line)
		}
	}
	if text == "" && ref != nil {
		text = ref.value
	}
	typ := strings.ToLower(listfile.Clean(fv.typ))
	switch {
	case typ == "birthdate":
		// The text is the date as OFAC writes it ("1968", "circa 1947"); the structured valueDate does not say
		// how precise it is when only fromDateBegin is given, so it is read only when the text is not a date.
		vd := f.Child("valueDate")
		if _, ok := parseDateText(text); ok || vd == nil {
			if text != "" {
				fv.texts = append(fv.texts, text)
			}
		} else if d, ok := valueDate(vd); ok {
			fv.dates = append(fv.dates, d)
		} else if text != "" {
			fv.texts = append(fv.texts, text) // reported as unreadable
		} else {
			b.n.skip("Birthdate without a readable value", b.entry.ID)
		}
	case (typ == "nationality country" || typ == "citizenship country") && ref != nil && ref.isoCode != "":
		if code, ok := p.n.country(ref.isoCode, text); ok {
			fv.places = append(fv.places, place{addr: vigil.EntryAddress{Country: code}})
		}
	default:
		if text != "" {
			fv.texts = append(fv.texts, text)
		}
	}
	b.apply(fv)
}

// valueDate reads a structured date: the earliest begin and the latest end of its from and to dates.
func valueDate(v *node) (vigil.BirthDate, bool) {
	parse := func(name string) (ymd, bool) {
		t, err := time.Parse(time.DateOnly, v.ChildText(name))
		if err != nil {
			return ymd{}, false
		}
		return ymd{t.Year(), int(t.Month()), t.Day()}, true
	}
	from, ok := parse("fromDateBegin")
	if !ok {
		return vigil.BirthDate{}, false
	}
	to := from
	for _, name := range []string{"fromDateEnd", "toDateBegin", "toDateEnd"} {
		if d, ok := parse(name); ok && to.less(d) {
			to = d
		}
	}
	return dateSpan(from, to, v.ChildText("isApproximate") == "true")
}

// address reads an address: its country and the parts of its primary translation.
func (p *enhanced) address(a *node) vigil.EntryAddress {
	var addr vigil.EntryAddress
	trs := a.Path("translations").All("translation")
	var tr *node
	for _, t := range trs {
		if tr == nil || t.ChildText("isPrimary") == "true" && tr.ChildText("isPrimary") != "true" {
			tr = t
		}
	}
	for _, part := range tr.Path("addressParts").All("addressPart") {
		addressPart(&addr, part.ChildText("type"), part.ChildText("value"))
	}
	c := a.Child("country")
	if c == nil {
		c = a.Path("translations", "country")
	}
	addr.Country, _ = p.country(c)
	keepRegion(&addr, c.Value())
	return addr
}
