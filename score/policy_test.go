package score

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vigil-sec/vigil"
)

func TestDefaultPolicy(t *testing.T) {
	p := DefaultPolicy()
	ref := p.Ref()
	if ref.Name != "vigil-default" || ref.Version != "1" || len(ref.SHA256) != 64 {
		t.Errorf("Ref() = %+v", ref)
	}
	if p.CaseBand() != vigil.BandHigh {
		t.Errorf("CaseBand() = %s, want high", p.CaseBand())
	}
	want := map[vigil.Severity]int{"info": 0, "low": 5, "medium": 15, "high": 50, "critical": 100}
	for sev, pts := range want {
		if got := p.Points("some.check", sev); got != pts {
			t.Errorf("Points(%s) = %d, want %d", sev, got, pts)
		}
	}
	// Every rule of the default policy names a check that exists (screen's registry, listed here to keep score
	// free of screen).
	known := []string{"watchlist.name", "watchlist.identifier", "document.issuer", "phone", "email", "link.shared", "address.shipping"}
	if err := p.ValidateChecks(known); err != nil {
		t.Error(err)
	}
	if DefaultPolicy() != p {
		t.Error("DefaultPolicy is parsed more than once")
	}
}

// minimal is a valid policy that tests change one line of.
const minimal = `name: test
version: "7"
points: {info: 0, low: 5, medium: 15, high: 40, critical: 100}
bands: {medium: 20, high: 50, critical: 80}
case_band: high
`

func TestParsePolicy(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		wantErr string // substring; "" for success
	}{
		{"minimal", minimal, ""},
		{"with checks", minimal + "checks:\n  phone: {cap: 10}\n  link.shared:\n    cap: 60\n    points: {high: 45}\n", ""},
		{"max findings", minimal + "checks:\n  watchlist.name: {max_findings: 1, points: {low: 0}}\n", ""},
		{"negative max findings", minimal + "checks:\n  watchlist.name: {max_findings: -1}\n", "p.yaml:7: checks.watchlist.name.max_findings: -1 is out of range 0–1000"},
		{"floor", minimal + "severity_floor: {critical: critical, high: high}\n", ""},
		{"empty", "", "p.yaml: policy is empty"},
		{"comments only", "# nothing\n", "p.yaml: policy is empty"},
		{"not a mapping", "- a\n- b\n", "p.yaml:1: policy: expected a mapping"},
		{"syntax error", "name: [\n", "p.yaml:"},
		{"unknown top key", minimal + "treshold: 3\n", `p.yaml:6: unknown key "treshold"`},
		{"repeated key", minimal + "case_band: medium\n", `p.yaml:6: policy: "case_band" appears twice (first at line 5)`},
		{"missing name", strings.Replace(minimal, "name: test\n", "", 1), "p.yaml:1: name is required"},
		{"missing severity", strings.Replace(minimal, "high: 40, ", "", 1), "p.yaml:3: points: high is required"},
		{"unknown severity", strings.Replace(minimal, "info: 0", "severe: 0", 1), `p.yaml:3: points: "severe" is not a severity`},
		{"negative points", strings.Replace(minimal, "low: 5", "low: -5", 1), "p.yaml:3: points.low: -5 is out of range 0–100"},
		{"points not a number", strings.Replace(minimal, "low: 5", "low: five", 1), `points.low: expected a whole number, got "five"`},
		{"fractional points", strings.Replace(minimal, "low: 5", "low: 5.5", 1), `points.low: expected a whole number, got "5.5"`},
		{"thresholds not increasing", strings.Replace(minimal, "high: 50", "high: 20", 1), "p.yaml:4: bands: high (20) must be above medium (20)"},
		{"threshold above max", strings.Replace(minimal, "critical: 80", "critical: 101", 1), "bands.critical: 101 is out of range 1–100"},
		{"low band threshold", strings.Replace(minimal, "medium: 20,", "low: 1, medium: 20,", 1), "p.yaml:4: bands: low is every score below medium"},
		{"missing band", strings.Replace(minimal, "medium: 20, ", "", 1), "bands: medium is required"},
		{"case band low", strings.Replace(minimal, "case_band: high", "case_band: low", 1), "case_band: low would open a case for every subject"},
		{"case band unknown", strings.Replace(minimal, "case_band: high", "case_band: red", 1), `p.yaml:5: case_band: "red" is not a band`},
		{"negative cap", minimal + "checks:\n  phone: {cap: -1}\n", "p.yaml:7: checks.phone.cap: -1 is out of range 0–100"},
		{"unknown rule key", minimal + "checks:\n  phone:\n    limit: 10\n", `p.yaml:8: checks.phone: unknown key "limit"`},
		{"bad check name", minimal + "checks:\n  Phone Check: {cap: 1}\n", `p.yaml:7: checks: "Phone Check" is not a check name`},
		{"floor unknown severity", minimal + "severity_floor: {urgent: high}\n", `severity_floor: "urgent" is not a severity`},
		{"floor unknown band", minimal + "severity_floor: {critical: max}\n", `severity_floor.critical: "max" is not a band`},
		{"alias", minimal + "x: &a 1\n", `unknown key "x"`},
		{"alias value", strings.Replace(minimal, "case_band: high", "case_band: &b high\nchecks:\n  phone: *b\n", 1), "aliases are not supported"},
		{"two documents", minimal + "---\nname: other\n", "p.yaml:6: a second YAML document"},
		{"every problem at once", "name: x\nversion: y\npoints: {low: 1}\nbands: {high: 1}\ncase_band: nope\n",
			"p.yaml:3: points: info is required; p.yaml:3: points: medium is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePolicy("p.yaml", []byte(tt.yaml))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("ParsePolicy: %v", err)
				}
				if p.Ref().Name != "test" || p.Ref().Version != "7" {
					t.Errorf("Ref() = %+v", p.Ref())
				}
				return
			}
			if err == nil {
				t.Fatalf("ParsePolicy succeeded, want error containing %q", tt.wantErr)
			}
			if vigil.ErrorCode(err) != vigil.EINVALID {
				t.Errorf("code = %s, want %s", vigil.ErrorCode(err), vigil.EINVALID)
			}
			if msg := vigil.ErrorMessage(err); !strings.Contains(msg, tt.wantErr) {
				t.Errorf("error %q does not contain %q", msg, tt.wantErr)
			}
		})
	}
}

