package ofac

import (
	"strings"
	"unicode"
)

// splitCityLine splits add.csv's "City/State/Province/Postal Code" column, which OFAC writes as "City",
// "City Postcode", "City, Region" or "City, Region Postcode" ("Moscow 129626", "Guadalajara, Jalisco 44600",
// "London W1K 4QX", "Tucson, AZ 85701", "Zurich CH-8022"). The postcode is the run of tokens with digits at the
// end; a Dutch "1012 AB" keeps its letters. What cannot be split stays in city.
func splitCityLine(s string) (city, region, postcode string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", "", ""
	}
	last := s
	head := ""
	if i := strings.LastIndex(s, ","); i >= 0 {
		head, last = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
	}
	tokens := strings.Fields(last)
	n := len(tokens)
	start := n
	for start > 0 && hasDigit(tokens[start-1]) && len(tokens[start-1]) <= 12 {
		start--
	}
	// "Amsterdam 1012 AB": two capitals after four digits.
	if start == n && n >= 2 && isUpperLetters(tokens[n-1]) && len(tokens[n-1]) == 2 && isDigits(tokens[n-2]) && len(tokens[n-2]) == 4 {
		start = n - 2
	}
	if start < n && start > 0 || (start == 0 && head != "") {
		postcode = strings.Join(tokens[start:], " ")
		last = strings.Join(tokens[:start], " ")
	}
	if head == "" {
		return last, "", postcode
	}
	// "City, Region Postcode"; a name with more commas keeps the first part as the city.
	city, more, _ := strings.Cut(head, ",")
	region = strings.TrimSpace(strings.TrimSpace(more) + ", " + last)
	region = strings.Trim(region, ", ")
	return strings.TrimSpace(city), region, postcode
}

func hasDigit(s string) bool { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func isUpperLetters(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return s != ""
}
