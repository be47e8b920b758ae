package match

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/shareddata"
)

// ofacEntry is what the tests need of an SDN entry. The product's parser lives in source/ofac; this minimal
// reader only feeds the matcher's tests.
type ofacEntry struct {
	entNum   string
	programs []string
	entity   Entity
}

var (
	ofacOnce    sync.Once
	ofacEntries []ofacEntry
	ofacIndex   *Index
	ofacErr     error
	ofacStats   string
)

// loadOFAC reads the legacy SDN and alternate-name CSVs once per test binary and indexes every entry.
func loadOFAC(tb testing.TB) ([]ofacEntry, *Index) {
	tb.Helper()
	sdnPath := shareddata.Path(tb, "lists", "ofac-sdn-2024-05-03.csv")
	altPath := shareddata.Path(tb, "lists", "ofac-alt-2026-06.csv")
	ofacOnce.Do(func() {
		ofacEntries, ofacStats, ofacErr = readOFAC(sdnPath, altPath)
		if ofacErr != nil {
			return
		}
		ents := make([]Entity, len(ofacEntries))
		for i := range ofacEntries {
			ents[i] = ofacEntries[i].entity
		}
		ofacIndex = NewIndex(ents)
	})
	if ofacErr != nil {
		tb.Fatal(ofacErr)
	}
	return ofacEntries, ofacIndex
}

const ofacNull = "-0- "

// readCSVRecords reads a legacy OFAC CSV: comma-separated, double-quoted, CRLF, ending in a DOS EOF byte.
func readCSVRecords(path string, fields int, each func(line int, rec []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return fmt.Errorf("%s line %d: %w", path, line, err)
		}
		if len(rec) == 1 && strings.Trim(rec[0], "\x1a \r\n") == "" {
			continue
		}
		if len(rec) != fields {
			return fmt.Errorf("%s line %d: %d fields, want %d", path, line, len(rec), fields)
		}
		if err := each(line, rec); err != nil {
			return fmt.Errorf("%s line %d: %w", path, line, err)
		}
	}
}

var (
	dobRe     = regexp.MustCompile(`(?:^|; )(?:alt\. )?DOB (circa )?((?:\d{2} )?(?:[A-Z][a-z]{2} )?\d{4})(?: to ((?:\d{2} )?(?:[A-Z][a-z]{2} )?\d{4}))?`)
	weakAkaRe = regexp.MustCompile(`a\.k\.a\. '([^']+)'`)
	months    = map[string]string{"Jan": "01", "Feb": "02", "Mar": "03", "Apr": "04", "May": "05", "Jun": "06",
		"Jul": "07", "Aug": "08", "Sep": "09", "Oct": "10", "Nov": "11", "Dec": "12"}
)

// ofacDate turns "18 Jun 1964", "Jun 1964" or "1964" into YYYY-MM-DD, YYYY-MM or YYYY.
func ofacDate(s string) (string, bool) {
	f := strings.Fields(s)
	switch len(f) {
	case 1:
		return f[0], true
	case 2:
		m, ok := months[f[0]]
		return f[1] + "-" + m, ok
	case 3:
		m, ok := months[f[1]]
		return f[2] + "-" + m + "-" + f[0], ok
	}
	return "", false
}

