package opensanctions

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplitValues(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{"", nil, false},
		{"a", []string{"a"}, false},
		{"a;b; c ", []string{"a", "b", "c"}, false},
		{"a;;b;", []string{"a", "b"}, false},
		{`"a;b";c`, []string{"a;b", "c"}, false},
		{`"say ""hi""";x`, []string{`say "hi"`, "x"}, false},
		{`""`, nil, false},
		{`x;"y"`, []string{"x", "y"}, false},
		{`CHO'N Yo'n Ku'n;김예시`, []string{"CHO'N Yo'n Ku'n", "김예시"}, false},
		{`"a"b`, nil, true},
		{`"a`, nil, true},
		{`"a""`, nil, true},
	}
	for _, tt := range tests {
		got, err := splitValues(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("splitValues(%q) error %v; want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("splitValues(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"1970", "1970", true},
		{"1970-05", "1970-05", true},
		{"1970-05-06", "1970-05-06", true},
		{"1970-05-06T00:00:00", "1970-05-06", true},
		{" 1970 ", "1970", true},
		{"1970-13", "", false},
		{"1970-02-30", "", false},
		{"1799", "", false},
		{"70", "", false},
		{"circa 1970", "", false},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseDate(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
