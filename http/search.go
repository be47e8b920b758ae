package http

import (
	"net/http"
	"slices"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/match"
)

// Search bounds.
const (
	defaultSearchLimit = 10
	maxSearchLimit     = 100
	maxSearchNameBytes = 1024
)

// searchQuery echoes the search as it was understood.
type searchQuery struct {
	Name        string  `json:"name"`
	BirthDate   string  `json:"birth_date,omitempty"`
	Nationality string  `json:"nationality,omitempty"` // alpha-2, as normalised
	Limit       int     `json:"limit"`
	MinScore    float64 `json:"min_score"`
}

// Nationality verdicts of a search hit.
const (
	nationalityMatch   = "match"   // the entry lists the nationality asked for
	nationalityDiffers = "differs" // the entry lists nationalities, not that one
	nationalityUnknown = "unknown" // the entry lists none
)

// nationalityNote tells a reviewer how the entry's listed nationalities compare with the one asked for.
// It never changes the score, the ranking or which hits are shown: lists record citizenship incompletely and
// a person under a false identity states a false nationality, so hiding or demoting "differs" would hide
// exactly the hits that matter (and would score nationality, which Vigil does not do).
type nationalityNote struct {
	Verdict string   `json:"verdict"`
	Listed  []string `json:"listed"`
}

// searchMatch is one ranked hit.
type searchMatch struct {
	List        string           `json:"list"`
	EntryID     string           `json:"entry_id"`
	Name        string           `json:"name"`
	Score       float64          `json:"score"`
	Explanation string           `json:"explanation"`
	Nationality *nationalityNote `json:"nationality,omitempty"`
}

// handleSearch answers GET /api/v1/search?name=&birth_date=&nationality=&limit=&min_score=: list entries
// whose names match, best first. A birth date corroborates or weakens the name score (the matcher's rule); a
// nationality only annotates hits.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "name", "birth_date", "nationality", "limit", "min_score")
	var sq searchQuery
	if name := q.text("name", maxSearchNameBytes); name != nil {
		sq.Name = *name
	} else if _, given := q.raw("name"); !given {
		q.add("name", "is required: the name to look for")
	}
	if v, ok := q.raw("birth_date"); ok {
		if _, _, err := vigil.ParsePartialDate(v); err != nil {
			q.add("birth_date", "%v", err)
		} else {
			sq.BirthDate = v
		}
	}
	if v, ok := q.raw("nationality"); ok {
		if cc, ok := vigil.CountryCode(v); ok {
			sq.Nationality = cc
		} else {
			q.add("nationality", "%s is not an ISO 3166-1 country code (alpha-2 such as \"PL\", or alpha-3)", vigil.Quote(v))
		}
	}
	sq.Limit = q.int("limit", defaultSearchLimit, 1, maxSearchLimit)
	sq.MinScore = q.float("min_score", match.Threshold, 0, 1)
	if err := q.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	hits, err := s.Engine.Search(r.Context(), match.Query{Name: sq.Name, BirthDate: sq.BirthDate, Nationality: sq.Nationality}, sq.Limit, sq.MinScore)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	matches := make([]searchMatch, 0, len(hits))
	for _, h := range hits {
		m := searchMatch{List: h.List, EntryID: h.EntryID, Name: h.Name, Score: h.Score, Explanation: h.Explanation}
		if sq.Nationality != "" {
			m.Nationality = compareNationality(sq.Nationality, h.Entry)
		}
		matches = append(matches, m)
	}
	s.writeJSON(w, r, http.StatusOK, struct {
		Query   searchQuery   `json:"query"`
		Matches []searchMatch `json:"matches"`
	}{sq, matches})
}

func compareNationality(cc string, e *vigil.ListEntry) *nationalityNote {
	note := &nationalityNote{Verdict: nationalityUnknown, Listed: []string{}}
	if e == nil || len(e.Nationalities) == 0 {
		return note
	}
	note.Listed = e.Nationalities
	note.Verdict = nationalityDiffers
	if slices.Contains(e.Nationalities, cc) {
		note.Verdict = nationalityMatch
	}
	return note
}
