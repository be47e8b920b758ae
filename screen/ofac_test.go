package screen

import (
	"os"
	"sync"
	"testing"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/shareddata"
	"github.com/vigil-sec/vigil/source/ofac"
)

// realOFAC is the OFAC SDN list of ../shared/data (sdn.csv of 2024-05-03 with the alt.csv of 2026-06), parsed by
// the product's own parser and compiled once for all tests.
var realOFAC = struct {
	once sync.Once
	w    *Watchlist
	err  error
}{}

func ofacWatchlist(tb testing.TB) *Watchlist {
	tb.Helper()
	sdn := shareddata.Path(tb, "lists", "ofac-sdn-2024-05-03.csv")
	alt := shareddata.Path(tb, "lists", "ofac-alt-2026-06.csv")
	realOFAC.once.Do(func() {
		read := func(path string) *ofac.File {
			data, err := os.ReadFile(path)
			if err != nil && realOFAC.err == nil {
				realOFAC.err = err
			}
			return &ofac.File{Name: path, Data: data}
		}
		res, err := ofac.Parse(ofac.Publication{SDN: read(sdn), Alt: read(alt)}, "ofac-sdn")
		if err != nil {
			realOFAC.err = err
			return
		}
		v := &vigil.ListVersion{List: "ofac-sdn", Version: "2024-05-03", Entries: len(res.Entries)}
		realOFAC.w = NewWatchlist([]*vigil.ListVersion{v}, res.Entries)
	})
	if realOFAC.err != nil {
		tb.Fatalf("read OFAC list: %v", realOFAC.err)
	}
	return realOFAC.w
}
