// Package synth makes synthetic subjects for benchmarks: realistic in shape (names from many cultures, valid
// phones and IBANs of their residence country, addresses, documents), deterministic for a given seed, and on no
// list. A small share carries the patterns Vigil looks for, so that benchmarks exercise findings and links too.
package synth

import (
	"fmt"
	"math/rand/v2"

	"github.com/jacoelho/banking/iban"
	"github.com/nyaruka/phonenumbers"

	"github.com/vigil-sec/vigil"
)

var givenNames = []string{
	"Anna", "Jan", "Piotr", "Katarzyna", "Lukas", "Sophie", "Camille", "Louis", "Javier", "Lucía", "Giulia", "Marco",
	"Pieter", "Sanne", "João", "Ana", "Erik", "Aino", "Dimitris", "Elif", "Mehmet", "Fatima", "Omar", "Layla", "Reza",
	"Priya", "Arjun", "Ayesha", "Nusrat", "Wei", "Fang", "Haruto", "Yuki", "Minh", "Mai", "Maria", "Budi", "Somchai",
	"Oluwaseun", "Chinedu", "Kwame", "Wanjiru", "Selam", "Dmitri", "Olena", "Tomáš", "Zsófia", "Andrei", "Gabriel",
	"Sofía", "Siobhán", "Noa", "Seo-yeon", "Min-jun", "Ji-woo", "Hyun-woo", "Thabo", "Aisha", "Mateus", "Ingrid",
}

var familyNames = []string{
	"Nowak", "Kowalski", "Wiśniewska", "Schneider", "Müller", "Dubois", "Laurent", "García", "Fernández", "Romano",
	"Bianchi", "de Vries", "Jansen", "Silva", "Ferreira", "Johansson", "Virtanen", "Papadopoulos", "Yılmaz", "Demir",
	"El-Sayed", "Haddad", "Nasser", "Ahmadi", "Sharma", "Patel", "Khan", "Rahman", "Wang", "Li", "Zhang", "Sato",
	"Tanaka", "Nguyễn", "Trần", "Santos", "Santoso", "Wongsakul", "Adeyemi", "Okafor", "Mensah", "Kamau", "Tesfaye",
	"Volkov", "Kovalenko", "Novák", "Nagy", "Ionescu", "Oliveira", "Hernández", "Murphy", "Cohen", "Lee", "Choi",
	"Park", "Kim", "Dlamini", "Bello", "Costa", "Berg",
}

type country struct{ code, city, tz, street, postcode string }

var countries = []country{
	{"PL", "Kraków", "Europe/Warsaw", "ul. Długa", "31-147"}, {"DE", "Berlin", "Europe/Berlin", "Lindenstraße", "10115"},
	{"FR", "Lyon", "Europe/Paris", "rue des Lilas", "69001"}, {"ES", "Madrid", "Europe/Madrid", "Calle Mayor", "28013"},
	{"IT", "Torino", "Europe/Rome", "Via Roma", "10121"}, {"NL", "Utrecht", "Europe/Amsterdam", "Kerkstraat", "3511 AB"},
	{"PT", "Lisboa", "Europe/Lisbon", "Rua das Flores", "1100-148"}, {"SE", "Stockholm", "Europe/Stockholm", "Storgatan", "111 29"},
	{"IE", "Dublin", "Europe/Dublin", "Main Street", "D02 X285"}, {"BE", "Bruxelles", "Europe/Brussels", "Rue Neuve", "1000"},
	{"CZ", "Praha", "Europe/Prague", "Nerudova", "118 00"}, {"RO", "București", "Europe/Bucharest", "Strada Lipscani", "030167"},
}

type countryData struct {
	phone      *phonenumbers.PhoneNumber
	ibanLetter []bool // IBAN positions that hold a letter
}

