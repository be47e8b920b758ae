package screen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/match"
)

// Check names of the watch-list family.
const (
	CheckWatchlistName       = "watchlist.name"
	CheckWatchlistIdentifier = "watchlist.identifier"
)

// searchLimit bounds the entries one name is compared in detail with; more than this many entries above the
// threshold means a very common name, and the best of them are what a reviewer needs.
const searchLimit = 25

// watchlistIdentifierCheck reports a subject identifier — a document number, digital-currency address, email,
// phone number or IBAN — that a list gives for one of its entries. An exact identifier is far stronger than a
// name, so each such entry is a critical finding.
type watchlistIdentifierCheck struct{}

func (watchlistIdentifierCheck) Name() string { return CheckWatchlistIdentifier }

type identifierHit struct {
	subject    vigil.Identifier
	listed     *vigil.EntryIdentifier
	numberOnly bool // a document matched on its number because one side gives no issuing country
}

func (watchlistIdentifierCheck) Run(in *Input) []*vigil.Finding {
	w := in.Watchlist
	if w.Empty() {
		return nil
	}
	hits := map[*vigil.ListEntry][]identifierHit{}
	var entries []*vigil.ListEntry
	add := func(e *vigil.ListEntry, h identifierHit) {
		if _, ok := hits[e]; !ok {
			entries = append(entries, e)
		}
		hits[e] = append(hits[e], h)
	}
	for _, id := range in.Subject.Identifiers() {
		switch id.Kind {
		case vigil.IdentDocument:
			issuer, _ := splitDocument(id.Value)
			_, subjectKnown := issuerCountry(issuer)
			for _, d := range w.documentMatches(id.Value) {
				add(d.entry, identifierHit{subject: id, listed: d.ident, numberOnly: !subjectKnown || d.country == ""})
			}
		case vigil.IdentWallet, vigil.IdentEmail, vigil.IdentPhone, vigil.IdentIBAN:
			for _, e := range w.idents[identRef{id.Kind, id.Value}] {
				for i := range e.Identifiers {
					if l := &e.Identifiers[i]; l.Kind == id.Kind && l.Value == id.Value {
						add(e, identifierHit{subject: id, listed: l})
						break
					}
				}
			}
		}
	}
	sortEntries(entries)
	var out []*vigil.Finding
	for _, e := range entries {
		hs := hits[e]
		first := hs[0]
		summary := fmt.Sprintf("The subject's %s %s is listed for %s entry %s %s%s",
			describeIdentifier(in.Subject, first.subject), showIdentifier(in.Subject, first.subject), e.List, e.ID, quote(e.Name), programs(e))
		if len(hs) > 1 {
			summary += fmt.Sprintf(", and %d more of the subject's identifiers are listed for the same entry", len(hs)-1)
		}
		f := &vigil.Finding{
			Check:    CheckWatchlistIdentifier,
			Key:      entryKey(e),
			Severity: vigil.SeverityCritical,
			Summary:  summary + ".",
			Evidence: []vigil.Evidence{entryEvidence(e)},
			List:     e.List,
			EntryID:  e.ID,
		}
		for _, h := range hs {
			detail := fmt.Sprintf("%s %s equals the listed %s %s", h.subject.Kind, quoteLong(h.subject.Value), cleanText(h.listed.Type, 80), quoteLong(h.listed.Raw))
			if h.listed.Issuer != "" {
				detail += " issued by " + countryName(h.listed.Issuer)
			}
			if h.numberOnly {
				detail += "; matched on the number alone because the issuing country is not given on one side"
			}
			f.Evidence = append(f.Evidence, vigil.Evidence{Kind: "identifier", Ref: h.subject.Field, Detail: detail})
		}
		out = append(out, f)
	}
	return out
}

// watchlistNameCheck compares every name of the subject with the names and aliases of listed persons. One
// finding per entry (its best-matching name pair), graded by how strong the name match is and whether the
// birth date and nationality corroborate it: the name alone is what most false matches share.
type watchlistNameCheck struct{}

func (watchlistNameCheck) Name() string { return CheckWatchlistName }

type nameHit struct {
	Hit
	field string // where the subject holds the name that matched
	query string
}

