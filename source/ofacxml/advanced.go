package ofacxml

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/source/internal/listfile"
	"github.com/vigil-sec/vigil/source/internal/xmlsafe"
)

// advanced reads SDN_ADVANCED.XML. Its sections come in the schema's order — DateOfIssue, ReferenceValueSets,
// Locations, IDRegDocuments, DistinctParties, ProfileRelationships, SanctionsEntries, SanctionsEntryLinks — so
// each DistinctParty is read into an entry as soon as it ends, against the reference values, locations and
// documents read before it; the sanctions entries that follow add the programs.
type advanced struct {
	r    *reader
	n    *notes
	list string

	refs      map[string]map[string]*refValue // value element ("AliasType") → ID → value
	locations map[string]*rawLocation         // Location ID
	documents map[string][]rawDocument        // IdentityID → its ID/registration documents
	parties   map[uint64]int                  // ent_num → line
	owners    map[string]string               // Profile ID → FixedRef of its DistinctParty, as written
	profiles  map[string]*builder             // Profile ID → entry, for parties read without error
	entries   []*builder
	asOf      time.Time
}

// refValue is one reference value: its text and attributes (ISO2 of a Country, ScriptCode of a Script,
// PartyTypeID of a PartySubType).
type refValue struct {
	text  string
	attrs []xml.Attr
	line  int
}

func (v *refValue) attr(name string) string {
	return (&node{Attrs: v.attrs}).Attr(name)
}

// rawLocation is a Location as the file gives it, resolved when a feature refers to it.
type rawLocation struct {
	line      int
	countries []string    // CountryID of each LocationCountry
	areas     []string    // AreaCodeID of each LocationAreaCode
	parts     [][2]string // LocPartTypeID and the primary value of each LocationPart
}

// rawDocument is an IDRegDocument as the file gives it.
type rawDocument struct {
	line      int
	typeID    string
	countryID string
	number    string
}

func readAdvanced(r *reader, n *notes, root xml.StartElement, list string) parsed {
	p := &advanced{r: r, n: n, list: list, refs: map[string]map[string]*refValue{}, locations: map[string]*rawLocation{},
		documents: map[string][]rawDocument{}, parties: map[uint64]int{}, owners: map[string]string{}, profiles: map[string]*builder{}}
	order := newSections(r, "DateOfIssue", "ReferenceValueSets", "Locations", "IDRegDocuments", "DistinctParties",
		"ProfileRelationships", "SanctionsEntries", "SanctionsEntryLinks")
	sawDate := false
	_ = r.children(root, 1, "", func(sec xml.StartElement, depth int) error {
		name := sec.Name.Local
		if _, known := order.order[name]; !known {
			p.n.unknownElement(rootAdvanced+"/"+name, r.Line())
			return r.Skip(sec, depth, "")
		}
		if !order.enter(name) {
			return errAbort
		}
		switch name {
		case "DateOfIssue":
			el, err := r.Read(sec, depth, "")
			if err != nil {
				return err
			}
			sawDate = true
			p.dateOfIssue(el)
			return nil
		case "ReferenceValueSets":
			return r.children(sec, depth, "", func(set xml.StartElement, depth int) error {
				return r.children(set, depth, "", func(val xml.StartElement, depth int) error {
					el, err := r.Read(val, depth, "")
					if err != nil {
						return err
					}
					p.refValue(set.Name.Local, el)
					return nil
				})
			})
		case "Locations":
			return p.r.records(p.n, sec, depth, "Location", p.location)
		case "IDRegDocuments":
			return p.r.records(p.n, sec, depth, "IDRegDocument", p.document)
		case "DistinctParties":
			return p.r.records(p.n, sec, depth, "DistinctParty", p.party)
		case "SanctionsEntries":
			return p.r.records(p.n, sec, depth, "SanctionsEntry", p.sanctionsEntry)
		default: // ProfileRelationships, SanctionsEntryLinks: links between entries, which Vigil does not keep
			return r.Skip(sec, depth, "")
		}
	})
	if r.errs.Len() == 0 && !sawDate {
		r.Errorf(0, "", "has no <DateOfIssue>; an OFAC advanced XML file begins with it")
	}
	return parsed{entries: p.entries, asOf: p.asOf}
}

