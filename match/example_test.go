package match_test

import (
	"fmt"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/match"
)

func ExampleCompare() {
	score, why := match.Compare("CHO'N, Yo'n-Ku'n", "Chon Yonkun")
	fmt.Printf("%.2f %s\n", score, why)
	score, why = match.Compare("J. Smith", "John Smith")
	fmt.Printf("%.2f %s\n", score, why)
	// Output:
	// 1.00 chon=chon, yon+kun=yonkun (glued)
	// 0.80 j.~john (initial), smith=smith
}

func ExampleIndex_Search() {
	ix := match.NewIndex([]match.Entity{
		{Names: []string{"KIM, Yong Chol"}, Person: true, BirthDates: []vigil.BirthDate{{Date: "1946", Circa: true}}},
		{Names: []string{"KIM Yong Chol"}, Person: true, BirthDates: []vigil.BirthDate{{Date: "1962-07-15"}}},
		{Names: []string{"RECONNAISSANCE GENERAL BUREAU"}, WeakNames: []string{"RGB"}},
	})
	for _, m := range ix.Search(match.Query{Name: "Kim Yong-chol", BirthDate: "1962-07-15"}, 10, match.Threshold) {
		fmt.Printf("%d %q %.2f %s: %s\n", m.Entity, m.Name, m.Score, m.BirthDate, m.Explanation)
	}
	// Output:
	// 1 "KIM Yong Chol" 1.00 match: kim=kim, yong=yong, chol=chol; birth date 1962-07-15 matches listed 1962-07-15 (+0.05)
	// 0 "KIM, Yong Chol" 0.90 mismatch: kim=kim, yong=yong, chol=chol; birth date 1962-07-15 differs from listed circa 1946 (-0.10)
}