func (watchlistNameCheck) Run(in *Input) []*vigil.Finding {
	w := in.Watchlist
	if w.Empty() {
		return nil
	}
	s := in.Subject
	best := map[*vigil.ListEntry]nameHit{}
	var entries []*vigil.ListEntry
	search := func(field, name string) {
		if strings.TrimSpace(name) == "" {
			return
		}
		for _, h := range w.Search(match.Query{Name: name, BirthDate: s.BirthDate, PersonOnly: true}, searchLimit, match.Threshold) {
			prev, seen := best[h.Entry]
			if !seen {
				entries = append(entries, h.Entry)
			}
			if !seen || h.Score > prev.Score || (h.Score == prev.Score && h.NameScore > prev.NameScore) {
				best[h.Entry] = nameHit{Hit: h, field: field, query: name}
			}
		}
	}
	search("name", s.Name)
	for i, n := range s.OtherNames {
		search(fmt.Sprintf("other_names[%d]", i), n)
	}
	sortEntries(entries)
	subjectNats := nationalities(s.Nationalities)
	var out []*vigil.Finding
	for _, e := range entries {
		h := best[e]
		nat := nationalityVerdict(subjectNats, e.Nationalities)
		sev := nameSeverity(h.NameScore, h.BirthDate, nat)
		listedName := quote(h.Name)
		if h.Name != e.Name {
			listedName = fmt.Sprintf("%s, an alias of %s", quote(h.Name), quote(e.Name))
		}
		summary := fmt.Sprintf("Name %s matches %s on %s entry %s%s with score %.2f%s",
			quote(h.query), listedName, e.List, e.ID, programs(e), h.Score, dateClause(h.BirthDate, s.BirthDate != "", len(e.BirthDates) > 0))
		if c := nationalityClause(nat); c != "" {
			summary += "; " + c
		}
		f := &vigil.Finding{
			Check:    CheckWatchlistName,
			Key:      entryKey(e),
			Severity: sev,
			Summary:  summary + ".",
			Evidence: []vigil.Evidence{
				entryEvidence(e),
				{Kind: "name_match", Ref: h.field, Detail: fmt.Sprintf("%s compared with %s: score %.2f, names alone %.2f; %s",
					quoteLong(h.query), quoteLong(h.Name), h.Score, h.NameScore, cleanText(h.Explanation, evidenceRunes*2))},
				{Kind: "birth_date", Ref: "birth_date", Detail: dateDetail(s.BirthDate, e.BirthDates, h.BirthDate)},
				{Kind: "nationality", Ref: "nationalities", Detail: nationalityDetail(subjectNats, e.Nationalities, nat)},
			},
			List:    e.List,
			EntryID: e.ID,
		}
		out = append(out, f)
	}
	return out
}

// Name-score levels of nameSeverity. A birth-date match makes a good name match strong; without a birth date
// only a near-exact name is.
const (
	nameStrong = 0.97
	nameGood   = 0.90
)

// nameSeverity grades a name match. A differing birth date all but rules the person out (low: kept visible
// for the reviewer, not scored much); a matching one makes a good name match high. Without birth dates to
// compare, only a near-exact name whose nationality does not contradict the entry is high.
func nameSeverity(nameScore float64, date match.DateVerdict, nat natVerdict) vigil.Severity {
	switch date {
	case match.DateMismatch:
		return vigil.SeverityLow
	case match.DateMatch:
		if nameScore >= nameGood {
			return vigil.SeverityHigh
		}
	case match.DateClose:
		if nameScore >= nameStrong {
			return vigil.SeverityHigh
		}
	default:
		if nameScore >= nameStrong && nat != natMismatch {
			return vigil.SeverityHigh
		}
	}
	return vigil.SeverityMedium
}

func dateClause(v match.DateVerdict, subjectHas, entryHas bool) string {
	switch v {
	case match.DateMatch:
		return " and the birth date matches"
	case match.DateClose:
		return " and a birth date close to a listed one"
	case match.DateMismatch:
		return ", but the birth date differs from every listed one, so it is probably someone else"
	}
	switch {
	case !subjectHas && !entryHas:
		return " on the name alone (neither gives a birth date)"
	case !subjectHas:
		return " on the name alone (the subject gives no birth date)"
	default:
		return " on the name alone (the list gives no birth date)"
	}
}

func dateDetail(subject string, listed []vigil.BirthDate, v match.DateVerdict) string {
	var ls []string
	for _, d := range listed {
		s := d.Date
		if d.To != "" {
			s += " to " + d.To
		}
		if d.Circa {
			s = "circa " + s
		}
		ls = append(ls, cleanText(s, 40))
	}
	verdict := string(v)
	if v == match.DateUnknown {
		verdict = "not comparable"
	}
	sub := "none given"
	if subject != "" {
		sub = quote(subject)
	}
	return fmt.Sprintf("subject %s; listed %s; verdict %s", sub, orNone(strings.Join(limitStrings(ls, 10), ", ")), verdict)
}