func readOFAC(sdnPath, altPath string) ([]ofacEntry, string, error) {
	var entries []ofacEntry
	byNum := map[string]int{}
	var dobs, weak int
	err := readCSVRecords(sdnPath, 12, func(line int, rec []string) error {
		num, name, typ, progs, remarks := rec[0], rec[1], rec[2], rec[3], rec[11]
		if num == "" || name == "" || name == ofacNull {
			return fmt.Errorf("entry without number or name")
		}
		if _, dup := byNum[num]; dup {
			return fmt.Errorf("duplicate ent_num %s", num)
		}
		e := ofacEntry{entNum: num, entity: Entity{Names: []string{name}, Person: typ == "individual"}}
		if progs != ofacNull {
			for _, p := range strings.Split(progs, "] [") {
				e.programs = append(e.programs, strings.Trim(p, "[] "))
			}
		}
		if remarks != ofacNull {
			for _, m := range dobRe.FindAllStringSubmatch(remarks, -1) {
				d, ok := ofacDate(m[2])
				if !ok {
					continue
				}
				bd := vigil.BirthDate{Date: d, Circa: m[1] != ""}
				if m[3] != "" {
					if to, ok := ofacDate(m[3]); ok {
						bd.To = to
					}
				}
				e.entity.BirthDates = append(e.entity.BirthDates, bd)
				dobs++
			}
			for _, m := range weakAkaRe.FindAllStringSubmatch(remarks, -1) {
				e.entity.WeakNames = append(e.entity.WeakNames, m[1])
				weak++
			}
		}
		byNum[num] = len(entries)
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	var aliases, orphans int
	err = readCSVRecords(altPath, 5, func(line int, rec []string) error {
		num, typ, name := rec[0], rec[2], rec[3]
		if typ != "aka" && typ != "fka" && typ != "nka" {
			return fmt.Errorf("alias type %q", typ)
		}
		i, ok := byNum[num]
		if !ok {
			orphans++ // entries designated after the SDN snapshot
			return nil
		}
		entries[i].entity.Names = append(entries[i].entity.Names, name)
		aliases++
		return nil
	})
	stats := fmt.Sprintf("%d entries, %d aliases (%d more of entries newer than the SDN file), %d birth dates, %d weak aliases",
		len(entries), aliases, orphans, dobs, weak)
	return entries, stats, err
}

func isDPRK(programs []string) bool {
	for _, p := range programs {
		if strings.HasPrefix(p, "DPRK") {
			return true
		}
	}
	return false
}

// TestOFACDPRKVariants queries every name and alias of every DPRK-program entry written three ways applicants
// and clerks write Korean names, and wants the entry first, or tied first with entries of the same folded name.
func TestOFACDPRKVariants(t *testing.T) {
	entries, ix := loadOFAC(t)
	t.Logf("OFAC: %s; index of %d entities", ofacStats, ix.Len())
	variants := []struct {
		name string
		make func(string) string
	}{
		{"last token first", func(s string) string {
			f := strings.Fields(s)
			if len(f) < 2 {
				return s
			}
			return strings.Join(append([]string{f[len(f)-1]}, f[:len(f)-1]...), " ")
		}},
		{"hyphens spaced, apostrophes dropped", func(s string) string {
			return strings.NewReplacer("-", " ", "'", "").Replace(s)
		}},
		{"hyphens dropped", func(s string) string { return strings.ReplaceAll(s, "-", "") }},
	}
	var queries, dprkEntries int
	for e, ent := range entries {
		if !isDPRK(ent.programs) {
			continue
		}
		dprkEntries++
		for _, name := range ent.entity.Names {
			for _, v := range variants {
				query := v.make(name)
				queries++
				res := ix.Search(Query{Name: query}, 20, 0.5)
				at := -1
				for i, m := range res {
					if m.Entity == e {
						at = i
						break
					}
				}
				if at < 0 {
					t.Errorf("%s of %s %q: query %q does not find it (top: %v)", v.name, ent.entNum, name, query, head(res, 3))
					continue
				}
				if res[at].Score < res[0].Score {
					t.Errorf("%s of %s %q: query %q ranks it %d with %.3f, below %.3f (%+v)", v.name, ent.entNum, name, query, at+1, res[at].Score, res[0].Score, res[0])
					continue
				}
				for _, m := range res[:at] {
					if s, _ := Compare(m.Name, name); s < 1 {
						t.Errorf("%s of %s %q: query %q ties with entity %d %q, a different name", v.name, ent.entNum, name, query, m.Entity, m.Name)
					}
				}
			}
		}
	}
	t.Logf("%d queries over the names of %d DPRK-program entries", queries, dprkEntries)
	if dprkEntries < 400 {
		t.Errorf("only %d DPRK entries read; the file has 484", dprkEntries)
	}
}

func head(ms []Match, n int) []Match {
	if len(ms) > n {
		return ms[:n]
	}
	return ms
}
