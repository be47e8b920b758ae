package vigil_test

import (
	"strings"
	"testing"

	"github.com/vigil-sec/vigil"
)

func TestCanonicalPhone(t *testing.T) {
	tests := []struct {
		name, raw, region, want string
		ok                      bool
	}{
		{"International", "+48 512 345 678", "", "+48512345678", true},
		{"NationalWithRegion", "512 345 678", "PL", "+48512345678", true},
		{"DoubleZeroPrefix", "0048 512-345-678", "DE", "+48512345678", true},
		{"OFACDigitsWithoutPlus", "8613621583465", "", "+8613621583465", true},
		{"DPRKNumber", "850 2 381 8221", "", "+85023818221", true},
		{"Letters", "call me", "PL", "", false},
		{"Empty", "", "PL", "", false},
		{"TooLong", strings.Repeat("1", 100), "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := vigil.CanonicalPhone(tt.raw, tt.region)
			if (err == nil) != tt.ok {
				t.Fatalf("CanonicalPhone(%q, %q) error = %v, want ok=%v", tt.raw, tt.region, err, tt.ok)
			}
			if got != tt.want {
				t.Errorf("CanonicalPhone(%q, %q) = %q, want %q", tt.raw, tt.region, got, tt.want)
			}
		})
	}
}