// Subjects returns n synthetic subjects for seed. About one in fifty shares a bank account with another and one
// in a hundred has a VoIP phone.
func Subjects(n int, seed uint64) ([]*vigil.Subject, error) {
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	data := map[string]*countryData{}
	for _, c := range countries {
		ex := phonenumbers.GetExampleNumberForType(c.code, phonenumbers.MOBILE)
		if ex == nil {
			return nil, fmt.Errorf("no example mobile number for %s", c.code)
		}
		letters, err := ibanFormat(c.code)
		if err != nil {
			return nil, err
		}
		data[c.code] = &countryData{phone: ex, ibanLetter: letters}
	}
	out := make([]*vigil.Subject, 0, n)
	for i := 0; i < n; i++ {
		c := countries[r.IntN(len(countries))]
		given, family := givenNames[r.IntN(len(givenNames))], familyNames[r.IntN(len(familyNames))]
		name := given + " " + family
		phone := variedPhone(data[c.code].phone, i)
		if i%100 == 99 {
			phone = fmt.Sprintf("+44 56 01%02d %04d", i%100, i%10000)
		}
		account, err := randomIBAN(r, c.code, data[c.code].ibanLetter)
		if err != nil {
			return nil, err
		}
		if i%50 == 49 && len(out) > 0 {
			account = out[r.IntN(len(out))].BankAccounts[0].IBAN
		}
		s := &vigil.Subject{
			ID:            fmt.Sprintf("synth-%06d", i),
			Kind:          vigil.KindCandidate,
			Name:          name,
			BirthDate:     fmt.Sprintf("%d-%02d-%02d", 1960+r.IntN(45), 1+r.IntN(12), 1+r.IntN(28)),
			Nationalities: []string{c.code},
			Residence:     &vigil.Residence{Country: c.code, City: c.city, Timezone: c.tz},
			Emails:        []string{fmt.Sprintf("candidate%06d@example.com", i)},
			Phones:        []string{phone},
			Addresses: []vigil.Address{{Use: vigil.AddressHome, Line: fmt.Sprintf("%s %d", c.street, 1+i),
				City: c.city, Postcode: c.postcode, Country: c.code}},
			Documents:    []vigil.Document{{Type: vigil.DocPassport, Number: fmt.Sprintf("X%08d", i), Issuer: issuer(c.code)}},
			BankAccounts: []vigil.BankAccount{{IBAN: account}},
		}
		out = append(out, s)
	}
	return out, nil
}

// ibanFormat learns which positions of a country's IBAN hold letters. The library's generator uses the global
// random source, so it serves only for that: positions that were letters in every one of 24 samples take a
// letter, all others a digit (valid for both numeric and alphanumeric positions).
func ibanFormat(country string) ([]bool, error) {
	var letters []bool
	for k := 0; k < 24; k++ {
		sample, err := iban.Generate(country)
		if err != nil {
			return nil, fmt.Errorf("generate IBAN for %s: %w", country, err)
		}
		if letters == nil {
			letters = make([]bool, len(sample))
			for i := range letters {
				letters[i] = true
			}
		}
		for i := 4; i < len(sample); i++ {
			letters[i] = letters[i] && sample[i] >= 'A' && sample[i] <= 'Z'
		}
	}
	return letters, nil
}

// randomIBAN draws a valid IBAN of country from r.
func randomIBAN(r *rand.Rand, country string, letters []bool) (string, error) {
	b := make([]byte, len(letters))
	copy(b, country+"00")
	for i := 4; i < len(b); i++ {
		if letters[i] {
			b[i] = byte('A' + r.IntN(26))
		} else {
			b[i] = byte('0' + r.IntN(10))
		}
	}
	return iban.ReplaceChecksum(string(b))
}

// variedPhone keeps the example number's prefix, which makes it valid, and varies its last four digits.
func variedPhone(example *phonenumbers.PhoneNumber, i int) string {
	e164 := phonenumbers.Format(example, phonenumbers.E164)
	return fmt.Sprintf("%s%04d", e164[:len(e164)-4], i%10000)
}

func issuer(cc string) string {
	if cc == "DE" {
		return "D"
	}
	return map[string]string{"PL": "POL", "FR": "FRA", "ES": "ESP", "IT": "ITA", "NL": "NLD", "PT": "PRT",
		"SE": "SWE", "IE": "IRL", "BE": "BEL", "CZ": "CZE", "RO": "ROU"}[cc]
}
