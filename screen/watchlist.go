package screen

import (
	"cmp"
	"slices"
	"strings"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/match"
)

// Watchlist is the current watch-lists compiled for screening: the name index and the identifier indicators of
// every entry. It is built once per set of list versions, is immutable and is safe for concurrent use by any
// number of screenings.
type Watchlist struct {
	versions []*vigil.ListVersion
	entries  []*vigil.ListEntry // sorted by list and ID; entities of the name index in the same order
	byID     map[entryRef]*vigil.ListEntry
	names    *match.Index
	idents   map[identRef][]*vigil.ListEntry // non-document identifiers by kind and canonical value
	docs     map[string][]listedDocument     // document identifiers by canonical number
}

type entryRef struct{ list, id string }

type identRef struct {
	kind  vigil.IdentifierKind
	value string
}

// listedDocument is a document number a list gives for an entry, with the issuing country when known.
type listedDocument struct {
	entry   *vigil.ListEntry
	ident   *vigil.EntryIdentifier
	country string // ISO alpha-2; "" when the list does not say
}

// Hit is a list entry whose name matched a search.
type Hit struct {
	Entry *vigil.ListEntry
	match.Match
}

// minNumberOnly is the shortest document number matched without an issuer to confirm it: shorter numbers
// recur across issuers by chance.
const minNumberOnly = 6

// NewWatchlist compiles list entries. Entries are ordered by list and ID whatever order they come in, so two
// watch-lists of the same entries search alike; an entry repeated under the same list and ID keeps its first
// occurrence. Entries and versions must not be changed afterwards.
func NewWatchlist(versions []*vigil.ListVersion, entries []*vigil.ListEntry) *Watchlist {
	w := &Watchlist{
		versions: slices.Clone(versions),
		byID:     make(map[entryRef]*vigil.ListEntry, len(entries)),
		idents:   map[identRef][]*vigil.ListEntry{},
		docs:     map[string][]listedDocument{},
	}
	slices.SortStableFunc(w.versions, func(a, b *vigil.ListVersion) int {
		return cmp.Or(cmp.Compare(a.List, b.List), cmp.Compare(a.Version, b.Version))
	})
	sorted := slices.Clone(entries)
	slices.SortStableFunc(sorted, func(a, b *vigil.ListEntry) int {
		return cmp.Or(cmp.Compare(a.List, b.List), cmp.Compare(a.ID, b.ID))
	})
	entities := make([]match.Entity, 0, len(sorted))
	for _, e := range sorted {
		if e == nil {
			continue
		}
		ref := entryRef{e.List, e.ID}
		if _, dup := w.byID[ref]; dup {
			continue
		}
		w.byID[ref] = e
		w.entries = append(w.entries, e)
		entities = append(entities, entityOf(e))
		w.addIdentifiers(e)
	}
	w.names = match.NewIndex(entities)
	return w
}

func entityOf(e *vigil.ListEntry) match.Entity {
	ent := match.Entity{Names: []string{e.Name}, BirthDates: e.BirthDates, Person: e.Kind == vigil.EntryPerson,
		Nationalities: e.Nationalities, Gender: e.Gender}
	for _, a := range e.Aliases {
		if a.Weak {
			ent.WeakNames = append(ent.WeakNames, a.Name)
		} else {
			ent.Names = append(ent.Names, a.Name)
		}
	}
	return ent
}

func (w *Watchlist) addIdentifiers(e *vigil.ListEntry) {
	for i := range e.Identifiers {
		id := &e.Identifiers[i]
		if id.Value == "" {
			continue
		}
		if id.Kind == vigil.IdentDocument {
			issuer, number := splitDocument(id.Value)
			if number == "" {
				continue
			}
			country := ""
			if c, ok := vigil.CountryCode(id.Issuer); ok {
				country = c
			} else if c, known := issuerCountry(issuer); known {
				country = c
			}
			if !slices.ContainsFunc(w.docs[number], func(d listedDocument) bool { return d.entry == e && d.country == country }) {
				w.docs[number] = append(w.docs[number], listedDocument{entry: e, ident: id, country: country})
			}
			continue
		}
		ref := identRef{id.Kind, id.Value}
		if !slices.Contains(w.idents[ref], e) {
			w.idents[ref] = append(w.idents[ref], e)
		}
	}
}

// splitDocument splits a canonical document identifier "ISSUER:NUMBER"; a value without a colon is a number.
func splitDocument(v string) (issuer, number string) {
	if i := strings.IndexByte(v, ':'); i >= 0 {
		return v[:i], v[i+1:]
	}
	return "", v
}

// issuerCountry resolves the issuer part of a canonical document identifier, which is an ICAO code for
// subjects ("POL", "D") and may be an ISO code for list entries.
func issuerCountry(issuer string) (country string, known bool) {
	if issuer == "" {
		return "", false
	}
	if c, ok := vigil.IssuerCountry(issuer); ok {
		return c, c != ""
	}
	if c, ok := vigil.CountryCode(issuer); ok {
		return c, true
	}
	return "", false
}

// Versions returns the list versions the watch-list was built from, ordered by list name.
func (w *Watchlist) Versions() []*vigil.ListVersion {
	if w == nil {
		return nil
	}
	return slices.Clone(w.versions)
}

// Empty reports whether the watch-list has no entries, so that screening against it could find nothing.
func (w *Watchlist) Empty() bool { return w == nil || len(w.entries) == 0 }

// Len returns the number of entries.
func (w *Watchlist) Len() int {
	if w == nil {
		return 0
	}
	return len(w.entries)
}

// Entry returns the entry with the given list and ID, or nil when it is not on the current lists (it was
// delisted, or never existed).
func (w *Watchlist) Entry(list, id string) *vigil.ListEntry {
	if w == nil {
		return nil
	}
	return w.byID[entryRef{list, id}]
}

// Search finds the entries whose names match q, best first, at most limit of them with a score of at least
// minScore.
func (w *Watchlist) Search(q match.Query, limit int, minScore float64) []Hit {
	if w.Empty() {
		return nil
	}
	matches := w.names.Search(q, limit, minScore)
	hits := make([]Hit, len(matches))
	for i, m := range matches {
		hits[i] = Hit{Entry: w.entries[m.Entity], Match: m}
	}
	return hits
}

// EntriesWithIdentifier returns the entries that list the canonical identifier value of kind, ordered by list
// and ID. Document values are "ISSUER:NUMBER" as vigil.CanonicalDocument gives them: they match a listed
// document with the same number whose issuing country is the same, or is unknown on either side; a match on
// the number alone needs at least six characters, since shorter numbers recur across issuers by chance.
func (w *Watchlist) EntriesWithIdentifier(kind vigil.IdentifierKind, value string) []*vigil.ListEntry {
	if w.Empty() {
		return nil
	}
	if kind != vigil.IdentDocument {
		return slices.Clone(w.idents[identRef{kind, value}])
	}
	var out []*vigil.ListEntry
	for _, d := range w.documentMatches(value) {
		if !slices.Contains(out, d.entry) {
			out = append(out, d.entry)
		}
	}
	return out
}

// documentMatches returns the listed documents a subject's canonical document identifier matches.
func (w *Watchlist) documentMatches(value string) []listedDocument {
	issuer, number := splitDocument(value)
	if number == "" {
		return nil
	}
	country, known := issuerCountry(issuer)
	var out []listedDocument
	for _, d := range w.docs[number] {
		switch {
		case known && d.country != "":
			if d.country != country {
				continue
			}
		case len(number) < minNumberOnly:
			continue
		}
		out = append(out, d)
	}
	return out
}