func (p *advanced) dateOfIssue(el *node) {
	d, ok := readYMD(el)
	if !ok || !d.valid() {
		p.r.Errorf(el.Line, "", "<DateOfIssue> is not a date (Year %s, Month %s, Day %s)",
			listfile.Quote(el.ChildText("Year")), listfile.Quote(el.ChildText("Month")), listfile.Quote(el.ChildText("Day")))
		return
	}
	p.asOf = time.Date(d.y, time.Month(d.m), d.d, 0, 0, 0, 0, time.UTC)
}

// readYMD reads the Year, Month and Day children of a date.
func readYMD(el *node) (ymd, bool) {
	var v ymd
	var err1, err2, err3 error
	v.y, err1 = strconv.Atoi(el.ChildText("Year"))
	v.m, err2 = strconv.Atoi(el.ChildText("Month"))
	v.d, err3 = strconv.Atoi(el.ChildText("Day"))
	return v, el != nil && err1 == nil && err2 == nil && err3 == nil
}

func (p *advanced) refValue(set string, el *node) {
	id := el.Attr("ID")
	if id == "" {
		p.r.Errorf(el.Line, "", "<%s> in <%s> has no ID", xmlsafe.Name(el.Name), xmlsafe.Name(set))
		return
	}
	m := p.refs[el.Name]
	if m == nil {
		m = map[string]*refValue{}
		p.refs[el.Name] = m
	}
	if prev, dup := m[id]; dup {
		p.r.Errorf(el.Line, "", "<%s> ID %s is given twice (also on line %d)", xmlsafe.Name(el.Name), listfile.Quote(id), prev.line)
		return
	}
	m[id] = &refValue{text: listfile.Clean(el.Text), attrs: el.Attrs, line: el.Line}
}

// ref resolves a reference to one of the file's reference values; a reference to a value the file does not
// define is counted in a warning.
func (p *advanced) ref(set, id string, line int) (*refValue, bool) {
	if id == "" {
		return nil, false
	}
	v, ok := p.refs[set][id]
	if !ok {
		p.n.danglingRef(set, id, line)
	}
	return v, ok
}

// refText returns the text of a reference value, or "".
func (p *advanced) refText(set, id string, line int) string {
	if v, ok := p.ref(set, id, line); ok {
		return v.text
	}
	return ""
}

func (p *advanced) location(el *node) {
	id := el.Attr("ID")
	if id == "" {
		p.r.Errorf(el.Line, "Location", "<Location> has no ID")
		return
	}
	if prev, dup := p.locations[id]; dup {
		p.r.Errorf(el.Line, "Location "+id, "<Location> ID %s is given twice (also on line %d)", listfile.Quote(id), prev.line)
		return
	}
	loc := &rawLocation{line: el.Line}
	for _, c := range el.Children {
		switch c.Name {
		case "LocationCountry":
			loc.countries = append(loc.countries, c.Attr("CountryID"))
		case "LocationAreaCode":
			loc.areas = append(loc.areas, c.Attr("AreaCodeID"))
		case "LocationPart":
			// A part may have several values (spellings); the primary one is the part's value.
			var value string
			for _, v := range c.All("LocationPartValue") {
				if value == "" || v.Attr("Primary") == "true" {
					value = v.ChildText("Value")
				}
			}
			loc.parts = append(loc.parts, [2]string{c.Attr("LocPartTypeID"), value})
		}
	}
	p.locations[id] = loc
}