type natVerdict string

const (
	natUnknown  natVerdict = ""
	natMatch    natVerdict = "match"
	natMismatch natVerdict = "mismatch"
)

// nationalities returns the alpha-2 codes of the stated nationalities, skipping what is not a country.
func nationalities(codes []string) []string {
	var out []string
	for _, c := range codes {
		if cc, ok := vigil.CountryCode(c); ok && !slices.Contains(out, cc) {
			out = append(out, cc)
		}
	}
	return out
}

func nationalityVerdict(subject, listed []string) natVerdict {
	listed = nationalities(listed)
	if len(subject) == 0 || len(listed) == 0 {
		return natUnknown
	}
	for _, c := range subject {
		if slices.Contains(listed, c) {
			return natMatch
		}
	}
	return natMismatch
}

func nationalityClause(v natVerdict) string {
	switch v {
	case natMatch:
		return "a stated nationality is a listed one"
	case natMismatch:
		return "no stated nationality is a listed one"
	}
	return ""
}

func nationalityDetail(subject, listed []string, v natVerdict) string {
	verdict := string(v)
	if v == natUnknown {
		verdict = "not comparable"
	}
	return fmt.Sprintf("subject %s; listed %s; verdict %s",
		orNone(strings.Join(subject, ", ")), orNone(strings.Join(limitStrings(nationalities(listed), 10), ", ")), verdict)
}

func orNone(s string) string {
	if s == "" {
		return "none given"
	}
	return s
}

func limitStrings(ss []string, n int) []string {
	if len(ss) <= n {
		return ss
	}
	return append(ss[:n:n], fmt.Sprintf("and %d more", len(ss)-n))
}

// entryKey is the key of every finding about a list entry: the fact is "this subject may be that entry", which
// name and identifier checks share.
func entryKey(e *vigil.ListEntry) string { return e.List + ":" + e.ID }

// entryEvidence describes the list entry a finding rests on.
func entryEvidence(e *vigil.ListEntry) vigil.Evidence {
	detail := fmt.Sprintf("%s, %s", quoteLong(e.Name), orUnknown(string(e.Kind)))
	if len(e.Programs) > 0 {
		detail += ", programs " + cleanText(strings.Join(limitStrings(slices.Clone(e.Programs), 10), " "), 120)
	}
	if e.ListedOn != "" {
		detail += ", listed " + cleanText(e.ListedOn, 20)
	}
	return vigil.Evidence{Kind: "list_entry", Ref: entryKey(e), Detail: detail}
}

func orUnknown(s string) string {
	if s == "" {
		return "kind unknown"
	}
	return s
}

// programs names an entry's sanctions programmes for a summary: " [DPRK3, CYBER2]".
func programs(e *vigil.ListEntry) string {
	if len(e.Programs) == 0 {
		return ""
	}
	return " [" + cleanText(strings.Join(limitStrings(slices.Clone(e.Programs), 4), ", "), 60) + "]"
}

func sortEntries(es []*vigil.ListEntry) {
	slices.SortFunc(es, func(a, b *vigil.ListEntry) int {
		if c := strings.Compare(a.List, b.List); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// showIdentifier shows an identifier as the subject wrote it where the canonical form reads worse (a
// document number without its issuer prefix), quoted.
func showIdentifier(s *vigil.Subject, id vigil.Identifier) string {
	var i int
	if id.Kind == vigil.IdentDocument {
		if _, err := fmt.Sscanf(id.Field, "documents[%d]", &i); err == nil && i >= 0 && i < len(s.Documents) {
			return quote(strings.TrimSpace(s.Documents[i].Number))
		}
	}
	return quote(id.Value)
}

// describeIdentifier names an identifier of the subject for a reviewer: "passport number", "email address".
func describeIdentifier(s *vigil.Subject, id vigil.Identifier) string {
	switch id.Kind {
	case vigil.IdentDocument:
		var i int
		if _, err := fmt.Sscanf(id.Field, "documents[%d]", &i); err == nil && i >= 0 && i < len(s.Documents) {
			return documentKind(s.Documents[i].Type) + " number"
		}
		return "document number"
	case vigil.IdentWallet:
		return "digital-currency address"
	case vigil.IdentEmail:
		return "email address"
	case vigil.IdentPhone:
		return "phone number"
	case vigil.IdentIBAN:
		return "bank account"
	case vigil.IdentAddress:
		return "address"
	case vigil.IdentDevice:
		return "device serial number"
	}
	return string(id.Kind)
}
