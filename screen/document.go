package screen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vigil-sec/vigil"
)

// CheckDocumentIssuer is the name of the document check.
const CheckDocumentIssuer = "document.issuer"

// documentIssuerCheck looks at who issued the subject's identity documents. A document issued by the DPRK is a
// sanctions link whatever the holder says about themselves (high). A passport or national identity card issued
// by a country that is none of the stated nationalities is an inconsistency worth asking about (medium): such
// documents are issued to nationals, so one of the two statements is wrong or incomplete. Residence permits,
// visas and driving licences are issued by the country someone lives in, and documents without a type may be
// any of these, so only passports and national identity cards are compared with nationality. Issuers that are
// not countries (UNO, EUE, stateless and refugee documents XXA, XXB …) contradict nothing.
type documentIssuerCheck struct{}

func (documentIssuerCheck) Name() string { return CheckDocumentIssuer }

func (documentIssuerCheck) Run(in *Input) []*vigil.Finding {
	s := in.Subject
	nats := nationalities(s.Nationalities)
	var out []*vigil.Finding
	seen := map[string]bool{}
	for i, d := range s.Documents {
		country, known := vigil.IssuerCountry(d.Issuer)
		if !known || country == "" {
			continue
		}
		dprk := country == vigil.DPRK
		contradicts := statesNationality(d.Type) && len(nats) > 0 && !slices.Contains(nats, country)
		if !dprk && !contradicts {
			continue
		}
		key := CheckDocumentIssuer + ":" + documentKey(d, i)
		if seen[key] {
			continue
		}
		seen[key] = true
		kind := documentKind(d.Type)
		field := fmt.Sprintf("documents[%d]", i)
		ev := []vigil.Evidence{{Kind: "field", Ref: field + ".issuer", Detail: fmt.Sprintf("%s %s issued by %s (ICAO code %s)", kind, quoteLong(d.Number), countryName(country), quote(d.Issuer))}}
		if len(nats) > 0 {
			ev = append(ev, vigil.Evidence{Kind: "field", Ref: "nationalities", Detail: "stated nationalities " + strings.Join(nats, ", ")})
		}
		f := &vigil.Finding{Check: CheckDocumentIssuer, Key: key, Evidence: ev}
		switch {
		case dprk && contradicts:
			f.Severity = vigil.SeverityHigh
			f.Summary = fmt.Sprintf("The subject's %s %s was issued by North Korea (DPRK), although the stated nationalities are %s.", kind, quote(d.Number), strings.Join(nats, ", "))
		case dprk:
			f.Severity = vigil.SeverityHigh
			f.Summary = fmt.Sprintf("The subject's %s %s was issued by North Korea (DPRK).", kind, quote(d.Number))
		default:
			f.Severity = vigil.SeverityMedium
			f.Summary = fmt.Sprintf("The subject's %s %s was issued by %s, which is none of the stated nationalities (%s).", kind, quote(d.Number), countryName(country), strings.Join(nats, ", "))
		}
		out = append(out, f)
	}
	return out
}

// statesNationality reports whether a document of this type is issued by the holder's own country.
func statesNationality(docType string) bool {
	return docType == vigil.DocPassport || docType == vigil.DocNationalID
}

func documentKind(docType string) string {
	switch docType {
	case "", vigil.DocOther:
		return "document"
	case vigil.DocNationalID:
		return "national identity card"
	case vigil.DocDriversLicense:
		return "driving licence"
	}
	return strings.ReplaceAll(docType, "_", " ")
}

// documentKey identifies a document by its canonical issuer and number, falling back to its position when the
// number cannot be made canonical (validation normally rejects that).
func documentKey(d vigil.Document, i int) string {
	if v, err := vigil.CanonicalDocument(d.Issuer, d.Number); err == nil {
		return keyPart(v)
	}
	return fmt.Sprintf("documents[%d]", i)
}
