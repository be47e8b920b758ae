package match

import (
	"strconv"

	"github.com/vigil-sec/vigil"
)

// Birth-date effects on the score. A matching date is modest corroboration (names are what lists are searched
// by, and a forged identity can borrow a real date); a clearly different date lowers the score enough to drop a
// borderline name below Threshold but leaves an exact name above it, since false identities also change dates.
const (
	dateMatchBonus      = 0.05
	dateMismatchPenalty = 0.10
	// circaYears is how far from a circa date a birth date is still "close".
	circaYears = 2
)

// dateRange is a birth date or range in days since 0000-03-01 (proleptic Gregorian), inclusive, with the
// years it spans for year-level comparisons.
type dateRange struct {
	lo, hi         int32
	loYear, hiYear int16
	circa          bool
	text           string // as written, for explanations
}

// parseDate reads YYYY, YYYY-MM or YYYY-MM-DD strictly into the range of days it designates.
func parseDate(s string) (dateRange, bool) {
	var d dateRange
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return d, false
	}
	y, ok := digits(s[0:4])
	if !ok || y < 1000 {
		return d, false
	}
	m1, m2, d1, d2 := 1, 12, 1, 31
	if len(s) >= 7 {
		if s[4] != '-' {
			return d, false
		}
		m, ok := digits(s[5:7])
		if !ok || m < 1 || m > 12 {
			return d, false
		}
		m1, m2 = m, m
	}
	d2 = daysIn(y, m2)
	if len(s) == 10 {
		if s[7] != '-' {
			return d, false
		}
		day, ok := digits(s[8:10])
		if !ok || day < 1 || day > daysIn(y, m1) {
			return d, false
		}
		d1, d2 = day, day
	}
	d.lo, d.hi = dayNumber(y, m1, d1), dayNumber(y, m2, d2)
	d.loYear, d.hiYear = int16(y), int16(y)
	d.text = s
	return d, true
}

// entityDate converts a list birth date; a range ends at the end of its To date.
func entityDate(b vigil.BirthDate) (dateRange, bool) {
	d, ok := parseDate(b.Date)
	if !ok {
		return d, false
	}
	if b.To != "" {
		to, ok := parseDate(b.To)
		if !ok || to.hi < d.lo {
			return d, false
		}
		d.hi, d.hiYear = to.hi, to.hiYear
		d.text = b.Date + " to " + b.To
	}
	d.circa = b.Circa
	if d.circa {
		d.text = "circa " + d.text
	}
	return d, true
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// dayNumber counts days from 0000-03-01 (the civil-from-days algorithm of H. Hinnant), so ranges compare as
// integers.
func dayNumber(y, m, d int) int32 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe)
}

// dateVerdict compares a query birth date with an entity's, keeping the best verdict over the entity's dates
// and the date that gave it.
func dateVerdict(q dateRange, dates []dateRange) (DateVerdict, int) {
	best, at := DateUnknown, -1
	rank := func(v DateVerdict) int {
		switch v {
		case DateMatch:
			return 3
		case DateClose:
			return 2
		case DateMismatch:
			return 1
		}
		return 0
	}
	for i, e := range dates {
		var v DateVerdict
		overlap := q.lo <= e.hi && e.lo <= q.hi
		yearGap := max(int(e.loYear)-int(q.hiYear), int(q.loYear)-int(e.hiYear), 0)
		switch {
		case overlap && !e.circa:
			v = DateMatch
		case e.circa && yearGap <= circaYears:
			v = DateClose
		case yearGap <= 1:
			// a year apart, or the same year with another day: typing and calendar slips
			v = DateClose
		default:
			v = DateMismatch
		}
		if rank(v) > rank(best) {
			best, at = v, i
		}
	}
	return best, at
}

// adjustForDate applies a verdict to a name score.
func adjustForDate(name float64, v DateVerdict) float64 {
	s := name
	switch v {
	case DateMatch:
		s += dateMatchBonus
	case DateMismatch:
		s -= dateMismatchPenalty
	}
	return min(max(s, 0), 1)
}

// dateExplanation says what the birth date did, for Match.Explanation.
func dateExplanation(q dateRange, v DateVerdict, e dateRange, listed int) string {
	switch v {
	case DateMatch:
		return "birth date " + q.text + " matches listed " + e.text + " (+" + strconv.FormatFloat(dateMatchBonus, 'f', 2, 64) + ")"
	case DateClose:
		return "birth date " + q.text + " is close to listed " + e.text + " (no change)"
	case DateMismatch:
		more := ""
		if listed > 1 {
			more = " and " + strconv.Itoa(listed-1) + " other listed date(s)"
		}
		return "birth date " + q.text + " differs from listed " + e.text + more + " (-" + strconv.FormatFloat(dateMismatchPenalty, 'f', 2, 64) + ")"
	}
	return ""
}
