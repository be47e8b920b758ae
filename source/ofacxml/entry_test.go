package ofacxml

import (
	"testing"

	"github.com/vigil-sec/vigil"
)

func TestDateSpan(t *testing.T) {
	tests := []struct {
		name     string
		from, to ymd
		circa    bool
		want     vigil.BirthDate
		ok       bool
	}{
		{"Day", ymd{1968, 3, 15}, ymd{1968, 3, 15}, false, vigil.BirthDate{Date: "1968-03-15"}, true},
		{"Year", ymd{1969, 1, 1}, ymd{1969, 12, 31}, false, vigil.BirthDate{Date: "1969"}, true},
		{"Years", ymd{1960, 1, 1}, ymd{1962, 12, 31}, true, vigil.BirthDate{Date: "1960", To: "1962", Circa: true}, true},
		{"Month", ymd{1960, 2, 1}, ymd{1960, 2, 29}, false, vigil.BirthDate{Date: "1960-02"}, true},
		{"Months", ymd{1977, 8, 1}, ymd{1977, 9, 30}, false, vigil.BirthDate{Date: "1977-08", To: "1977-09"}, true},
		{"Days", ymd{1977, 1, 5}, ymd{1977, 2, 3}, false, vigil.BirthDate{Date: "1977-01-05", To: "1977-02-03"}, true},
		{"Backwards", ymd{1980, 1, 1}, ymd{1979, 12, 31}, false, vigil.BirthDate{}, false},
		{"NoSuchDay", ymd{1971, 2, 30}, ymd{1971, 2, 30}, false, vigil.BirthDate{}, false},
		{"NoYear", ymd{0, 1, 1}, ymd{0, 12, 31}, false, vigil.BirthDate{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := dateSpan(tt.from, tt.to, tt.circa)
			if got != tt.want || ok != tt.ok {
				t.Errorf("dateSpan = %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseDateText(t *testing.T) {
	tests := []struct {
		in   string
		want vigil.BirthDate
		ok   bool
	}{
		{"18 Jun 1964", vigil.BirthDate{Date: "1964-06-18"}, true},
		{"Jun 1964", vigil.BirthDate{Date: "1964-06"}, true},
		{"1964", vigil.BirthDate{Date: "1964"}, true},
		{"1964-06-18", vigil.BirthDate{Date: "1964-06-18"}, true},
		{"1964-06", vigil.BirthDate{Date: "1964-06"}, true},
		{"circa 1947", vigil.BirthDate{Date: "1947", Circa: true}, true},
		{"1960 to 1962", vigil.BirthDate{Date: "1960", To: "1962"}, true},
		{"circa 1979-1982", vigil.BirthDate{Date: "1979", To: "1982", Circa: true}, true},
		{"01 Jan 1977 to 31 Dec 1985", vigil.BirthDate{Date: "1977-01-01", To: "1985-12-31"}, true},
		{"1962 to 1960", vigil.BirthDate{}, false},
		{"30 Feb 1971", vigil.BirthDate{}, false},
		{"1964-02-30", vigil.BirthDate{}, false},
		{"sometime", vigil.BirthDate{}, false},
		{"", vigil.BirthDate{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseDateText(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseDateText(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestComposeName(t *testing.T) {
	tests := []struct {
		name          string
		parts         []namePart
		person, latin bool
		want          string
	}{
		{"PersonLastFirst", []namePart{{"Last Name", "Cho'n"}, {"First Name", "Yo'n Ku'n"}}, true, true, "CHO'N, Yo'n Ku'n"},
		{"PersonLastAfterFirst", []namePart{{"First Name", "Gula"}, {"Middle Name", "Khan"}, {"Last Name", "Hamidi"}}, true, true, "HAMIDI, Gula Khan"},
		{"PersonLastOnly", []namePart{{"Last Name", "al-Rawi"}}, true, true, "AL-RAWI"},
		{"PersonNoLast", []namePart{{"Nickname", "Abu Example"}}, true, true, "Abu Example"},
		{"Entity", []namePart{{"Entity Name", "Korea Example Trading"}}, false, true, "Korea Example Trading"},
		{"Hangul", []namePart{{"Last Name", "전"}, {"First Name", "연군"}}, true, false, "전연군"},
		{"Cyrillic", []namePart{{"Last Name", "Иванов"}, {"First Name", "Иван"}}, true, false, "Иванов Иван"},
		{"EmptyParts", []namePart{{"Last Name", ""}, {"First Name", "Ali"}}, true, true, "Ali"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := composeName(tt.parts, tt.person, tt.latin); got != tt.want {
				t.Errorf("composeName = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestIsLatinText(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"CHO'N, Yo'n Ku'n", true},
		{"Müller-Lüdenscheidt", true},
		{"전연군", false},
		{"ИВАНОВ, Иван", false},
		{"12 34", false},
	}
	for _, tt := range tests {
		if got := isLatinText(tt.in); got != tt.want {
			t.Errorf("isLatinText(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}