func TestPolicyRef(t *testing.T) {
	a, err := ParsePolicy("a.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParsePolicy("b.yaml", []byte(minimal+"# a comment changes the bytes\n"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Ref().SHA256 == b.Ref().SHA256 {
		t.Error("two different files have the same sha256")
	}
	want := vigil.VersionRef{Name: "test", Version: "7", SHA256: sha256Hex(minimal)}
	if diff := cmp.Diff(want, a.Ref()); diff != "" {
		t.Errorf("Ref mismatch (-want +got):\n%s", diff)
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestLoadPolicy(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte(minimal), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadPolicy(good); err != nil {
		t.Errorf("LoadPolicy(good): %v", err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte(minimal+"extra: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadPolicy(bad); err == nil || !strings.Contains(vigil.ErrorMessage(err), bad+":6:") {
		t.Errorf("LoadPolicy(bad) = %v, want an error naming %s:6", err, bad)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte(minimal+strings.Repeat("#\n", maxPolicyBytes)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadPolicy(big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("LoadPolicy(big) = %v, want a size error", err)
	}
	if _, err := LoadPolicy(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("LoadPolicy(missing) succeeded")
	}
}

func TestValidateChecks(t *testing.T) {
	p, err := ParsePolicy("p.yaml", []byte(minimal+"checks:\n  phone: {cap: 10}\n  rule: {cap: 50}\n  phnoe: {cap: 10}\n  link.shared.x: {cap: 1}\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = p.ValidateChecks([]string{"phone", "rule.abc-123", "link.shared"})
	want := `p.yaml:9: checks: "phnoe" is not a check or family of checks Vigil runs; p.yaml:10: checks: "link.shared.x" is not a check or family of checks Vigil runs`
	if vigil.ErrorMessage(err) != want {
		t.Errorf("ValidateChecks = %q, want %q", vigil.ErrorMessage(err), want)
	}
}

func FuzzParsePolicy(f *testing.F) {
	f.Add(defaultPolicyYAML)
	f.Add([]byte(minimal))
	f.Add([]byte(minimal + "checks:\n  phone: {cap: 10, points: {low: 2}}\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("name: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePolicy("fuzz.yaml", data)
		if err != nil {
			if vigil.ErrorCode(err) != vigil.EINVALID {
				t.Fatalf("error code %s: %v", vigil.ErrorCode(err), err)
			}
			return
		}
		// A policy that parses keeps its promises: increasing thresholds, bounded scores.
		if !(0 < p.bands[1] && p.bands[1] < p.bands[2] && p.bands[2] < p.bands[3] && p.bands[3] <= MaxScore) {
			t.Fatalf("thresholds %v accepted", p.bands)
		}
		fs := []*vigil.Finding{
			{Check: "phone", Key: "a", Severity: vigil.SeverityHigh, Status: vigil.FindingOpen},
			{Check: "link.shared", Key: "b", Severity: vigil.SeverityCritical, Status: vigil.FindingOpen},
			{Check: "x", Key: "c", Severity: vigil.SeverityMedium, Status: vigil.FindingOpen},
		}
		res := p.Score(fs)
		if res.Score < 0 || res.Score > MaxScore || res.Band.Rank() < 0 {
			t.Fatalf("Score = %+v", res)
		}
	})
}
