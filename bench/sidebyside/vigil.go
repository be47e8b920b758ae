package sidebyside

import (
	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/match"
	"github.com/vigil-sec/vigil/screen"
)

// Vigil is Vigil's matcher over the lists, compiled as `vigil search` and screening compile it
// (screen.NewWatchlist over match.NewIndex).
type Vigil struct {
	W *screen.Watchlist
}

// NewVigil compiles the entries.
func NewVigil(entries []*vigil.ListEntry) *Vigil {
	return &Vigil{W: screen.NewWatchlist(nil, entries)}
}

// Search returns the entries whose names score at least minScore against name, best first, at most limit
// (all when limit <= 0); personOnly limits it to persons.
func (v *Vigil) Search(name string, personOnly bool, limit int, minScore float64) []Hit {
	res := v.W.Search(match.Query{Name: name, PersonOnly: personOnly}, limit, minScore)
	out := make([]Hit, len(res))
	for i, h := range res {
		out[i] = Hit{EntryRef{h.Entry.List, h.Entry.ID}, h.Score}
	}
	return out
}
