package nameeval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil/internal/shareddata"
)

func TestLoadLists(t *testing.T) {
	real := shareddata.Path(t, "lists")
	junk := t.TempDir()
	writeFile(t, junk, "notes.txt", "not a list\n")
	writeFile(t, junk, "README.md", "# hand-written: read by no one\n")
	writeFile(t, junk, "broken.xml", "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>")
	if err := os.Mkdir(filepath.Join(junk, "fuzz"), 0o700); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(junk, "absent")

	l, err := LoadLists(real, junk, missing, real)
	if err != nil {
		t.Fatal(err)
	}
	count := l.Count()
	if count["ofac-sdn"] != 14965 || count["un"] != 1003 {
		t.Errorf("entries per list %v, want ofac-sdn 14965 and un 1003", count)
	}
	if l.Duplicates != len(l.Entries) {
		t.Errorf("%d duplicates, want every entry of the folder read twice: %d", l.Duplicates, len(l.Entries))
	}
	skipped := strings.Join(l.Skipped, "\n")
	for _, want := range []string{"notes.txt: ", "broken.xml: ", "absent: no such folder"} {
		if !strings.Contains(skipped, want) {
			t.Errorf("skipped:\n%s\nwant a line with %q", skipped, want)
		}
	}
	if strings.Contains(skipped, "README.md") || strings.Contains(skipped, "fuzz") {
		t.Errorf("skipped names a file that is not read at all:\n%s", skipped)
	}
	dprk := map[string]int{}
	for _, e := range l.Entries {
		if IsDPRK(e) {
			dprk[e.List]++
		}
	}
	// PROVENANCE.md: 484 SDN entries with a DPRK program, 155 UN entries on the DPRK list, and (when
	// source reads the UK summary sheet) 261 rows of the UK's DPRK regime.
	want := map[string]int{"ofac-sdn": 484, "un": 155}
	if count["uk"] > 0 {
		want["uk"] = 261
	}
	if diff := cmp.Diff(want, dprk); diff != "" {
		t.Errorf("DPRK entries per list (-want +got):\n%s", diff)
	}

	if _, err := LoadLists(junk, missing); err == nil {
		t.Error("nothing readable: no error")
	}
}
