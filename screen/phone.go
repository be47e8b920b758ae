package screen

import (
	"fmt"
	"strings"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/enrich"
)

// CheckPhone is the name of the phone check.
const CheckPhone = "phone"

// phoneCheck looks each phone number up in the numbering plan. A number that is not valid, or one that is not
// a personal line — VoIP, a forwarding "personal number", a company's universal access number, a service
// number — is low: such numbers are cheap to get anywhere and let someone appear to be where they are not, but
// plenty of honest people use them. A number of another country than the residence is information only when
// it is all there is, because people who move keep their numbers. One finding per number, naming every fact
// about it.
type phoneCheck struct{}

func (phoneCheck) Name() string { return CheckPhone }

// notPersonalLines are the line types that do not tie a number to a place or a subscriber's own line.
var notPersonalLines = map[string]string{
	enrich.LineVoIP:           "a VoIP number",
	enrich.LinePersonalNumber: "a personal (forwarding) number",
	enrich.LineUAN:            "a company's universal access number",
	enrich.LineTollFree:       "a toll-free service number",
	enrich.LinePremiumRate:    "a premium-rate service number",
	enrich.LineSharedCost:     "a shared-cost service number",
}

func (phoneCheck) Run(in *Input) []*vigil.Finding {
	s := in.Subject
	residence := ""
	if s.Residence != nil {
		residence, _ = vigil.CountryCode(s.Residence.Country)
	}
	var out []*vigil.Finding
	seen := map[string]bool{}
	for i, raw := range s.Phones {
		info := enrich.Phone(raw, residence)
		id := info.E164
		if id == "" {
			id = keyPart(strings.TrimSpace(raw))
		}
		key := CheckPhone + ":" + id
		if seen[key] {
			continue
		}
		seen[key] = true
		field := fmt.Sprintf("phones[%d]", i)
		var facts []string
		sev := vigil.SeverityInfo
		switch {
		case info.Err != nil:
			facts = append(facts, "cannot be read as a phone number")
			sev = vigil.SeverityLow
		case !info.Valid:
			facts = append(facts, "is not a valid number in its country's numbering plan")
			sev = vigil.SeverityLow
		default:
			if what, ok := notPersonalLines[info.LineType]; ok {
				facts = append(facts, "is "+what)
				sev = vigil.SeverityLow
			}
		}
		foreign := info.Valid && residence != "" && info.Region != "" && info.Region != residence
		if foreign {
			facts = append(facts, fmt.Sprintf("belongs to %s while the subject lives in %s", countryName(info.Region), countryName(residence)))
		}
		if len(facts) == 0 {
			continue
		}
		shown := quote(raw)
		if info.E164 != "" {
			shown = info.E164
		}
		detail := fmt.Sprintf("%s read as %s: valid %t, line type %s, country %s", quoteLong(raw), orNone(info.E164), info.Valid, info.LineType, orNone(info.Region))
		if info.Err != nil {
			detail = fmt.Sprintf("%s cannot be parsed: %s", quoteLong(raw), cleanText(info.Err.Error(), evidenceRunes))
		}
		ev := []vigil.Evidence{{Kind: "field", Ref: field, Detail: detail}}
		if residence != "" {
			ev = append(ev, vigil.Evidence{Kind: "field", Ref: "residence.country", Detail: "residence " + countryName(residence) + "; numbers without a country code are read there"})
		}
		out = append(out, &vigil.Finding{
			Check:    CheckPhone,
			Key:      key,
			Severity: sev,
			Summary:  fmt.Sprintf("Phone number %s %s.", shown, joinFacts(facts)),
			Evidence: ev,
		})
	}
	return out
}

// joinFacts joins clauses into one: "a", "a and b", "a, b and c".
func joinFacts(facts []string) string {
	switch len(facts) {
	case 0:
		return ""
	case 1:
		return facts[0]
	}
	return strings.Join(facts[:len(facts)-1], ", ") + " and " + facts[len(facts)-1]
}
