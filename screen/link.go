package screen

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/vigil-sec/vigil"
)

// CheckLinkShared is the name of the shared-identifier check.
const CheckLinkShared = "link.shared"

// linkSharedCheck reports identifiers the subject shares with other stored subjects: one finding per shared
// identifier, naming the others. Facilitators run several workers through one bank account, wallet, phone or
// shipping address, and a reused document number is a forged or borrowed identity, so the severity follows
// what is shared: a bank account, wallet or document number is high; a phone, email or device medium; an
// address medium when either side uses it for shipping (laptops are shipped to farms), and not reported when
// both live there (a household). When every other subject has this subject's name and birth date, exactly,
// after folding case and diacritics, the two are probably duplicate records of one person: low, and said so.
// Names are compared only for that exact equality.
type linkSharedCheck struct{}

func (linkSharedCheck) Name() string { return CheckLinkShared }

type sharedGroup struct {
	kind   vigil.IdentifierKind
	value  string
	others []*vigil.Link // at most vigil.MaxLinksPerIdentifier of them
}

// holders is how many other subjects hold the identifier: the store returns a sample of them and the count.
func (g *sharedGroup) holders() int {
	n := len(g.others)
	for _, o := range g.others {
		n = max(n, o.Holders)
	}
	return n
}

func (linkSharedCheck) Run(in *Input) []*vigil.Finding {
	s := in.Subject
	if len(in.Links) == 0 {
		return nil
	}
	own := ownIdentifiers(s)
	groups := map[identRef]*sharedGroup{}
	var order []identRef
	for _, l := range in.Links {
		if l == nil || (s.ID != "" && l.SubjectID == s.ID) {
			continue
		}
		ref := identRef{l.Identifier.Kind, l.Identifier.Value}
		mine, ok := own[ref]
		if !ok {
			continue // not an identifier of this subject: the caller's links are stale
		}
		if ref.kind == vigil.IdentAddress && !mine.uses[vigil.AddressShipping] && l.Use != vigil.AddressShipping {
			continue // home, work and mailing addresses are shared by households and colleagues
		}
		g := groups[ref]
		if g == nil {
			g = &sharedGroup{kind: ref.kind, value: ref.value}
			groups[ref] = g
			order = append(order, ref)
		}
		if !slices.ContainsFunc(g.others, func(o *vigil.Link) bool { return o.SubjectID == l.SubjectID }) {
			g.others = append(g.others, l)
		}
	}
	slices.SortFunc(order, func(a, b identRef) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.value, b.value))
	})
	var out []*vigil.Finding
	for _, ref := range order {
		g := groups[ref]
		slices.SortFunc(g.others, func(a, b *vigil.Link) int { return cmp.Compare(a.SubjectID, b.SubjectID) })
		mine := own[ref]
		out = append(out, sharedFinding(s, g, mine))
	}
	return out
}

// ownIdentifier is how this subject holds an identifier: where, and for an address every use it has.
type ownIdentifier struct {
	id   vigil.Identifier
	uses map[string]bool
}

func ownIdentifiers(s *vigil.Subject) map[identRef]ownIdentifier {
	own := map[identRef]ownIdentifier{}
	for _, id := range s.Identifiers() {
		own[identRef{id.Kind, id.Value}] = ownIdentifier{id: id, uses: map[string]bool{}}
	}
	// Identifiers keeps the first use of an address given twice; the check needs all of them.
	for _, a := range s.Addresses {
		v, err := vigil.CanonicalAddress(a)
		if err != nil {
			continue
		}
		if o, ok := own[identRef{vigil.IdentAddress, v}]; ok {
			use := a.Use
			if use == "" {
				use = vigil.AddressHome
			}
			o.uses[use] = true
		}
	}
	return own
}

