package screen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vigil-sec/vigil"
)

// CheckShippingAddress is the name of the shipping-address check.
const CheckShippingAddress = "address.shipping"

// shippingAddressCheck compares each shipping address with where the subject lives: the home addresses and the
// stated residence. Company laptops shipped to an address in another country than the home (medium), or to
// another city of the same country (low), are how laptop farms receive equipment for remote workers who are not
// where they say; it is also what a partner's or an office address looks like, hence no more than medium.
// Cities are compared after folding case and diacritics only ("Kraków" is "krakow").
type shippingAddressCheck struct{}

func (shippingAddressCheck) Name() string { return CheckShippingAddress }

// place is a country and folded city where the subject lives.
type place struct {
	country string // alpha-2, "" when unknown
	city    string // folded
	shown   string // as written, for the summary
}

func (shippingAddressCheck) Run(in *Input) []*vigil.Finding {
	s := in.Subject
	var homes []place
	for _, a := range s.Addresses {
		if a.Use == "" || a.Use == vigil.AddressHome {
			homes = append(homes, placeOf(a.Country, a.City))
		}
	}
	if r := s.Residence; r != nil {
		homes = append(homes, placeOf(r.Country, r.City))
	}
	var homeCountries []string
	for _, h := range homes {
		if h.country != "" && !slices.Contains(homeCountries, h.country) {
			homeCountries = append(homeCountries, h.country)
		}
	}
	var out []*vigil.Finding
	seen := map[string]bool{}
	for i, a := range s.Addresses {
		if a.Use != vigil.AddressShipping {
			continue
		}
		ship := placeOf(a.Country, a.City)
		if ship.country == "" || len(homeCountries) == 0 {
			continue // nothing to compare
		}
		f := &vigil.Finding{Check: CheckShippingAddress}
		switch {
		case !slices.Contains(homeCountries, ship.country):
			f.Severity = vigil.SeverityMedium
			f.Summary = fmt.Sprintf("Shipping address in %s is in another country than where the subject lives (%s).", ship.describe(), describePlaces(homes, ""))
		default:
			if ship.city == "" {
				continue
			}
			var sameCountry []place
			for _, h := range homes {
				if h.country == ship.country && h.city != "" {
					sameCountry = append(sameCountry, h)
				}
			}
			if len(sameCountry) == 0 || slices.ContainsFunc(sameCountry, func(h place) bool { return h.city == ship.city }) {
				continue
			}
			f.Severity = vigil.SeverityLow
			f.Summary = fmt.Sprintf("Shipping address in %s is in another city than where the subject lives (%s).", ship.describe(), describePlaces(sameCountry, ship.country))
		}
		id := fmt.Sprintf("%s|%s", ship.country, ship.city)
		if v, err := vigil.CanonicalAddress(a); err == nil {
			id = v
		}
		f.Key = CheckShippingAddress + ":" + keyPart(id)
		if seen[f.Key] {
			continue
		}
		seen[f.Key] = true
		f.Evidence = []vigil.Evidence{{Kind: "field", Ref: fmt.Sprintf("addresses[%d]", i),
			Detail: "shipping address " + quoteLong(strings.Join(nonEmpty(a.Line, a.Postcode, a.City, a.Country), ", "))}}
		for j, h := range s.Addresses {
			if h.Use == "" || h.Use == vigil.AddressHome {
				f.Evidence = append(f.Evidence, vigil.Evidence{Kind: "field", Ref: fmt.Sprintf("addresses[%d]", j),
					Detail: "home address " + quoteLong(strings.Join(nonEmpty(h.Line, h.Postcode, h.City, h.Country), ", "))})
			}
		}
		if r := s.Residence; r != nil && (r.Country != "" || r.City != "") {
			f.Evidence = append(f.Evidence, vigil.Evidence{Kind: "field", Ref: "residence", Detail: "residence " + quoteLong(strings.Join(nonEmpty(r.City, r.Country), ", "))})
		}
		out = append(out, f)
	}
	return out
}

func placeOf(country, city string) place {
	cc, _ := vigil.CountryCode(country)
	return place{country: cc, city: foldExact(city), shown: strings.TrimSpace(city)}
}

func (p place) describe() string {
	if p.shown == "" {
		return countryName(p.country)
	}
	return quote(p.shown) + ", " + countryName(p.country)
}

// describePlaces lists distinct places for a summary; with country set, only cities are named.
func describePlaces(ps []place, country string) string {
	var out []string
	for _, p := range ps {
		var d string
		switch {
		case country != "":
			d = quote(p.shown)
		case p.country == "":
			continue
		default:
			d = p.describe()
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return strings.Join(limitStrings(out, 3), "; ")
}
