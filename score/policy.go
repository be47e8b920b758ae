// Package score turns findings into a risk score and band under a policy. It is pure: a Policy is parsed once
// from YAML (the embedded default or a file the organisation writes) and then only computes.
package score

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/vigil-sec/vigil"
)

// MaxScore is the highest score; the total of a subject's findings is capped at it.
const MaxScore = 100

// maxPolicyBytes bounds a policy file; the default is under 4 KiB.
const maxPolicyBytes = 256 << 10

//go:embed policy.yaml
var defaultPolicyYAML []byte

// DefaultPolicyName is the name the embedded default policy is parsed under, for error messages.
const DefaultPolicyName = "score/policy.yaml"

var defaultPolicy = sync.OnceValue(func() *Policy {
	p, err := ParsePolicy(DefaultPolicyName, defaultPolicyYAML)
	if err != nil {
		panic(fmt.Sprintf("embedded default policy is invalid: %v", err)) // caught by TestDefaultPolicy
	}
	return p
})

// DefaultPolicy returns the embedded default policy (score/policy.yaml). The value is shared and immutable.
func DefaultPolicy() *Policy { return defaultPolicy() }

// Policy says how many points each finding adds, how points of one kind are capped, and where the bands start.
// It is immutable once parsed and safe for concurrent use.
type Policy struct {
	name    string // where it was read from, for messages
	ref     vigil.VersionRef
	points  [5]int // by Severity.Rank
	bands   [4]int // score threshold by Band.Rank; bands[0] is 0
	floors  [5]vigil.Band
	caseBnd vigil.Band
	rules   map[string]*checkRule // by check name or family
	ruleAt  map[string]int        // line of each rule, for ValidateChecks
}

// checkRule is a per-check override. points[i] < 0 means "not set here".
type checkRule struct {
	points      [5]int
	cap         int // -1 when not set
	maxFindings int // -1 when not set
}

// Ref names the policy in a report: its name and version as the file states them and the sha256 of its bytes.
func (p *Policy) Ref() vigil.VersionRef { return p.ref }

// CaseBand is the band from which a subject gets a case for human review.
func (p *Policy) CaseBand() vigil.Band { return p.caseBnd }

// Points returns the points an open finding of check with severity sev adds before caps.
func (p *Policy) Points(check string, sev vigil.Severity) int {
	r := sev.Rank()
	if r < 0 {
		return 0
	}
	for key := range families(check) {
		if rule, ok := p.rules[key]; ok && rule.points[r] >= 0 {
			return rule.points[r]
		}
	}
	return p.points[r]
}

// capGroup returns the rule key whose cap applies to check and the cap, or "" and -1 when none does.
func (p *Policy) capGroup(check string) (string, int) {
	for key := range families(check) {
		if rule, ok := p.rules[key]; ok && rule.cap >= 0 {
			return key, rule.cap
		}
	}
	return "", -1
}

// countGroup returns the rule key whose max_findings applies to check and the limit, or "" and -1.
func (p *Policy) countGroup(check string) (string, int) {
	for key := range families(check) {
		if rule, ok := p.rules[key]; ok && rule.maxFindings >= 0 {
			return key, rule.maxFindings
		}
	}
	return "", -1
}

// families yields check itself, then each shorter dotted prefix: "link.shared.x", "link.shared", "link".
func families(check string) func(yield func(string) bool) {
	return func(yield func(string) bool) {
		for key := check; key != ""; {
			if !yield(key) {
				return
			}
			dot := strings.LastIndexByte(key, '.')
			if dot < 0 {
				return
			}
			key = key[:dot]
		}
	}
}

// ValidateChecks reports rules of the policy whose key is neither a check in known nor a family of one (a
// prefix up to a dot), so that a misspelt check name in a policy file is an error rather than a rule that
// never applies. The caller passes every check name it can produce (screen.CheckNames and detection rules).
func (p *Policy) ValidateChecks(known []string) error {
	covered := map[string]bool{}
	for _, k := range known {
		for f := range families(k) {
			covered[f] = true
		}
	}
	var probs problems
	for key, line := range p.ruleAt {
		if !covered[key] {
			probs.add(line, "checks: %s is not a check or family of checks Vigil runs", strconv.Quote(key))
		}
	}
	return probs.err(p.name)
}

