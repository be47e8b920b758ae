package screen

import (
	"fmt"
	"strings"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/enrich"
)

// CheckEmail is the name of the email check.
const CheckEmail = "email"

// emailCheck reports addresses at disposable-mailbox services (medium): an address that stops working after a
// day is not how people apply for a job they want to keep. It looks only at the domain. Whether the address
// "fits" the person's name is no signal and never looked at: people use nicknames, married names, old
// addresses and transliterations, and judging that would score culture, not fraud.
type emailCheck struct{}

func (emailCheck) Name() string { return CheckEmail }

func (emailCheck) Run(in *Input) []*vigil.Finding {
	var out []*vigil.Finding
	seen := map[string]bool{}
	for i, raw := range in.Subject.Emails {
		addr, err := vigil.CanonicalEmail(raw)
		if err != nil {
			continue // rejected by validation; nothing to look up
		}
		domain := vigil.EmailDomain(addr)
		if !enrich.IsDisposableEmailDomain(domain) {
			continue
		}
		key := CheckEmail + ":" + keyPart(addr)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, &vigil.Finding{
			Check:    CheckEmail,
			Key:      key,
			Severity: vigil.SeverityMedium,
			Summary:  fmt.Sprintf("Email address %s is at %s, a service that hands out throwaway mailboxes.", quote(strings.TrimSpace(raw)), quote(domain)),
			Evidence: []vigil.Evidence{
				{Kind: "field", Ref: fmt.Sprintf("emails[%d]", i), Detail: quoteLong(strings.TrimSpace(raw))},
				{Kind: "reference", Ref: enrich.DisposableEmailSource, Detail: fmt.Sprintf("domain %s or a domain above it is on the disposable email domain list", quoteLong(domain))},
			},
		})
	}
	return out
}