// place resolves a location: its parts by their types' text, its country by the Country value's ISO2 code
// (or name), or else by an ISO 3166 area code.
func (p *advanced) place(id string, line int) (place, bool) {
	loc, ok := p.locations[id]
	if !ok {
		p.n.danglingRef("Location", id, line)
		return place{}, false
	}
	var pl place
	for _, part := range loc.parts {
		addressPart(&pl.addr, p.refText("LocPartType", part[0], loc.line), part[1])
	}
	name := ""
	for _, cid := range loc.countries {
		if v, ok := p.ref("Country", cid, loc.line); ok {
			name = v.text
			if code, ok := p.n.country(v.attr("ISO2"), v.text); ok {
				pl.addr.Country = code
				break
			}
		}
	}
	if pl.addr.Country == "" {
		for _, aid := range loc.areas {
			if v, ok := p.ref("AreaCode", aid, loc.line); ok {
				if code, ok := countryCode(v.text); ok {
					pl.addr.Country = code
					if name == "" {
						name = v.attr("Description")
					}
					break
				}
			}
		}
	}
	pl.spelled = spell(pl.addr, name)
	keepRegion(&pl.addr, name)
	return pl, true
}

func (p *advanced) document(el *node) {
	identity := el.Attr("IdentityID")
	if identity == "" {
		p.r.Errorf(el.Line, "IDRegDocument", "<IDRegDocument> has no IdentityID")
		return
	}
	p.documents[identity] = append(p.documents[identity], rawDocument{line: el.Line, typeID: el.Attr("IDRegDocTypeID"),
		countryID: el.Attr("IssuedBy-CountryID"), number: el.ChildText("IDRegistrationNo")})
}

// identity is one Identity of a profile, with its name part groups.
type identity struct {
	el      *node
	primary bool
	groups  map[string]string // NamePartGroup ID → NamePartTypeID
}

func (p *advanced) party(el *node) {
	fixedRef := el.Attr("FixedRef")
	record := "ent_num " + fixedRef
	profiles := el.All("Profile")
	// Profiles are registered first, so that the sanctions entries of a party in error are not reported again.
	for _, prof := range profiles {
		pid := prof.Attr("ID")
		if pid == "" {
			p.r.Errorf(prof.Line, record, "a <Profile> of <DistinctParty> %s has no ID", listfile.Quote(fixedRef))
			return
		}
		if owner, dup := p.owners[pid]; dup {
			p.r.Errorf(prof.Line, record, "Profile ID %s is given twice (also in entry %s)", listfile.Quote(pid), listfile.Quote(owner))
			return
		}
		p.owners[pid] = fixedRef
	}
	if fixedRef == "" {
		p.r.Errorf(el.Line, "DistinctParty", "<DistinctParty> has no FixedRef (the ent_num)")
		return
	}
	id, err := parseEntNum(fixedRef)
	if err != nil {
		p.r.Errorf(el.Line, record, "FixedRef %s %v", listfile.Quote(fixedRef), err)
		return
	}
	if prev, dup := p.parties[id]; dup {
		p.r.Errorf(el.Line, record, "ent_num %d is given twice (also on line %d)", id, prev)
		return
	}
	p.parties[id] = el.Line
	if len(profiles) == 0 {
		p.r.Errorf(el.Line, record, "entry %d has no <Profile>", id)
		return
	}
	kind, ok := p.kind(profiles[0], id, record)
	if !ok {
		return
	}
	b := newBuilder(p.n, p.list, id, kind)

	var identities []identity
	for _, prof := range profiles {
		for _, ident := range prof.All("Identity") {
			groups := map[string]string{}
			for _, g := range ident.All("NamePartGroups") {
				for _, m := range g.All("MasterNamePartGroup") {
					for _, npg := range m.All("NamePartGroup") {
						groups[npg.Attr("ID")] = npg.Attr("NamePartTypeID")
					}
				}
			}
			identities = append(identities, identity{el: ident, primary: ident.Attr("Primary") == "true", groups: groups})
		}
	}

	// Names: every DocumentedName of every Alias, composed. The entry's name is one of a primary Alias: of the
	// primary Identity before others, then one whose DocNameStatus is "Primary Latin", then one in Latin script.
	var names []candidate
	for _, ident := range identities {
		for _, alias := range ident.el.All("Alias") {
			typ := p.refText("AliasType", alias.Attr("AliasTypeID"), alias.Line)
			for _, dn := range alias.All("DocumentedName") {
				name, latin := p.composeName(dn, ident.groups, kind == vigil.EntryPerson)
				if name == "" {
					continue
				}
				primaryLatin := strings.EqualFold(p.refText("DocNameStatus", dn.Attr("DocNameStatusID"), dn.Line), "Primary Latin")
				c := candidate{name: name, aliasType: typ, weak: alias.Attr("LowQuality") == "true", score: -1}
				if alias.Attr("Primary") == "true" {
					c.score = 0
					if ident.primary || len(identities) == 1 {
						c.score += 8
					}
					if primaryLatin {
						c.score += 4
					}
					if latin {
						c.score += 2
					}
				}
				names = append(names, c)
			}
		}
	}
	if !b.setNames(names) {
		p.r.Errorf(el.Line, record, "entry %d has no primary name (no <Alias Primary=\"true\"> with a <DocumentedName>)", id)
		return
	}

	var remarks []string
	for _, c := range el.All("Comment") {
		if t := c.Value(); t != "" {
			remarks = append(remarks, t)
		}
	}
	for _, prof := range profiles {
		for _, c := range prof.All("Comment") {
			if t := c.Value(); t != "" {
				remarks = append(remarks, t)
			}
		}
	}
	b.entry.Remarks = strings.Join(remarks, "; ")

	// Documents before features, in the order of the file: the enhanced format gives the same order.
	for _, ident := range identities {
		for _, d := range p.documents[ident.el.Attr("ID")] {
			issuer := ""
			if d.countryID != "" {
				if v, ok := p.ref("Country", d.countryID, d.line); ok {
					issuer, _ = p.n.country(v.attr("ISO2"), v.text)
				}
			}
			b.document(p.refText("IDRegDocType", d.typeID, d.line), d.number, issuer)
		}
	}
	for _, prof := range profiles {
		for _, f := range prof.All("Feature") {
			p.feature(b, f)
		}
	}
	for _, prof := range profiles {
		p.profiles[prof.Attr("ID")] = b
	}
	p.entries = append(p.entries, b)
}

