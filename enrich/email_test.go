package enrich

import (
	"fmt"
	"strings"
	"testing"
)

func TestIsDisposableEmailDomain(t *testing.T) {
	tests := []struct {
		name   string
		domain string
		want   bool
	}{
		{"listed", "mailinator.com", true},
		{"upper case", "MAILINATOR.COM", true},
		{"trailing dot", "mailinator.com.", true},
		{"surrounding space", " mailinator.com ", true},
		{"subdomain of listed", "sub.mailinator.com", true},
		{"deep subdomain of listed", "a.b.c.mailinator.com", true},
		{"listed multi-label", "0-mailer.dynv6.net", true},
		{"sibling of multi-label listed is not", "other.dynv6.net", false},
		{"parent of listed is not", "dynv6.net", false},
		{"mailbox provider", "gmail.com", false},
		{"company", "example.com", false},
		{"suffix lookalike", "xmailinator.com", false},
		{"privacy provider is not disposable", "proton.me", false},
		{"national provider is not disposable", "qq.com", false},
		{"tld alone", "com", false},
		{"empty", "", false},
		{"dots", "...", false},
		{"overlong", strings.Repeat("a.", 200) + "mailinator.com", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsDisposableEmailDomain(tt.domain); got != tt.want {
				t.Errorf("IsDisposableEmailDomain(%q) = %v, want %v", tt.domain, got, tt.want)
			}
		})
	}
}

// TestDisposableEmailDomainsFile guards the embedded file: the header names its source and licence, the body
// is sorted, unique, lower-case domains, and it was not truncated.
func TestDisposableEmailDomainsFile(t *testing.T) {
	if !strings.Contains(disposableEmailDomainsText, "# Source: npm package "+DisposableEmailSource) {
		t.Errorf("header does not name the source %s", DisposableEmailSource)
	}
	if !strings.Contains(disposableEmailDomainsText, "CC0-1.0") {
		t.Error("header does not name the licence")
	}
	prev := ""
	n := 0
	for line := range strings.Lines(disposableEmailDomainsText) {
		line = strings.TrimSuffix(line, "\n")
		if strings.HasPrefix(line, "#") {
			continue
		}
		n++
		if line != strings.ToLower(strings.TrimSpace(line)) || !strings.Contains(line, ".") {
			t.Errorf("line %q is not a lower-case domain", line)
		}
		if line <= prev {
			t.Errorf("%q follows %q: not sorted or duplicated", line, prev)
		}
		prev = line
	}
	if n != 8883 || len(disposableEmailDomains()) != n {
		t.Errorf("file has %d domains, the set %d; version 1.26.0 has 8883", n, len(disposableEmailDomains()))
	}
}

func FuzzIsDisposableEmailDomain(f *testing.F) {
	for _, s := range []string{"mailinator.com", "sub.mailinator.com", "", ".", "com", "a..b", "xn--80ak6aa92e.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, domain string) {
		got := IsDisposableEmailDomain(domain)
		// A subdomain of a disposable domain is disposable too.
		if got && len(domain) < maxDomainBytes-4 && !IsDisposableEmailDomain("x."+strings.TrimSpace(domain)) {
			t.Errorf("%q is disposable but x.%q is not", domain, domain)
		}
	})
}

func ExampleIsDisposableEmailDomain() {
	for _, d := range []string{"mailinator.com", "inbox.mailinator.com", "example.com"} {
		fmt.Println(d, IsDisposableEmailDomain(d))
	}
	// Output:
	// mailinator.com true
	// inbox.mailinator.com true
	// example.com false
}