func sharedFinding(s *vigil.Subject, g *sharedGroup, mine ownIdentifier) *vigil.Finding {
	sev := sharedSeverity(g.kind)
	duplicate := sameRecord(s, g.others)
	if duplicate {
		sev = vigil.SeverityLow
	}
	what := describeIdentifier(s, mine.id)
	shown := showIdentifier(s, mine.id)
	if g.kind == vigil.IdentAddress {
		shown = describeAddressValue(s, mine.id)
	}
	var names []string
	for _, o := range g.others[:min(3, len(g.others))] {
		names = append(names, fmt.Sprintf("%s (%s)", quote(o.SubjectID), quote(o.Name)))
	}
	others := strings.Join(names, ", ")
	if n := g.holders() - len(names); n > 0 {
		others += fmt.Sprintf(" and %d more", n)
	}
	holders := "another subject"
	if g.holders() > 1 {
		holders = fmt.Sprintf("%d other subjects", g.holders())
	}
	var summary string
	switch {
	case duplicate:
		summary = fmt.Sprintf("The %s %s is also held by %s with the same name and birth date, probably a duplicate record of the same person: %s.", what, shown, plural(g.holders(), "another record", "other records"), others)
	case g.kind == vigil.IdentAddress && mine.uses[vigil.AddressShipping]:
		summary = fmt.Sprintf("The shipping address %s is also an address of %s: %s.", shown, holders, others)
	case g.kind == vigil.IdentAddress:
		summary = fmt.Sprintf("The address %s is a shipping address of %s: %s.", shown, holders, others)
	default:
		summary = fmt.Sprintf("The %s %s is also held by %s: %s.", what, shown, holders, others)
	}
	ev := []vigil.Evidence{{Kind: "field", Ref: mine.id.Field, Detail: fmt.Sprintf("%s %s%s", g.kind, quoteLong(g.value), usesDetail(mine.uses))}}
	listed := g.others[:min(len(g.others), maxEvidence)]
	for _, o := range listed {
		detail := fmt.Sprintf("%s holds it as %s", quoteLong(o.Name), cleanText(o.Field, 60))
		if o.Use != "" {
			detail += " (" + cleanText(o.Use, 20) + ")"
		}
		if o.BirthDate != "" {
			detail += ", born " + quote(o.BirthDate)
		}
		ev = append(ev, vigil.Evidence{Kind: vigil.EvidenceSubject, Ref: o.SubjectID, Detail: detail})
	}
	// The store names a sample of a large group's holders, and evidence lists at most maxEvidence: say how many
	// more there are either way.
	if more := g.holders() - len(listed); more > 0 {
		ev = append(ev, vigil.Evidence{Kind: "note", Ref: "links", Detail: fmt.Sprintf("and %d more subjects", more)})
	}
	return &vigil.Finding{
		Check:    CheckLinkShared,
		Key:      CheckLinkShared + ":" + string(g.kind) + ":" + keyPart(g.value),
		Severity: sev,
		Summary:  summary,
		Evidence: ev,
	}
}

func sharedSeverity(kind vigil.IdentifierKind) vigil.Severity {
	switch kind {
	case vigil.IdentIBAN, vigil.IdentWallet, vigil.IdentDocument:
		return vigil.SeverityHigh
	}
	return vigil.SeverityMedium
}

// sameRecord reports whether every other subject has exactly this subject's name and birth date (case and
// diacritics folded): then the link is most likely one person stored twice. A birth date missing on both sides
// counts as the same: two records of "Anna Kowalska" with one phone and no birth date are far likelier one
// person entered twice than two people; one record with a birth date and one without are not known to agree.
func sameRecord(s *vigil.Subject, others []*vigil.Link) bool {
	if len(others) == 0 {
		return false
	}
	name := foldExact(s.Name)
	if name == "" {
		return false
	}
	for _, o := range others {
		if o.BirthDate != s.BirthDate || foldExact(o.Name) != name {
			return false
		}
	}
	return true
}

func usesDetail(uses map[string]bool) string {
	if len(uses) == 0 {
		return ""
	}
	var us []string
	for u := range uses {
		us = append(us, u)
	}
	slices.Sort(us)
	return " used as " + strings.Join(us, ", ")
}

// describeAddressValue shows a shared address by what the subject wrote, not its folded canonical form.
func describeAddressValue(s *vigil.Subject, id vigil.Identifier) string {
	var i int
	if _, err := fmt.Sscanf(id.Field, "addresses[%d]", &i); err == nil && i >= 0 && i < len(s.Addresses) {
		a := s.Addresses[i]
		return quote(strings.Join(nonEmpty(a.Line, a.Postcode, a.City, a.Country), ", "))
	}
	return quote(id.Value)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf("%d %s", n, many)
}
