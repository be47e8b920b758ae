package nameeval

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/commonnames"
	"github.com/vigil-sec/vigil/internal/shareddata"
)

func TestFoldKey(t *testing.T) {
	for _, tc := range [][2]string{
		{"SMITH, John", "john smith"},
		{"Müller-Lüdenscheidt", "ludenscheidt muller"},
		{"CHO'N, Yo'n Ku'n", "chon kun yon"},
		{"Cho’n Yŏn", "chon yon"},
		{"Søren Weiß", "soren weiss"},
		{"  ", ""},
	} {
		if got := foldKey(tc[0]); got != tc[1] {
			t.Errorf("foldKey(%q) = %q, want %q", tc[0], got, tc[1])
		}
	}
}

func TestFilterUnlisted(t *testing.T) {
	entries := []*vigil.ListEntry{
		{List: "l", ID: "1", Name: "SMITH, John", Aliases: []vigil.Alias{{Name: "Jöhn Smyth", Weak: true}}},
		{List: "l", ID: "2", Name: "KIM, Yong Chol"},
		nil,
	}
	names := []commonnames.Name{
		{Culture: "english", Given: "John", Family: "Smith", Full: "John Smith"},       // the entry's name reordered
		{Culture: "english", Given: "John", Family: "Smyth", Full: "John Smyth"},       // a weak alias, folded
		{Culture: "english", Given: "John", Family: "Smithers", Full: "John Smithers"}, // only alike
		{Culture: "korean", Given: "Yong-chol", Family: "Kim", Full: "Kim Yong-chol"},  // hyphen is punctuation
		{Culture: "korean", Given: "Yong-chul", Family: "Kim"},                         // no Full: Given Family
		{Culture: "mononym", Given: "Suharto"},
	}
	got, removed := FilterUnlisted(names, entries)
	want := []commonnames.Name{names[2], names[4], names[5]}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"english": 2, "korean": 1}, removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	if FullName(names[4]) != "Yong-chul Kim" || FullName(names[5]) != "Suharto" {
		t.Errorf("FullName: %q %q", FullName(names[4]), FullName(names[5]))
	}
}

// TestFalsePositiveSet_Shared logs how many common names the real lists hold; the set must keep nearly all.
func TestFalsePositiveSet_Shared(t *testing.T) {
	l, err := LoadLists(shareddata.Path(t, "lists"))
	if err != nil {
		t.Fatal(err)
	}
	all := commonnames.All()
	kept, removed := FalsePositiveSet(l.Entries)
	t.Logf("%d common names, %d kept, removed per culture: %v", len(all), len(kept), removed)
	if len(kept) < 10000 || len(kept) < len(all)*99/100 {
		t.Errorf("kept %d of %d common names", len(kept), len(all))
	}
}
