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
			p.n.unknownElement(rootEnhanced+"/"+name, r.line())
			return r.skip(sec, depth, "")
		}
		if !order.enter(name) {
			return errAbort
		}
		switch name {
		case "publicationInfo":
			el, err := r.read(sec, depth, "")
			if err != nil {
				return err
			}
			sawInfo = true
			p.publicationInfo(el)
			return nil
		case "referenceValues":
			return p.records(sec, depth, "referenceValue", p.refValue)
		case "entities":
			return p.records(sec, depth, "entity", p.entity)
		default: // featureTypes: each feature names its type inline
			return r.skip(sec, depth, "")
		}
	})
	if r.errs.Len() == 0 && !sawInfo {
		r.errorf(0, "", "has no <publicationInfo>; an OFAC enhanced XML file begins with it")
	}
	return parsed{entries: p.entries, asOf: p.asOf}
}

func (p *enhanced) records(sec xml.StartElement, depth int, name string, fn func(*node)) error {
	return p.r.children(sec, depth, "", func(rec xml.StartElement, depth int) error {
		if rec.Name.Local != name {
			p.n.unknownElement(sec.Name.Local+"/"+rec.Name.Local, p.r.line())
			return p.r.skip(rec, depth, "")
		}
		el, err := p.r.read(rec, depth, name)
		if err != nil {
			return err
		}
		fn(el)
		return nil
	})
}

// asOfLayouts are the forms of dataAsOf: with or without a zone offset and fraction, or a bare date. A time
// without an offset is read as UTC.
var asOfLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", time.DateOnly}

func (p *enhanced) publicationInfo(el *node) {
	raw := el.childText("dataAsOf")
	for _, layout := range asOfLayouts {
		if t, err := time.Parse(layout, raw); err == nil {
			p.asOf = t.UTC()
			break
		}
	}
	if p.asOf.IsZero() {
		p.r.errorf(el.line, "", "<dataAsOf> %s is not a date and time", listfile.Quote(raw))
	}
}

func (p *enhanced) refValue(el *node) {
	id := el.attr("refId")
	if id == "" {
		p.r.errorf(el.line, "", "<referenceValue> has no refId")
		return
	}
	if prev, dup := p.refs[id]; dup {
		p.r.errorf(el.line, "", "<referenceValue> refId %s is given twice (also on line %d)", listfile.Quote(id), prev.line)
		return
	}
	p.refs[id] = &enhancedRef{typ: el.childText("type"), value: el.childText("value"), isoCode: el.childText("isoCode"), line: el.line}
}

// country resolves a country element: by the ISO code of the reference value it names, else by its text.
func (p *enhanced) country(el *node) (string, bool) {
	if el == nil {
		return "", false
	}
	iso := ""
	if id := el.attr("refId"); id != "" {
		if v, ok := p.refs[id]; ok {
			iso = v.isoCode
		}
	}
	if iso == "" && el.value() == "" {
		return "", false
	}
	return p.n.country(iso, el.value())
}

