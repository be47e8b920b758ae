package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSearchBatch: one NDJSON result per query line, in order; a line that is not a valid query is answered
// in its place by {"line": N, "error": …}, the other lines are still answered, and the exit code is 2.
func TestSearchBatch(t *testing.T) {
	db := demoDB(t)
	in := strings.Join([]string{
		`{"name":"Kyong Sik Ri"}`,
		``,
		`{"name":"Kyong Sik Ri","birth_date":"1960","nationality":"PRK"}`,
		`{"name":"Kyong Sik Ri","nationality":"XX1"}`,
		`{"name":"Kyong Sik Ri","role":"admin"}`,
		`{"name":""}`,
		`not json`,
		`{"name":"A"} {"name":"B"}`,
		`{"name":"Anna Kowalska","birth_date":"1990-02"}`,
		`{"name":"` + strings.Repeat("x", 20<<10) + `"}`,
		`{"name":"Kyong Sik Ri"}`,
	}, "\n")
	code, out, errOut := run(t, in, "search", "--db", db, "--batch", "-", "--limit", "3")
	if code != exitUsage {
		t.Fatalf("exit %d, want 2; stderr %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	wantErrors := map[int]string{4: "nationality:", 5: `unknown field "role"`, 6: "name: is required", 7: "not a query object",
		8: "more than one JSON value", 10: "longer than"}
	wantLines := []int{1, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	if len(lines) != len(wantLines) {
		t.Fatalf("%d result lines, want %d:\n%s", len(lines), len(wantLines), out)
	}
	for i, l := range lines {
		n := wantLines[i]
		var res struct {
			Line    int    `json:"line"`
			Error   string `json:"error"`
			Query   *struct{ Name, Nationality string }
			Matches []struct {
				List, EntryID, Name, Explanation string
				Score                            float64
			} `json:"matches"`
		}
		if err := json.Unmarshal([]byte(l), &res); err != nil {
			t.Fatalf("line %d of output is not JSON: %v", i+1, err)
		}
		if want, ok := wantErrors[n]; ok {
			if res.Line != n || !strings.Contains(res.Error, want) {
				t.Errorf("input line %d: got %s, want an error naming line %d with %q", n, l, n, want)
			}
			continue
		}
		if res.Query == nil || res.Matches == nil {
			t.Errorf("input line %d: got %s, want a query and its matches", n, l)
		}
	}
	if !strings.Contains(lines[1], `"nationality":"KP"`) {
		t.Errorf("alpha-3 nationality not normalised: %s", lines[1])
	}
	if !strings.Contains(lines[0], `"entry_id"`) || !strings.Contains(lines[0], `"explanation"`) {
		t.Errorf("first result has no match: %s", lines[0])
	}
	if !strings.Contains(errOut, "6 of 10 lines are not valid queries") {
		t.Errorf("stderr: %s", errOut)
	}
	// all lines valid: exit 0
	if code, out, errOut := run(t, `{"name":"Kyong Sik Ri"}`+"\n", "search", "--db", db, "--batch", "-"); code != 0 || strings.Count(out, "\n") != 1 {
		t.Errorf("exit %d, out %q, stderr %q", code, out, errOut)
	}
	if code, _, _ := run(t, "", "search", "--db", db, "--batch", "-", "Kim"); code != exitUsage {
		t.Error("a name and --batch together must be exit 2")
	}
}
