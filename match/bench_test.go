package match

import (
	"testing"
)

// benchQueries mixes what screening sees: exact list names, reordered and re-separated Korean names, typos,
// benign names that match nothing, and a company.
var benchQueries = []Query{
	{Name: "Kim Jong Un"},
	{Name: "Jong-un Kim", BirthDate: "1984-01-08"},
	{Name: "CHON Yon Kun"},
	{Name: "Pak Chol Su", PersonOnly: true},
	{Name: "Ri Song Hyok"},
	{Name: "Kim Yong Chol", BirthDate: "1946"},
	{Name: "Mohamed Ali Hassan"},
	{Name: "Vladimir Vladimirovich Putin"},
	{Name: "Vladmir Putn"},
	{Name: "Korea Mining Development Trading Corporation"},
	{Name: "Foreign Trade Bank of DPRK"},
	{Name: "Anna Kowalska"},
	{Name: "Nguyễn Văn An"},
	{Name: "Jean-Pierre Dubois"},
	{Name: "Mateusz Nowak", BirthDate: "1994-03-07"},
	{Name: "Abdul Rahman Al-Hussaini"},
}

func BenchmarkSearch(b *testing.B) {
	_, ix := loadOFAC(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ix.Search(benchQueries[i%len(benchQueries)], 10, Threshold)
	}
}

func BenchmarkNewIndex(b *testing.B) {
	entries, _ := loadOFAC(b)
	ents := make([]Entity, len(entries))
	for i := range entries {
		ents[i] = entries[i].entity
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		NewIndex(ents)
	}
}

func BenchmarkCompare(b *testing.B) {
	pairs := [][2]string{
		{"KIM, Jong Un", "Jong-un Kim"},
		{"CHO'N, Yo'n Ku'n", "Chon Yon Kun"},
		{"Mohammed Abdul Rahman", "Muhammad Abdulrahman"},
		{"Friedrich Lindenberg", "Fredrich Lindenburg"},
		{"Korea Mining Development Trading Corporation", "KOMID"},
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p := pairs[i%len(pairs)]
		Compare(p[0], p[1])
	}
}
