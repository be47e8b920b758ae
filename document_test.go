package vigil_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/vigil-sec/vigil"
)

func mustReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestParseSubject_Full(t *testing.T) {
	s, err := vigil.ParseSubject(mustReadFile(t, "testdata/subject-full.json"))
	if err != nil {
		t.Fatal(err)
	}
	s.Normalize()
	if err := s.Validate(); err != nil {
		t.Fatalf("the ARCHITECTURE.md example document must be valid: %v", err)
	}
	if s.Residence.City != "Kraków" || len(s.Addresses) != 2 || *s.Devices[0].Managed != true || *s.Skills[0].Years != 9 {
		t.Errorf("fields not decoded: %+v", s)
	}
}

// TestParseSubject_Hostile covers the hostile inputs the issue names: each gives a clear EINVALID error whose
// message names what is wrong, and never a panic.
func TestParseSubject_Hostile(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000)
	tests := []struct {
		name  string
		doc   string
		parse bool   // parse succeeds; the error comes from Validate
		want  string // substring of the message
	}{
		{"UnknownField", `{"name":"A B","nationalty":["PL"]}`, false, `unknown field "nationalty" (did you mean "nationalities"?)`},
		{"UnknownNestedField", `{"name":"A B","residence":{"contry":"PL"}}`, false, `residence: unknown field "contry"`},
		{"DuplicateKey", `{"name":"Benign Person","name":"Kim Jong Un"}`, false, `field "name" appears twice`},
		{"InvalidUTF8", "{\"name\":\"A\xff B\"}", false, "1:11: not valid UTF-8"},
		{"DeeplyNestedUnknown", `{"name":"A","application":` + deep + `}`, false, `application: unknown field "a"`},
		{"DeepArrays", `{"name":"A","other_names":` + strings.Repeat("[", 100000) + `}`, false, "nested more than"},
		{"Truncated", `{"name":"A B","emails":["a@`, false, "ends early"},
		{"TruncatedAfterKey", `{"name":`, false, "ends early"},
		{"TruncatedAfterValue", `{"name":"A B",`, false, "ends early"},
		{"WrongType", `{"name":"A B","phones":"+48 512 345 678"}`, false, "phones: expected an array of strings, got a JSON string"},
		{"NotAnObject", `["name"]`, false, "expected an object"},
		{"TwoValues", `{"name":"A"} {"name":"B"}`, false, "more than one JSON value"},
		{"Empty", ``, false, "empty input"},
		{"HugeName", `{"name":"` + strings.Repeat("A", 2<<20) + `"}`, false, "at most 1048576 are allowed"},
		{"LongName", `{"name":"` + strings.Repeat("A", 400) + `"}`, true, "name: is 400 bytes long; at most 300"},
		{"ControlCharacter", `{"name":"A\u001b[31mB"}`, true, "name: contains control character U+001B at character 2"},
		{"BidiOverride", `{"name":"Jan \u202eKowalski"}`, true, "name: contains bidirectional control character U+202E at character 5"},
		{"MissingName", `{"emails":["a@example.com"]}`, true, "name: is required"},
		{"BadPhone", `{"name":"A B","phones":["+48 512","<script>"]}`, true, `phones[1]: has '<' at character 1`},
		{"BadIssuer", `{"name":"A B","documents":[{"number":"X1234567","issuer":"PL"}]}`, true, `documents[0].issuer: "PL" is not an ICAO 9303 issuer code`},
		{"BadCountry", `{"name":"A B","nationalities":["Poland"]}`, true, `nationalities[0]: "Poland" is not an ISO 3166-1 country code`},
		{"BadIBAN", `{"name":"A B","bank_accounts":[{"iban":"PL62109010140000071219812874"}]}`, true, "bank_accounts[0].iban:"},
		{"BadURL", `{"name":"A B","profiles":[{"url":"javascript:alert(1)"}]}`, true, "profiles[0].url:"},
		{"BadTimezone", `{"name":"A B","residence":{"timezone":"../../etc/passwd"}}`, true, "residence.timezone:"},
		{"BadDate", `{"name":"A B","birth_date":"07/03/1994"}`, true, `birth_date: "07/03/1994" is not a date`},
		{"BadKind", `{"name":"A B","kind":"spy"}`, true, `kind: "spy" is not one of`},
		{"BadID", `{"id":"../../x","name":"A B"}`, true, `id: has '/' at character 3`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := vigil.ParseSubject([]byte(tt.doc))
			if tt.parse {
				if err != nil {
					t.Fatalf("ParseSubject: %v", err)
				}
				s.Normalize()
				err = s.Validate()
			}
			if err == nil {
				t.Fatalf("expected an error containing %q", tt.want)
			}
			if code := vigil.ErrorCode(err); code != vigil.EINVALID {
				t.Errorf("code = %s, want %s (%v)", code, vigil.EINVALID, err)
			}
			if msg := vigil.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not contain %q", msg, tt.want)
			}
			if len(vigil.ErrorMessage(err)) > 2000 {
				t.Errorf("message is %d bytes; hostile values must be cut short", len(vigil.ErrorMessage(err)))
			}
		})
	}
}

