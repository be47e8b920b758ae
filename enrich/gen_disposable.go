//go:build ignore

// gen_disposable turns the JSON blocklist of the npm package disposable-email-domains-js into the sorted plain
// text file that the enrich package embeds. Usage (the header of the output repeats it):
//
//	cd /tmp && npm pack disposable-email-domains-js@1.26.0 && tar xzf disposable-email-domains-js-1.26.0.tgz
//	go run ./enrich/gen_disposable.go 1.26.0 /tmp/package/dist/dict/disposable_email_blocklist.json > enrich/disposable_email_domains.txt
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run ./enrich/gen_disposable.go VERSION disposable_email_blocklist.json")
		os.Exit(2)
	}
	version, path := os.Args[1], os.Args[2]
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var domains []string
	if err := json.Unmarshal(data, &domains); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", path, err)
		os.Exit(1)
	}
	for i, d := range domains {
		d = strings.ToLower(strings.TrimSpace(d))
		if !validDomain(d) {
			fmt.Fprintf(os.Stderr, "%s: item %d %q is not a lower-case ASCII domain name\n", path, i, domains[i])
			os.Exit(1)
		}
		domains[i] = d
	}
	slices.Sort(domains)
	domains = slices.Compact(domains)

	var b strings.Builder
	fmt.Fprintf(&b, "# Disposable email domains, one per line, sorted.\n")
	fmt.Fprintf(&b, "# Source: npm package disposable-email-domains-js@%s, file dist/dict/disposable_email_blocklist.json\n", version)
	fmt.Fprintf(&b, "#   (https://github.com/mziyut/disposable-email-domains-js, built from https://github.com/disposable-email-domains/disposable-email-domains).\n")
	fmt.Fprintf(&b, "# Licence: CC0-1.0 (public domain dedication).\n")
	fmt.Fprintf(&b, "# %d domains. Regenerate with:\n", len(domains))
	fmt.Fprintf(&b, "#   cd /tmp && npm pack disposable-email-domains-js@%s && tar xzf disposable-email-domains-js-%s.tgz\n", version, version)
	fmt.Fprintf(&b, "#   go run ./enrich/gen_disposable.go %s /tmp/package/dist/dict/disposable_email_blocklist.json > enrich/disposable_email_domains.txt\n", version)
	for _, d := range domains {
		b.WriteString(d)
		b.WriteByte('\n')
	}
	os.Stdout.WriteString(b.String())
}

func validDomain(d string) bool {
	if d == "" || len(d) > 253 || !strings.Contains(d, ".") || strings.HasPrefix(d, ".") || strings.HasSuffix(d, ".") {
		return false
	}
	for _, r := range d {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}