// kind reads a profile's PartySubType: Vessel or Aircraft, or "Unknown" with the party type (Individual,
// Entity) in its PartyTypeID.
func (p *advanced) kind(prof *node, id uint64, record string) (vigil.EntryKind, bool) {
	subID := prof.Attr("PartySubTypeID")
	sub, ok := p.refs["PartySubType"][subID]
	if !ok {
		p.r.Errorf(prof.Line, record, "entry %d has PartySubTypeID %s, which is not among the file's <PartySubTypeValues>", id, listfile.Quote(subID))
		return "", false
	}
	if kind, ok := entryKind(sub.text); ok {
		return kind, true
	}
	typeID := sub.attr("PartyTypeID")
	if t, ok := p.refs["PartyType"][typeID]; ok {
		if kind, ok := entryKind(t.text); ok {
			return kind, true
		}
		p.r.Errorf(prof.Line, record, "entry %d is of party type %s; expected Individual, Entity, Vessel or Aircraft", id, listfile.Quote(t.text))
		return "", false
	}
	p.r.Errorf(prof.Line, record, "entry %d is of party sub-type %s without a known PartyTypeID; expected Individual, Entity, Vessel or Aircraft", id, listfile.Quote(sub.text))
	return "", false
}

// composeName composes one DocumentedName from its parts, each typed through the identity's name part groups
// and the file's NamePartTypeValues; latin tells whether it is in Latin script (by the ScriptID of its first
// part, or by its letters when the file does not say).
func (p *advanced) composeName(dn *node, groups map[string]string, person bool) (string, bool) {
	var parts []namePart
	script, scriptCode, scriptKnown := "", "", false
	for _, part := range dn.All("DocumentedNamePart") {
		v := part.Child("NamePartValue")
		value := listfile.CleanName(v.Value())
		if value == "" {
			continue
		}
		typ := ""
		if typeID, ok := groups[v.Attr("NamePartGroupID")]; ok {
			typ = p.refText("NamePartType", typeID, v.Line)
		} else if g := v.Attr("NamePartGroupID"); g != "" {
			p.n.danglingRef("NamePartGroup", g, v.Line)
		}
		if len(parts) == 0 {
			if s, ok := p.ref("Script", v.Attr("ScriptID"), v.Line); ok {
				script, scriptCode, scriptKnown = s.text, s.attr("ScriptCode"), true
			}
		}
		parts = append(parts, namePart{typ: typ, value: value})
	}
	if len(parts) == 0 {
		return "", false
	}
	var latin bool
	if scriptKnown {
		latin = isLatinScript(script, scriptCode)
	} else {
		var all []string
		for _, pt := range parts {
			all = append(all, pt.value)
		}
		latin = isLatinText(strings.Join(all, " "))
	}
	return composeName(parts, person, latin), latin
}

