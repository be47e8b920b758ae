package storetest

import (
	"fmt"

	"github.com/vigil-sec/vigil"
)

// SyntheticEntries returns n list entries shaped like OFAC's SDN list (15,000 entries carry about 20,000 aliases
// and a few thousand identifiers), for benchmarks of list imports. The same n gives the same entries.
func SyntheticEntries(list string, n int) []*vigil.ListEntry {
	entries := make([]*vigil.ListEntry, n)
	for i := range entries {
		id := fmt.Sprint(10000 + i)
		e := &vigil.ListEntry{
			List: list, ID: id, Kind: vigil.EntryPerson, Name: fmt.Sprintf("SURNAME%d, Given Name %d", i, i%977),
			BirthDates:    []vigil.BirthDate{{Date: fmt.Sprintf("%d-%02d-%02d", 1950+i%50, 1+i%12, 1+i%28)}},
			BirthPlaces:   []string{"Pyongyang, North Korea"},
			Nationalities: []string{"KP"},
			Addresses:     []vigil.EntryAddress{{Line: fmt.Sprintf("%d Example Street", i%300), City: "Pyongyang", Country: "KP"}},
			Programs:      []string{"DPRK3"},
			ListedOn:      "2023-05-23",
			Remarks: "DOB 1970; POB Pyongyang, North Korea; nationality Korea, North; Gender Male; Secondary sanctions " +
				"risk: North Korea Sanctions Regulations, sections 510.201 and 510.210; Linked To: EXAMPLE TRADING CORPORATION.",
		}
		if i%3 == 0 {
			e.Kind, e.Gender = vigil.EntryOrganization, ""
		} else {
			e.Gender = "male"
		}
		// 0, 1 or 3 aliases: 20,000 over 15,000 entries.
		for a := 0; a < [3]int{0, 1, 3}[i%3]; a++ {
			e.Aliases = append(e.Aliases, vigil.Alias{Name: fmt.Sprintf("ALIAS%d-%d", i, a), Type: "aka", Weak: a == 2})
		}
		// About one entry in five has an identifier, one in fifteen two.
		if i%5 == 0 {
			e.Identifiers = append(e.Identifiers, vigil.EntryIdentifier{Kind: vigil.IdentDocument, Value: fmt.Sprintf("KP:%09d", i),
				Raw: fmt.Sprintf("%09d", i), Type: "Passport", Issuer: "KP"})
		}
		if i%15 == 0 {
			w := fmt.Sprintf("0x%040x", i)
			e.Identifiers = append(e.Identifiers, vigil.EntryIdentifier{Kind: vigil.IdentWallet, Value: w, Raw: w,
				Type: "Digital Currency Address - ETH", Chain: "ETH"})
		}
		entries[i] = e
	}
	return entries
}