func (p *enhanced) entity(el *node) {
	raw := el.attr("id")
	record := "ent_num " + raw
	if raw == "" {
		p.r.errorf(el.line, "entity", "<entity> has no id (the ent_num)")
		return
	}
	id, err := parseEntNum(raw)
	if err != nil {
		p.r.errorf(el.line, record, "entity id %s %v", listfile.Quote(raw), err)
		return
	}
	if prev, dup := p.entities[id]; dup {
		p.r.errorf(el.line, record, "ent_num %d is given twice (also on line %d)", id, prev)
		return
	}
	p.entities[id] = el.line
	info := el.child("generalInfo")
	typ := info.childText("entityType")
	kind, ok := entryKind(typ)
	if !ok {
		p.r.errorf(el.line, record, "entry %d has entityType %s; expected Individual, Entity, Vessel or Aircraft", id, listfile.Quote(typ))
		return
	}
	b := newBuilder(p.n, p.list, id, kind)

	type translated struct {
		name                string
		latin, primaryTrans bool
		primary, weak       bool
		aliasType           string
	}
	var names []translated
	for _, nm := range el.path("names").all("name") {
		primary := nm.childText("isPrimary") == "true"
		weak := nm.childText("isLowQuality") == "true"
		at := nm.childText("aliasType")
		for _, tr := range nm.path("translations").all("translation") {
			script := tr.child("script")
			name := cleanName(tr.childText("formattedFullName"))
			var parts []namePart
			for _, np := range tr.path("nameParts").all("namePart") {
				parts = append(parts, namePart{typ: np.childText("type"), value: cleanName(np.childText("value"))})
			}
			var latin bool
			switch {
			case script.value() != "":
				latin = isLatinScript(script.value())
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
			names = append(names, translated{name: name, latin: latin, primaryTrans: tr.childText("isPrimary") == "true",
				primary: primary, weak: weak, aliasType: at})
		}
	}
	best := -1
	score := func(t translated) int {
		if !t.primary {
			return -1
		}
		s := 0
		if t.latin {
			s += 4
		}
		if t.primaryTrans {
			s += 2
		}
		return s
	}
	for i, t := range names {
		if sc := score(t); sc >= 0 && (best < 0 || sc > score(names[best])) {
			best = i
		}
	}
	if best < 0 {
		p.r.errorf(el.line, record, "entry %d has no primary name (no <name> with <isPrimary>true</isPrimary> and a translation)", id)
		return
	}
	b.entry.Name = names[best].name
	b.names = 1
	for i, t := range names {
		if i != best {
			b.alias(t.name, aliasType(t.aliasType), t.weak)
		}
	}

	b.entry.Remarks = info.childText("remarks")
	if t := info.childText("title"); t != "" {
		b.titles = append(b.titles, t)
	}
	for _, sp := range el.path("sanctionsPrograms").all("sanctionsProgram") {
		b.program(sp.value())
	}
	for _, sl := range el.path("sanctionsLists").all("sanctionsList") {
		if name := sl.value(); name != "" && !strings.EqualFold(name, "SDN List") {
			p.n.otherLists[name]++
		}
		if d := sl.attr("datePublished"); d != "" {
			b.listedOn(d)
		}
	}

	// Documents before features, as in the advanced format.
	for _, d := range el.path("identityDocuments").all("identityDocument") {
		issuer, _ := p.country(d.child("issuingCountry"))
		b.document(d.childText("type"), d.childText("documentNumber"), issuer)
	}
	for _, f := range el.path("features").all("feature") {
		p.feature(b, f)
	}
	for _, a := range el.path("addresses").all("address") {
		b.address(p.address(a))
	}
	p.entries = append(p.entries, b)
}

// feature reads a feature: its value as text (or the value it references), its structured date when the text
// is not a date, and for nationality and citizenship the ISO code of the country it references.
func (p *enhanced) feature(b *builder, f *node) {
	fv := feature{typ: f.childText("type")}
	text := f.childText("value")
	var ref *enhancedRef
	if id := f.childText("valueRefId"); id != "" {
		if v, ok := p.refs[id]; ok {
			ref = v
		} else {
			p.n.danglingRef("referenceValue", id, f.line)
		}
	}
	if text == "" && ref != nil {
		text = ref.value
	}
	typ := strings.ToLower(clean(fv.typ))
	switch {
	case typ == "birthdate":
		// The text is the date as OFAC writes it ("1968", "circa 1947"); the structured valueDate does not say
		// how precise it is when only fromDateBegin is given, so it is read only when the text is not a date.
		vd := f.child("valueDate")
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
		t, err := time.Parse(time.DateOnly, v.childText(name))
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
	return dateSpan(from, to, v.childText("isApproximate") == "true")
}

// address reads an address: its country and the parts of its primary translation.
func (p *enhanced) address(a *node) vigil.EntryAddress {
	var addr vigil.EntryAddress
	trs := a.path("translations").all("translation")
	var tr *node
	for _, t := range trs {
		if tr == nil || t.childText("isPrimary") == "true" && tr.childText("isPrimary") != "true" {
			tr = t
		}
	}
	for _, part := range tr.path("addressParts").all("addressPart") {
		addressPart(&addr, part.childText("type"), part.childText("value"))
	}
	c := a.child("country")
	if c == nil {
		c = a.path("translations", "country")
	}
	addr.Country, _ = p.country(c)
	keepRegion(&addr, c.value())
	return addr
}
