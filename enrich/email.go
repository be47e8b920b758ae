package enrich

import (
	_ "embed"
	"strings"
	"sync"
)

// DisposableEmailSource names the data behind IsDisposableEmailDomain, for a finding's evidence.
const DisposableEmailSource = "disposable-email-domains-js@1.26.0"

//go:embed disposable_email_domains.txt
var disposableEmailDomainsText string

// disposableEmailDomains is parsed on first use so that programs that never look at an email pay nothing.
var disposableEmailDomains = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 9000)
	for line := range strings.Lines(disposableEmailDomainsText) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		set[line] = struct{}{}
	}
	return set
})

// maxDomainBytes is the DNS limit on a domain name; longer input cannot be a real domain.
const maxDomainBytes = 253

// IsDisposableEmailDomain reports whether domain, or a domain it is a subdomain of, hands out throwaway
// mailboxes (sub.mailinator.com is as disposable as mailinator.com: those services accept mail for any
// subdomain). domain is expected in ASCII (punycode) form, as vigil.EmailDomain returns it for a canonical
// address; case and a trailing dot are ignored. A bare top-level domain is never disposable.
func IsDisposableEmailDomain(domain string) bool {
	if len(domain) > maxDomainBytes+1 {
		return false
	}
	d := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(domain)), ".")
	set := disposableEmailDomains()
	for {
		dot := strings.IndexByte(d, '.')
		if dot < 0 {
			return false // a top-level domain alone
		}
		if _, ok := set[d]; ok {
			return true
		}
		d = d[dot+1:]
	}
}