// TestParseSubject_MarkupIsData shows that HTML and script in every string field is accepted as data (it is
// escaped where shown), not executed or rejected: names may legitimately contain < or &.
func TestParseSubject_MarkupIsData(t *testing.T) {
	doc := `{"name":"<script>alert(1)</script> O'Brien & Sons","other_names":["<img src=x onerror=alert(1)>"],
	"residence":{"city":"<b>Kraków</b>"},"addresses":[{"line":"<iframe>","city":"\"><svg/onload=1>"}],
	"employment":[{"employer":"<a href=javascript:x>","title":"{{.}}"}],"skills":[{"name":"${jndi:ldap://x}"}],
	"application":{"channel":"<x>","resume_text":"<script>document.cookie</script>"}}`
	s, err := vigil.ParseSubject([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	s.Normalize()
	if err := s.Validate(); err != nil {
		t.Fatalf("markup in text fields is data and must be accepted: %v", err)
	}
	if s.Name != "<script>alert(1)</script> O'Brien & Sons" {
		t.Errorf("name changed: %q", s.Name)
	}
}

func TestSubjectReader(t *testing.T) {
	t.Run("NDJSON", func(t *testing.T) {
		r := vigil.NewSubjectReader(strings.NewReader("{\"name\":\"A\"}\n\n{\"name\":\"B\"}\r\n{\"name\":\"C\"}"))
		var names []string
		var lines []int
		for {
			s, err := r.Next()
			if err == io.EOF {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			names = append(names, s.Name)
			lines = append(lines, r.Line())
		}
		if strings.Join(names, ",") != "A,B,C" || !r.NDJSON() || lines[1] != 3 || lines[2] != 4 {
			t.Errorf("names %v lines %v ndjson %v", names, lines, r.NDJSON())
		}
	})
	t.Run("ByteOrderMark", func(t *testing.T) {
		r := vigil.NewSubjectReader(strings.NewReader("\xef\xbb\xbf{\"name\":\"A\"}\n"))
		if s, err := r.Next(); err != nil || s.Name != "A" {
			t.Fatalf("a leading BOM must be skipped: %v", err)
		}
	})
	t.Run("OneLineIsNDJSON", func(t *testing.T) {
		r := vigil.NewSubjectReader(strings.NewReader("{\"name\":\"A\"}\n"))
		if _, err := r.Next(); err != nil || !r.NDJSON() {
			t.Fatalf("err %v ndjson %v", err, r.NDJSON())
		}
		if _, err := r.Next(); err != io.EOF {
			t.Fatalf("want EOF, got %v", err)
		}
	})
	t.Run("PrettyDocument", func(t *testing.T) {
		r := vigil.NewSubjectReader(bytes.NewReader(mustReadFile(t, "testdata/subject-full.json")))
		s, err := r.Next()
		if err != nil || s.Name != "Mateusz Nowak" || r.NDJSON() {
			t.Fatalf("s %v err %v ndjson %v", s, err, r.NDJSON())
		}
		if _, err := r.Next(); err != io.EOF {
			t.Fatalf("want EOF, got %v", err)
		}
	})
	t.Run("BadLineStops", func(t *testing.T) {
		r := vigil.NewSubjectReader(strings.NewReader("{\"name\":\"A\"}\n{\"name\":\"B\",\"x\":1}\n{\"name\":\"C\"}\n"))
		if _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
		_, err := r.Next()
		if err == nil || !strings.Contains(vigil.ErrorMessage(err), `line 2: document: unknown field "x"`) {
			t.Fatalf("want an error naming line 2 and the field, got %v", err)
		}
		if _, err := r.Next(); err != io.EOF {
			t.Fatalf("the reader must stop after a bad line, got %v", err)
		}
	})
	t.Run("TruncatedLastLine", func(t *testing.T) {
		r := vigil.NewSubjectReader(strings.NewReader("{\"name\":\"A\"}\n{\"name\":\"B\",\"phones\":[\"+48"))
		if _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
		_, err := r.Next()
		if err == nil || !strings.Contains(vigil.ErrorMessage(err), "line 2") || !strings.Contains(vigil.ErrorMessage(err), "ends early") {
			t.Fatalf("want a truncation error naming line 2, got %v", err)
		}
	})
	t.Run("SyntaxErrorColumn", func(t *testing.T) {
		r := vigil.NewSubjectReader(strings.NewReader("{\"name\":\"A\"}\n{\"name\" \"B\"}\n"))
		r.Next()
		_, err := r.Next()
		if err == nil || !strings.Contains(vigil.ErrorMessage(err), "line 2, column") {
			t.Fatalf("want line and column, got %v", err)
		}
	})
	t.Run("HugeLine", func(t *testing.T) {
		r := vigil.NewSubjectReader(io.MultiReader(strings.NewReader("{\"name\":\"A\"}\n{\"name\":\""), strings.NewReader(strings.Repeat("x", 3<<20))))
		r.Next()
		_, err := r.Next()
		if err == nil || !strings.Contains(vigil.ErrorMessage(err), "line 2: line is longer than") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		_, err := vigil.NewSubjectReader(strings.NewReader("\n\n")).Next()
		if !errors.As(err, new(*vigil.Error)) || !strings.Contains(vigil.ErrorMessage(err), "empty input") {
			t.Fatalf("got %v", err)
		}
	})
}

func FuzzParseSubject(f *testing.F) {
	f.Add(mustReadFile(f, "testdata/subject-full.json"))
	f.Add([]byte(`{"name":"Kim Jong-un","other_names":["KIM, Jong Un"],"documents":[{"number":"836420187","issuer":"PRK"}]}`))
	f.Add([]byte(`{"name":"A","name":"B"}`))
	f.Add([]byte("{\"name\":\"\xff\"}"))
	f.Add([]byte(`{"name":"A","application":{"ip":"::1"},"skills":[{"years":1e308}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := vigil.ParseSubject(data)
		if err != nil {
			if vigil.ErrorCode(err) != vigil.EINVALID {
				t.Fatalf("parse error must be EINVALID: %v", err)
			}
			return
		}
		s.Normalize()
		if err := s.Validate(); err != nil {
			if vigil.ErrorCode(err) != vigil.EINVALID {
				t.Fatalf("validation error must be EINVALID: %v", err)
			}
			return
		}
		_ = s.Identifiers()
	})
}

func FuzzSubjectReader(f *testing.F) {
	f.Add([]byte("{\"name\":\"A\"}\n{\"name\":\"B\"}\n"))
	f.Add(mustReadFile(f, "testdata/subject-full.json"))
	f.Add([]byte("\n\n{\"name\":\"A\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := vigil.NewSubjectReader(bytes.NewReader(data))
		for i := 0; i < 1000; i++ {
			if _, err := r.Next(); err != nil {
				return
			}
		}
	})
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"+48 512 345 678", "Kim.Hyon.U+x@gmail.com", "PL61 1090 1014 0000 0712 1981 2874", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", "381 420-754", "jan@żółw.pl"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Canonical forms are idempotent: canonicalising a canonical value gives it back.
		if v, err := vigil.CanonicalEmail(s); err == nil {
			if v2, err := vigil.CanonicalEmail(v); err != nil || v2 != v {
				t.Errorf("CanonicalEmail not idempotent: %q → %q → %q (%v)", s, v, v2, err)
			}
		}
		if v, err := vigil.CanonicalPhone(s, "PL"); err == nil {
			if v2, err := vigil.CanonicalPhone(v, ""); err != nil || v2 != v {
				t.Errorf("CanonicalPhone not idempotent: %q → %q → %q (%v)", s, v, v2, err)
			}
		}
		if v, err := vigil.CanonicalIBAN(s); err == nil {
			if v2, err := vigil.CanonicalIBAN(v); err != nil || v2 != v {
				t.Errorf("CanonicalIBAN not idempotent: %q → %q", s, v)
			}
		}
		if v, err := vigil.CanonicalWallet(s); err == nil {
			if v2, err := vigil.CanonicalWallet(v); err != nil || v2 != v {
				t.Errorf("CanonicalWallet not idempotent: %q → %q", s, v)
			}
		}
		if v, err := vigil.CanonicalDocumentNumber(s); err == nil {
			if v2, err := vigil.CanonicalDocumentNumber(v); err != nil || v2 != v {
				t.Errorf("CanonicalDocumentNumber not idempotent: %q → %q", s, v)
			}
		}
		_, _ = vigil.CanonicalBIC(s)
		_, _ = vigil.CanonicalAddress(vigil.Address{Line: s, City: s})
	})
}
