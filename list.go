package vigil

import (
	"context"
	"time"
)

// EntryKind is what a watch-list entry designates.
type EntryKind string

// Entry kinds.
const (
	EntryPerson       EntryKind = "person"
	EntryOrganization EntryKind = "organization"
	EntryVessel       EntryKind = "vessel"
	EntryAircraft     EntryKind = "aircraft"
)

// ListEntry is one designation on a watch-list, normalised from its publisher's format. ID is the publisher's
// own identifier (OFAC ent_num, UN DATAID).
type ListEntry struct {
	List          string            `json:"list"`
	ID            string            `json:"id"`
	Kind          EntryKind         `json:"kind"`
	Name          string            `json:"name"`
	Aliases       []Alias           `json:"aliases,omitempty"`
	BirthDates    []BirthDate       `json:"birth_dates,omitempty"`
	BirthPlaces   []string          `json:"birth_places,omitempty"`
	Nationalities []string          `json:"nationalities,omitempty"` // ISO 3166-1 alpha-2, citizenship included
	Gender        string            `json:"gender,omitempty"`        // male, female, or empty
	Addresses     []EntryAddress    `json:"addresses,omitempty"`
	Programs      []string          `json:"programs,omitempty"` // OFAC program / UN regime codes: DPRK3, KP …
	Title         string            `json:"title,omitempty"`
	ListedOn      string            `json:"listed_on,omitempty"`
	Remarks       string            `json:"remarks,omitempty"`
	Identifiers   []EntryIdentifier `json:"identifiers,omitempty"`
}

// Alias is another name of an entry. Weak aliases ("low quality" in OFAC and UN terms) are short or generic
// names that the publisher itself warns against matching on alone.
type Alias struct {
	Name string `json:"name"`
	Type string `json:"type,omitempty"` // aka, fka, nka
	Weak bool   `json:"weak,omitempty"`
}

// BirthDate is a birth date as lists give them: exact, a month or year, a range (To), or approximate (Circa).
// Date and To are YYYY, YYYY-MM or YYYY-MM-DD.
type BirthDate struct {
	Date  string `json:"date"`
	To    string `json:"to,omitempty"`
	Circa bool   `json:"circa,omitempty"`
}

// EntryAddress is an address of a list entry.
type EntryAddress struct {
	Line     string `json:"line,omitempty"`
	City     string `json:"city,omitempty"`
	Region   string `json:"region,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	Country  string `json:"country,omitempty"` // ISO alpha-2 when known
}

// EntryIdentifier is an identifier a list gives for an entry: a passport or national ID number, a
// digital-currency address, an email, a phone number, a website. Value is canonical, as for subjects.
type EntryIdentifier struct {
	Kind   IdentifierKind `json:"kind"`
	Value  string         `json:"value"`
	Raw    string         `json:"raw"`              // as the publisher wrote it
	Type   string         `json:"type"`             // the publisher's label: "Passport", "Digital Currency Address - ETH"
	Issuer string         `json:"issuer,omitempty"` // ISO alpha-2 country of a document, when given
	Chain  string         `json:"chain,omitempty"`  // asset code of a digital-currency address
}

// AllNames returns the entry's name followed by its aliases.
func (e *ListEntry) AllNames() []string {
	names := make([]string, 0, 1+len(e.Aliases))
	names = append(names, e.Name)
	for _, a := range e.Aliases {
		names = append(names, a.Name)
	}
	return names
}

// ListVersion is one import of a list: its source, the date the publisher's data is as of, and the sha256 of
// the files imported, so that every report can name exactly which data it was judged against.
type ListVersion struct {
	ID         int64     `json:"id"`
	List       string    `json:"name"`
	Version    string    `json:"version"`
	AsOf       time.Time `json:"as_of"`
	SHA256     string    `json:"sha256"`
	Files      []string  `json:"files"`
	Entries    int       `json:"entries"`
	Warnings   []string  `json:"warnings,omitempty"`
	Active     bool      `json:"active"`
	ImportedAt time.Time `json:"imported_at"`
}

// Ref names the version in a report.
func (v *ListVersion) Ref() VersionRef {
	return VersionRef{Name: v.List, Version: v.Version, AsOf: v.AsOf, SHA256: v.SHA256}
}

// ListVersionFilter selects list versions.
type ListVersionFilter struct {
	List   *string
	Active *bool
}

// ListEntryFilter selects entries of active list versions.
type ListEntryFilter struct {
	List *string
	ID   *string
}

// Indicator is a known-bad or watched value: here, an identifier taken from a list entry.
type Indicator struct {
	ID        int64          `json:"id"`
	Kind      IdentifierKind `json:"kind"`
	Value     string         `json:"value"`
	Raw       string         `json:"raw"`
	Type      string         `json:"type"`
	List      string         `json:"list"`
	EntryID   string         `json:"entry_id"`
	VersionID int64          `json:"version_id"`
}

// IndicatorFilter selects indicators of active list versions.
type IndicatorFilter struct {
	Kind  *IdentifierKind
	Value *string
	List  *string

	Offset int
	Limit  int
}

// ListService stores list versions and their entries. Every method is for authenticated users; importing
// changes what every subject is screened against, so it is audited with its actor.
type ListService interface {
	// ImportList stores entries as a new version of v.List and makes it the active version, replacing the
	// previous one in the same transaction, with the entries' identifiers as indicators. If the active version
	// of that list already has v.SHA256 nothing changes and imported is false. v.ID and v.ImportedAt are set.
	ImportList(ctx context.Context, v *ListVersion, entries []*ListEntry, actor string) (imported bool, err error)

	// FindListVersions returns list versions, newest first.
	FindListVersions(ctx context.Context, filter ListVersionFilter) ([]*ListVersion, error)

	// FindListEntries returns the entries of the active versions, ordered by list and ID.
	FindListEntries(ctx context.Context, filter ListEntryFilter) ([]*ListEntry, error)

	// FindIndicators returns indicators of the active versions and the total count.
	FindIndicators(ctx context.Context, filter IndicatorFilter) ([]*Indicator, int, error)
}