// feature reads each version of a feature: its details (free text or a reference to a DetailReference), date
// periods and locations.
func (p *advanced) feature(b *builder, f *node) {
	typ := p.refText("FeatureType", f.Attr("FeatureTypeID"), f.Line)
	if typ == "" {
		return
	}
	for _, v := range f.All("FeatureVersion") {
		fv := feature{typ: typ}
		for _, d := range v.All("VersionDetail") {
			text := d.Value()
			if ref := d.Attr("DetailReferenceID"); ref != "" {
				text = p.refText("DetailReference", ref, d.Line)
			}
			if text != "" {
				fv.texts = append(fv.texts, text)
			}
		}
		for _, dp := range v.All("DatePeriod") {
			if d, ok := datePeriod(dp); ok {
				fv.dates = append(fv.dates, d)
			} else {
				b.n.skip(fmt.Sprintf("%s date period on line %d", typ, dp.Line), b.entry.ID)
			}
		}
		for _, loc := range v.All("VersionLocation") {
			if pl, ok := p.place(loc.Attr("LocationID"), loc.Line); ok {
				fv.places = append(fv.places, pl)
			}
		}
		b.apply(fv)
	}
}

// datePeriod reads a DatePeriod: Start and End, each a From and To date point, Approximate when OFAC writes
// "circa". The date lies between the earliest start and the latest end.
func datePeriod(dp *node) (vigil.BirthDate, bool) {
	start, end := dp.Child("Start"), dp.Child("End")
	point := func(boundary *node, names ...string) (ymd, bool) {
		for _, name := range names {
			if pt := boundary.Child(name); pt != nil {
				return readYMD(pt)
			}
		}
		return ymd{}, false
	}
	from, ok := point(start, "From", "To")
	if !ok {
		return vigil.BirthDate{}, false
	}
	to, ok := point(end, "To", "From")
	if end == nil {
		to, ok = point(start, "To", "From")
	}
	if !ok {
		return vigil.BirthDate{}, false
	}
	circa := start.Attr("Approximate") == "true" || end.Attr("Approximate") == "true"
	return dateSpan(from, to, circa)
}

func (p *advanced) sanctionsEntry(el *node) {
	record := "SanctionsEntry " + el.Attr("ID")
	pid := el.Attr("ProfileID")
	if _, ok := p.owners[pid]; !ok {
		p.r.Errorf(el.Line, record, "<SanctionsEntry> is for ProfileID %s, which no <DistinctParty> of the file has", listfile.Quote(pid))
		return
	}
	b, ok := p.profiles[pid]
	if !ok {
		return // its party is in error, reported already
	}
	if list := p.refText("List", el.Attr("ListID"), el.Line); list != "" && !strings.EqualFold(list, "SDN List") {
		p.n.otherLists[list]++
	}
	for _, m := range el.All("SanctionsMeasure") {
		if strings.EqualFold(p.refText("SanctionsType", m.Attr("SanctionsTypeID"), m.Line), "Program") {
			b.program(m.ChildText("Comment"))
		}
	}
	var created, all []string
	for _, ev := range el.All("EntryEvent") {
		d, ok := readYMD(ev.Child("Date"))
		if !ok || !d.valid() {
			b.n.skip(fmt.Sprintf("entry event date on line %d", ev.Line), b.entry.ID)
			continue
		}
		all = append(all, d.String())
		if strings.EqualFold(p.refText("EntryEventType", ev.Attr("EntryEventTypeID"), ev.Line), "Created") {
			created = append(created, d.String())
		}
	}
	if len(created) == 0 {
		created = all
	}
	for _, d := range created {
		b.listedOn(d)
	}
}