// LoadPolicy reads and parses a policy file.
func LoadPolicy(path string) (*Policy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, vigil.Errorf(vigil.EINVALID, "open policy: %v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPolicyBytes+1))
	if err != nil {
		return nil, vigil.Errorf(vigil.EINVALID, "read policy %s: %v", path, err)
	}
	return ParsePolicy(path, data)
}

var checkKeyPattern = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_-]+)*$`)

// ParsePolicy parses a policy strictly: unknown or repeated keys, missing severities or bands, thresholds that
// do not increase and negative points or caps are errors. Every problem is reported at once, each as
// "name:line: message"; the error is EINVALID.
func ParsePolicy(name string, data []byte) (*Policy, error) {
	if len(data) > maxPolicyBytes {
		return nil, vigil.Errorf(vigil.EINVALID, "%s: policy is larger than %d bytes", name, maxPolicyBytes)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, vigil.Errorf(vigil.EINVALID, "%s: policy is empty", name)
		}
		return nil, vigil.Errorf(vigil.EINVALID, "%s", yamlError(name, err))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, vigil.Errorf(vigil.EINVALID, "%s:%d: a second YAML document; a policy is one document", name, extra.Line)
	} else if !errors.Is(err, io.EOF) {
		return nil, vigil.Errorf(vigil.EINVALID, "%s", yamlError(name, err))
	}

	sum := sha256.Sum256(data)
	p := &Policy{
		name:   name,
		ref:    vigil.VersionRef{SHA256: hex.EncodeToString(sum[:])},
		rules:  map[string]*checkRule{},
		ruleAt: map[string]int{},
	}
	var probs problems
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, vigil.Errorf(vigil.EINVALID, "%s: policy is empty", name)
	}
	root := doc.Content[0]
	if !probs.mapping(root, "policy") {
		return nil, probs.err(name)
	}
	seen := map[string]int{}
	probs.eachKey(root, "", func(key string, k, v *yaml.Node) {
		seen[key] = k.Line
		switch key {
		case "name":
			p.ref.Name = probs.text(v, "name")
		case "version":
			p.ref.Version = probs.text(v, "version")
		case "points":
			p.points = probs.severityPoints(v, "points", true)
		case "bands":
			p.parseBands(&probs, v)
		case "severity_floor":
			probs.eachKey(v, "severity_floor", func(sev string, k, v *yaml.Node) {
				r := vigil.Severity(sev).Rank()
				if r < 0 {
					probs.add(k.Line, "severity_floor: %s is not a severity (info, low, medium, high, critical)", strconv.Quote(sev))
					return
				}
				p.floors[r] = probs.band(v, "severity_floor."+sev)
			})
		case "case_band":
			p.caseBnd = probs.band(v, "case_band")
			if p.caseBnd == vigil.BandLow {
				probs.add(v.Line, "case_band: low would open a case for every subject; use medium, high or critical")
			}
		case "checks":
			probs.eachKey(v, "checks", func(check string, k, v *yaml.Node) {
				if !checkKeyPattern.MatchString(check) {
					probs.add(k.Line, "checks: %s is not a check name (lower-case words joined by dots, such as link.shared)", strconv.Quote(check))
					return
				}
				p.rules[check] = probs.rule(v, "checks."+check)
				p.ruleAt[check] = k.Line
			})
		default:
			probs.add(k.Line, "unknown key %s; a policy has name, version, points, bands, severity_floor, case_band, checks", strconv.Quote(key))
		}
	})
	for _, key := range []string{"name", "version", "points", "bands", "case_band"} {
		if _, ok := seen[key]; !ok {
			probs.add(root.Line, "%s is required", key)
		}
	}
	if err := probs.err(name); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Policy) parseBands(probs *problems, v *yaml.Node) {
	lines := [4]int{}
	probs.eachKey(v, "bands", func(band string, k, v *yaml.Node) {
		r := vigil.Band(band).Rank()
		switch {
		case r == 0:
			probs.add(k.Line, "bands: low is every score below medium and has no threshold")
			return
		case r < 0:
			probs.add(k.Line, "bands: %s is not a band (medium, high, critical)", strconv.Quote(band))
			return
		}
		p.bands[r] = probs.number(v, "bands."+band, 1, MaxScore)
		lines[r] = v.Line
	})
	for r := 1; r < 4; r++ {
		if lines[r] == 0 {
			probs.add(v.Line, "bands: %s is required", bandByRank[r])
		} else if r > 1 && lines[r-1] != 0 && p.bands[r] <= p.bands[r-1] {
			probs.add(lines[r], "bands: %s (%d) must be above %s (%d)", bandByRank[r], p.bands[r], bandByRank[r-1], p.bands[r-1])
		}
	}
}

var (
	bandByRank     = [4]vigil.Band{vigil.BandLow, vigil.BandMedium, vigil.BandHigh, vigil.BandCritical}
	severityByRank = [5]vigil.Severity{vigil.SeverityInfo, vigil.SeverityLow, vigil.SeverityMedium, vigil.SeverityHigh, vigil.SeverityCritical}
)

// problems collects what is wrong with a policy, each with its line.
type problems struct {
	list []problem
}

type problem struct {
	line int
	msg  string
}

func (ps *problems) add(line int, format string, args ...any) {
	ps.list = append(ps.list, problem{line, fmt.Sprintf(format, args...)})
}

func (ps *problems) err(name string) error {
	if len(ps.list) == 0 {
		return nil
	}
	slices.SortStableFunc(ps.list, func(a, b problem) int { return a.line - b.line })
	msgs := make([]string, len(ps.list))
	for i, p := range ps.list {
		msgs[i] = fmt.Sprintf("%s:%d: %s", name, p.line, p.msg)
	}
	return vigil.Errorf(vigil.EINVALID, "%s", strings.Join(msgs, "; "))
}

func (ps *problems) mapping(n *yaml.Node, what string) bool {
	if n.Kind == yaml.AliasNode {
		ps.add(n.Line, "%s: YAML aliases are not supported in a policy; write the value out", what)
		return false
	}
	if n.Kind != yaml.MappingNode {
		ps.add(n.Line, "%s: expected a mapping of keys to values", what)
		return false
	}
	return true
}

// eachKey calls fn for each key of a mapping, reporting repeated keys, which YAML parsers resolve differently.
func (ps *problems) eachKey(n *yaml.Node, what string, fn func(key string, k, v *yaml.Node)) {
	if what != "" && !ps.mapping(n, what) {
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			ps.add(k.Line, "%s: keys must be plain words", displayWhat(what))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			ps.add(k.Line, "%s: %s appears twice (first at line %d)", displayWhat(what), strconv.Quote(k.Value), first)
			continue
		}
		seen[k.Value] = k.Line
		if v.Kind == yaml.AliasNode {
			ps.add(v.Line, "%s: YAML aliases are not supported in a policy; write the value out", k.Value)
			continue
		}
		fn(k.Value, k, v)
	}
}

func displayWhat(what string) string {
	if what == "" {
		return "policy"
	}
	return what
}

func (ps *problems) text(v *yaml.Node, what string) string {
	if v.Kind != yaml.ScalarNode || v.Value == "" || v.Tag == "!!null" {
		ps.add(v.Line, "%s: expected a non-empty string", what)
		return ""
	}
	if len(v.Value) > 64 || strings.ContainsFunc(v.Value, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		ps.add(v.Line, "%s: expected at most 64 printable characters", what)
		return ""
	}
	return v.Value
}

func (ps *problems) number(v *yaml.Node, what string, lo, hi int) int {
	n, err := strconv.Atoi(v.Value)
	if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || err != nil {
		ps.add(v.Line, "%s: expected a whole number, got %s", what, strconv.Quote(v.Value))
		return 0
	}
	if n < lo || n > hi {
		ps.add(v.Line, "%s: %d is out of range %d–%d", what, n, lo, hi)
		return 0
	}
	return n
}

func (ps *problems) band(v *yaml.Node, what string) vigil.Band {
	b := vigil.Band(v.Value)
	if v.Kind != yaml.ScalarNode || b.Rank() < 0 {
		ps.add(v.Line, "%s: %s is not a band (low, medium, high, critical)", what, strconv.Quote(v.Value))
		return ""
	}
	return b
}

// severityPoints reads a severity → points table; all five severities are required in the main table.
func (ps *problems) severityPoints(v *yaml.Node, what string, all bool) [5]int {
	out := [5]int{-1, -1, -1, -1, -1}
	ps.eachKey(v, what, func(sev string, k, v *yaml.Node) {
		r := vigil.Severity(sev).Rank()
		if r < 0 {
			ps.add(k.Line, "%s: %s is not a severity (info, low, medium, high, critical)", what, strconv.Quote(sev))
			return
		}
		out[r] = ps.number(v, what+"."+sev, 0, MaxScore)
	})
	if all && v.Kind == yaml.MappingNode {
		for r, p := range out {
			if p < 0 {
				ps.add(v.Line, "%s: %s is required", what, severityByRank[r])
			}
		}
	}
	return out
}

func (ps *problems) rule(v *yaml.Node, what string) *checkRule {
	rule := &checkRule{points: [5]int{-1, -1, -1, -1, -1}, cap: -1, maxFindings: -1}
	ps.eachKey(v, what, func(key string, k, v *yaml.Node) {
		switch key {
		case "cap":
			rule.cap = ps.number(v, what+".cap", 0, MaxScore)
		case "max_findings":
			rule.maxFindings = ps.number(v, what+".max_findings", 0, 1000)
		case "points":
			rule.points = ps.severityPoints(v, what+".points", false)
		default:
			ps.add(k.Line, "%s: unknown key %s; a check rule has cap, max_findings and points", what, strconv.Quote(key))
		}
	})
	return rule
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError rewrites the YAML library's "yaml: line 3: …" as "name:3: …".
func yamlError(name string, err error) string {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s:%s: %s", name, m[1], m[2])
	}
	return fmt.Sprintf("%s: %s", name, strings.TrimPrefix(msg, "yaml: "))
}
