package http

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vigil-sec/vigil"
)

// Pagination bounds of list routes.
const (
	defaultLimit = 50
	maxLimit     = 500
	maxOffset    = 1 << 30
)

// query reads a request's query parameters strictly and collects every problem, each naming its parameter.
// Unknown and repeated parameters are errors: a typo such as ?dryrun=true must not silently store a subject
// the caller meant only to try.
type query struct {
	values   url.Values
	problems []string
}

// parseQuery parses r's query string, accepting only the parameters allowed.
func parseQuery(r *http.Request, allowed ...string) *query {
	q := &query{}
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		q.add("query string", "cannot be parsed: %v", err)
		return q
	}
	q.values = values
	ok := make(map[string]bool, len(allowed))
	for _, a := range allowed {
		ok[a] = true
	}
	var names []string
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		switch {
		case !ok[name]:
			if len(allowed) == 0 {
				q.add(vigil.Quote(name), "is not a parameter of this route, which takes none")
			} else {
				q.add(vigil.Quote(name), "is not a parameter of this route; it takes %s", strings.Join(allowed, ", "))
			}
		case len(values[name]) > 1:
			q.add(name, "is given %d times; give it once", len(values[name]))
		}
	}
	return q
}

func (q *query) add(name, format string, args ...any) {
	if len(q.problems) == 10 {
		q.problems = append(q.problems, "and more problems")
	}
	if len(q.problems) > 10 {
		return
	}
	q.problems = append(q.problems, name+": "+fmt.Sprintf(format, args...))
}

// err returns every problem found, as one EINVALID error.
func (q *query) err() error {
	if len(q.problems) == 0 {
		return nil
	}
	return vigil.Errorf(vigil.EINVALID, "%s", strings.Join(q.problems, "; "))
}

// raw returns the parameter's value and whether it was given non-empty.
func (q *query) raw(name string) (string, bool) {
	v := q.values.Get(name)
	return v, v != ""
}

// text returns a free-text parameter: bounded, valid UTF-8, free of control and bidirectional-override
// characters. nil when absent.
func (q *query) text(name string, maxBytes int) *string {
	v, ok := q.raw(name)
	if !ok {
		return nil
	}
	if len(v) > maxBytes {
		q.add(name, "is %d bytes long; at most %d are allowed", len(v), maxBytes)
		return nil
	}
	if !utf8.ValidString(v) {
		q.add(name, "is not valid UTF-8")
		return nil
	}
	for i, r := range v {
		if unicode.IsControl(r) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
			q.add(name, "contains control character %U at byte %d", r, i)
			return nil
		}
	}
	if strings.TrimSpace(v) == "" {
		q.add(name, "is blank")
		return nil
	}
	return &v
}

// int returns an integer parameter in [min, max], def when absent.
func (q *query) int(name string, def, min, max int) int {
	v, ok := q.raw(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		q.add(name, "%s is not a whole number from %d to %d", vigil.Quote(v), min, max)
		return def
	}
	return n
}

// float returns a number parameter in [min, max], def when absent.
func (q *query) float(name string, def, min, max float64) float64 {
	v, ok := q.raw(name)
	if !ok {
		return def
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || f < min || f > max {
		q.add(name, "%s is not a number from %g to %g", vigil.Quote(v), min, max)
		return def
	}
	return f
}

// bool returns a true/false parameter, false when absent.
func (q *query) bool(name string) bool {
	v, ok := q.raw(name)
	if !ok {
		return false
	}
	switch v {
	case "true", "1":
		return true
	case "false", "0":
		return false
	}
	q.add(name, "%s is not true or false", vigil.Quote(v))
	return false
}

// page returns offset and limit.
func (q *query) page() (offset, limit int) {
	return q.int("offset", 0, 0, maxOffset), q.int("limit", defaultLimit, 1, maxLimit)
}

// subjectID returns a subject ID parameter, nil when absent.
func (q *query) subjectID(name string) *string {
	v, ok := q.raw(name)
	if !ok {
		return nil
	}
	if err := vigil.ValidateSubjectID(v); err != nil {
		q.add(name, "%s", strings.TrimPrefix(vigil.ErrorMessage(err), "id: "))
		return nil
	}
	return &v
}

// oneOf returns a parameter that must be one of choices, nil when absent.
func (q *query) oneOf(name string, choices ...string) *string {
	v, ok := q.raw(name)
	if !ok {
		return nil
	}
	for _, c := range choices {
		if v == c {
			return &v
		}
	}
	q.add(name, "%s is not one of %s", vigil.Quote(v), strings.Join(choices, ", "))
	return nil
}

// time returns a time parameter given as RFC 3339 or as a date (midnight UTC), zero when absent.
func (q *query) time(name string) time.Time {
	v, ok := q.raw(name)
	if !ok {
		return time.Time{}
	}
	t, err := parseTimeOrDate(v)
	if err != nil {
		q.add(name, "%v", err)
	}
	return t
}

// parseTimeOrDate reads an as-of time: RFC 3339, or a date meaning midnight UTC.
func parseTimeOrDate(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%s is neither a date (YYYY-MM-DD) nor an RFC 3339 time", vigil.Quote(v))
}

// pathID parses the {id} of a route whose IDs are positive integers (findings, cases).
func pathID(r *http.Request, what string) (int64, error) {
	v := r.PathValue("id")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, vigil.Errorf(vigil.EINVALID, "id: %s is not a %s ID (a positive whole number)", vigil.Quote(v), what)
	}
	return id, nil
}

// pathSubjectID parses the {id} of a subject route.
func pathSubjectID(r *http.Request) (string, error) {
	id := r.PathValue("id")
	if err := vigil.ValidateSubjectID(id); err != nil {
		return "", err
	}
	return id, nil
}