func TestCanonicalEmail(t *testing.T) {
	tests := []struct {
		name, raw, want string
		ok              bool
	}{
		{"LowerCase", "M.Nowak.Dev@Example.COM", "m.nowak.dev@example.com", true},
		{"GmailDotsAndTag", "Kim.Hyon.U+jobs@gmail.com", "kimhyonu@gmail.com", true},
		{"Googlemail", "kimhyonu@googlemail.com", "kimhyonu@gmail.com", true},
		{"OutlookTagKeepsDots", "a.b+x@outlook.com", "a.b@outlook.com", true},
		{"ProtonDomains", "dev+1@protonmail.com", "dev@proton.me", true},
		{"OtherDomainKeepsTag", "a+b@example.org", "a+b@example.org", true},
		{"IDNDomain", "jan@żółw.pl", "jan@xn--w-uga1v8h.pl", true},
		{"NoAt", "nobody.example.com", "", false},
		{"NoDomainDot", "a@localhost", "", false},
		{"SpaceInLocal", "a b@example.com", "", false},
		{"ControlChar", "a\x1b@example.com", "", false},
		{"OnlyTag", "+x@gmail.com", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := vigil.CanonicalEmail(tt.raw)
			if (err == nil) != tt.ok {
				t.Fatalf("CanonicalEmail(%q) error = %v, want ok=%v", tt.raw, err, tt.ok)
			}
			if got != tt.want {
				t.Errorf("CanonicalEmail(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

func TestCanonicalIBAN(t *testing.T) {
	tests := []struct {
		name, raw, want string
		ok              bool
	}{
		{"Compact", "PL61109010140000071219812874", "PL61109010140000071219812874", true},
		{"PaperFormat", "pl61 1090 1014 0000 0712 1981 2874", "PL61109010140000071219812874", true},
		{"German", "DE89 3704 0044 0532 0130 00", "DE89370400440532013000", true},
		{"BadCheckDigits", "PL62109010140000071219812874", "", false},
		{"Punctuation", "PL61<script>", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := vigil.CanonicalIBAN(tt.raw)
			if (err == nil) != tt.ok {
				t.Fatalf("CanonicalIBAN(%q) error = %v, want ok=%v", tt.raw, err, tt.ok)
			}
			if got != tt.want {
				t.Errorf("CanonicalIBAN(%q) = %q, want %q", tt.raw, got, tt.want)
			}
		})
	}
}

func TestCanonicalWalletAndDocument(t *testing.T) {
	w, err := vigil.CanonicalWallet("0x098B716B8Aaf21512996dC57EB0615e2383E2f96")
	if err != nil || w != "0x098b716b8aaf21512996dc57eb0615e2383e2f96" {
		t.Errorf("hex wallet = %q, %v", w, err)
	}
	b58 := "134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak"
	if w, err := vigil.CanonicalWallet(b58); err != nil || w != b58 {
		t.Errorf("base58 wallet must keep its case: %q, %v", w, err)
	}
	if w, err := vigil.CanonicalWallet("BC1Q9D4YWGFND8H43DA5TPCXCN6AJV590CG6D3TG6A"); err != nil || w != "bc1q9d4ywgfnd8h43da5tpcxcn6ajv590cg6d3tg6a" {
		t.Errorf("bech32 wallet = %q, %v", w, err)
	}
	if _, err := vigil.CanonicalWallet("0x12"); err == nil {
		t.Error("a short wallet must be rejected")
	}
	d, err := vigil.CanonicalDocument("prk", "381 420-754")
	if err != nil || d != "PRK:381420754" {
		t.Errorf("document = %q, %v", d, err)
	}
	if _, err := vigil.CanonicalDocumentNumber("AB<script>"); err == nil {
		t.Error("markup in a document number must be rejected")
	}
}

func TestCountryCodes(t *testing.T) {
	tests := []struct {
		code, want string
		ok         bool
	}{
		{"PL", "PL", true}, {"pol", "PL", true}, {"PRK", "KP", true}, {"XK", "XK", true},
		{"EU", "", false}, {"ZZ", "", false}, {"D", "", false}, {"", "", false}, {"P1", "", false},
		{"YU", "", false}, {"CS", "", false}, {"SUN", "", false}, {"DD", "", false}, {"AN", "", false}, {"BU", "MM", true},
	}
	for _, tt := range tests {
		got, ok := vigil.CountryCode(tt.code)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CountryCode(%q) = %q, %v; want %q, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
	issuers := []struct {
		code, want string
		known      bool
	}{
		{"POL", "PL", true}, {"D", "DE", true}, {"DEU", "DE", true}, {"GBD", "GB", true}, {"PRK", "KP", true},
		{"UNO", "", true}, {"XXA", "", true}, {"PL", "", false}, {"QQQ", "", false},
	}
	for _, tt := range issuers {
		got, known := vigil.IssuerCountry(tt.code)
		if got != tt.want || known != tt.known {
			t.Errorf("IssuerCountry(%q) = %q, %v; want %q, %v", tt.code, got, known, tt.want, tt.known)
		}
	}
}

func TestSubjectIdentifiers(t *testing.T) {
	s := &vigil.Subject{
		Name:         "Mateusz Nowak",
		Residence:    &vigil.Residence{Country: "PL"},
		Phones:       []string{"512 345 678", "+48 512-345-678", "not a phone"},
		Emails:       []string{"M.Nowak@gmail.com"},
		BankAccounts: []vigil.BankAccount{{IBAN: "PL61 1090 1014 0000 0712 1981 2874"}},
		Documents:    []vigil.Document{{Type: "passport", Number: "ea 1234567", Issuer: "POL"}},
		Addresses:    []vigil.Address{{Use: "shipping", Line: "ul. Długa 5", City: "Kraków", Postcode: "31-147", Country: "PL"}},
	}
	got := s.Identifiers()
	want := map[vigil.IdentifierKind]string{
		vigil.IdentPhone:    "+48512345678",
		vigil.IdentEmail:    "mnowak@gmail.com",
		vigil.IdentIBAN:     "PL61109010140000071219812874",
		vigil.IdentDocument: "POL:EA1234567",
		vigil.IdentAddress:  "PL|31147|ulica dluga 5|krakow",
	}
	if len(got) != len(want) {
		t.Fatalf("Identifiers() = %+v; want one of each of %v (the two phone spellings are one number)", got, want)
	}
	for _, id := range got {
		if want[id.Kind] != id.Value {
			t.Errorf("identifier %s = %q, want %q", id.Kind, id.Value, want[id.Kind])
		}
	}
}

func TestCanonicalAddress(t *testing.T) {
	same := [][2]vigil.Address{
		{{Line: "1200 Example Ave., Apt. 4", City: "Tucson", Postcode: "85701", Country: "US"},
			{Line: "1200 Example Avenue, Apt 4", City: "TUCSON", Postcode: "85701", Country: "USA"}},
		{{Line: "Hauptstr. 5", City: "München", Postcode: "80331", Country: "DE"},
			{Line: "Hauptstraße 5", City: "Munchen", Postcode: "80331", Country: "DE"}},
		{{Line: "ul. Długa 5", City: "Kraków", Postcode: "31-147", Country: "PL"},
			{Line: "Ulica Dluga 5", City: "Krakow", Postcode: "31147", Country: "PL"}},
	}
	for _, pair := range same {
		a, errA := vigil.CanonicalAddress(pair[0])
		b, errB := vigil.CanonicalAddress(pair[1])
		if errA != nil || errB != nil || a != b {
			t.Errorf("%+v and %+v should be one address: %q (%v) vs %q (%v)", pair[0], pair[1], a, errA, b, errB)
		}
	}
	a, _ := vigil.CanonicalAddress(vigil.Address{Line: "1200 Example Avenue", City: "Tucson", Postcode: "85701", Country: "US"})
	b, _ := vigil.CanonicalAddress(vigil.Address{Line: "1202 Example Avenue", City: "Tucson", Postcode: "85701", Country: "US"})
	if a == b {
		t.Error("different house numbers are different addresses")
	}
	if _, err := vigil.CanonicalAddress(vigil.Address{City: "Tucson"}); err == nil {
		t.Error("a city alone identifies no place")
	}
}

func TestQuoteAndClean(t *testing.T) {
	tests := []struct {
		name, in      string
		max           int
		quoteN, clean string
	}{
		{"Plain", "Łukasz 김정은", 100, `"Łukasz 김정은"`, "Łukasz 김정은"},
		{"Controls", "A\x1b[31mB\u202eC", 100, `"A\x1b[31mB\u202eC"`, `A\u001b[31mB\u202eC`},
		{"InvalidUTF8", "A\xffB", 100, "\"A\uFFFDB\"", `A\ufffdB`},
		{"Long", strings.Repeat("ab", 10), 8, `"abababab"… (20 bytes)`, `abababab… (12 more bytes)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := vigil.QuoteN(tt.in, tt.max); got != tt.quoteN {
				t.Errorf("QuoteN = %s, want %s", got, tt.quoteN)
			}
			if got := vigil.Clean(tt.in, tt.max); got != tt.clean {
				t.Errorf("Clean = %s, want %s", got, tt.clean)
			}
		})
	}
}
