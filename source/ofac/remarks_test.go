package ofac

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/vigil-sec/vigil"
	"github.com/vigil-sec/vigil/internal/shareddata"
)

func TestParseRemarks(t *testing.T) {
	tests := []struct {
		name     string
		remarks  string
		person   bool
		maybeCut bool
		want     remarks
	}{
		{
			name:    "PaekChangHo",
			remarks: "DOB 18 Jun 1964; POB Kaesong, DPRK; Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210; Passport 381420754 issued 07 Dec 2011 expires 07 Dec 2016.",
			person:  true,
			want: remarks{
				birthDates:  []vigil.BirthDate{{Date: "1964-06-18"}},
				birthPlaces: []string{"Kaesong, DPRK"},
				identifiers: []vigil.EntryIdentifier{{Kind: vigil.IdentDocument, Value: ":381420754", Raw: "381420754", Type: "Passport"}},
			},
		},
		{
			name:    "PassportWithIssuer",
			remarks: "nationality Korea, North; Gender Male; Passport 836420187 (Korea, North) expires 21 Jun 2027; alt. Passport 745120399 (Germany).",
			person:  true,
			want: remarks{
				nationalities: []string{"KP"},
				gender:        "male",
				identifiers: []vigil.EntryIdentifier{
					{Kind: vigil.IdentDocument, Value: "PRK:836420187", Raw: "836420187", Type: "Passport", Issuer: "KP"},
					{Kind: vigil.IdentDocument, Value: "D:745120399", Raw: "745120399", Type: "Passport", Issuer: "DE"},
				},
			},
		},
		{
			name:    "BirthDateForms",
			remarks: "DOB circa 1947; alt. DOB 1960 to 1962; alt. DOB Aug 1960; alt. DOB 01 Jan 1977 to 31 Dec 1985; alt. DOB circa 1979-1982; alt. DOB Mar 1962 to Feb 1963; alt. DOB circa 07 Jul 1966.",
			person:  true,
			want: remarks{birthDates: []vigil.BirthDate{
				{Date: "1947", Circa: true},
				{Date: "1960", To: "1962"},
				{Date: "1960-08"},
				{Date: "1977-01-01", To: "1985-12-31"},
				{Date: "1979", To: "1982", Circa: true},
				{Date: "1962-03", To: "1963-02"},
				{Date: "1966-07-07", Circa: true},
			}},
		},
		{
			name:    "ImpossibleDatesAreSkipped",
			remarks: "DOB 31 Feb 1964; DOB 1962 to 1960; DOB Foo 1960; DOB 12345.",
			person:  true,
			want:    remarks{},
		},
		{
			name:    "ContactIdentifiers",
			remarks: "Email Address 417136259@qq.com; Phone Number 8613621583465; Telephone (98)(21)(66153220); PHONE 850 2 381 8208/4188; Telephone No. 009613679153; Website http://www.Example.COM/; Digital Currency Address - XBT bc1QV7K70U2ZYNVEM59U88CTDLAW7HC735D8XEP9RQ; alt. Digital Currency Address - ETH 0x098B716B8Aaf21512996dC57EB0615e2383E2f96.",
			want: remarks{identifiers: []vigil.EntryIdentifier{
				{Kind: vigil.IdentEmail, Value: "417136259@qq.com", Raw: "417136259@qq.com", Type: "Email Address"},
				{Kind: vigil.IdentPhone, Value: "+8613621583465", Raw: "8613621583465", Type: "Phone Number"},
				{Kind: vigil.IdentPhone, Value: "+982166153220", Raw: "(98)(21)(66153220)", Type: "Telephone"},
				{Kind: vigil.IdentPhone, Value: "+85023818208", Raw: "850 2 381 8208", Type: "PHONE"},
				{Kind: vigil.IdentPhone, Value: "+9613679153", Raw: "009613679153", Type: "Telephone No."},
				{Kind: vigil.IdentWebsite, Value: "example.com", Raw: "http://www.Example.COM/", Type: "Website"},
				{Kind: vigil.IdentWallet, Value: "bc1qv7k70u2zynvem59u88ctdlaw7hc735d8xep9rq", Raw: "bc1QV7K70U2ZYNVEM59U88CTDLAW7HC735D8XEP9RQ", Type: "Digital Currency Address - XBT", Chain: "XBT"},
				{Kind: vigil.IdentWallet, Value: "0x098b716b8aaf21512996dc57eb0615e2383e2f96", Raw: "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", Type: "Digital Currency Address - ETH", Chain: "ETH"},
			}},
		},
		{
			name:    "NationalIDs",
			remarks: "National ID No. 005-156675-3 (Iran); Identification Number 321284198607120616 (China); Identification Number IMO 5342883; National ID No. 12/SAKHANA(N)062210 (Burma); Registration Number HRA 738077 (Stuttgart) (Germany); Passport D000000483, Diplomatic (Syria).",
			person:  true,
			want: remarks{identifiers: []vigil.EntryIdentifier{
				{Kind: vigil.IdentDocument, Value: "IRN:0051566753", Raw: "005-156675-3", Type: "National ID No.", Issuer: "IR"},
				{Kind: vigil.IdentDocument, Value: "CHN:321284198607120616", Raw: "321284198607120616", Type: "Identification Number", Issuer: "CN"},
				{Kind: vigil.IdentDocument, Value: "MMR:12SAKHANAN062210", Raw: "12/SAKHANA(N)062210", Type: "National ID No.", Issuer: "MM"},
				{Kind: vigil.IdentDocument, Value: "SYR:D000000483", Raw: "D000000483", Type: "Passport", Issuer: "SY"},
			}},
		},
		{
			name:    "TaxIDOnlyForPeople",
			remarks: "Tax ID No. 7743028263 (Russia); Registration Number 1037700057780 (Russia).",
			person:  false,
			want:    remarks{},
		},
		{
			name:    "WeakAliases",
			remarks: "a.k.a. 'HIDDEN COBRA'; f.k.a. 'OFFICE 91'; n.k.a. 'AL-QA'IDA'; a.k.a. 'hidden cobra'; a.k.a. ''; a.k.a. 'unterminated.",
			want: remarks{aliases: []vigil.Alias{
				{Name: "HIDDEN COBRA", Type: "aka", Weak: true},
				{Name: "OFFICE 91", Type: "fka", Weak: true},
				{Name: "AL-QA'IDA", Type: "nka", Weak: true},
			}},
		},
		{
			name:    "SemicolonWithoutSpace",
			remarks: "nationality possibly Palestinian;arrested 23 Apr 2002; a.k.a. 'NOOR'.",
			person:  true,
			want: remarks{
				nationalities: []string{"PS"},
				aliases:       []vigil.Alias{{Name: "NOOR", Type: "aka", Weak: true}},
			},
		},
		{
			name:    "TruncatedWallet",
			remarks: "Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h; alt. Digital Currency Address - XBT 3F6bbvS1krsc1qR8FsbTDfYQyvkMm",
			want: remarks{
				identifiers: []vigil.EntryIdentifier{{Kind: vigil.IdentWallet, Value: "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h", Raw: "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h", Type: "Digital Currency Address - XBT", Chain: "XBT"}},
				truncated:   "alt. Digital Currency Address - XBT 3F6bbvS1krsc1qR8FsbTDfYQyvkMm",
			},
		},
		{
			name:    "TruncatedAlias",
			remarks: "a.k.a. 'tianyinyin0404'; a.k.a. 'snowsjo",
			want: remarks{
				aliases:   []vigil.Alias{{Name: "tianyinyin0404", Type: "aka", Weak: true}},
				truncated: "a.k.a. 'snowsjo",
			},
		},
		{
			name:     "CutAtAPeriod",
			remarks:  "Email Address a@example.com; Transactions Prohibited For Persons Owned or Controlled By U.S. ",
			maybeCut: true,
			want: remarks{
				identifiers: []vigil.EntryIdentifier{{Kind: vigil.IdentEmail, Value: "a@example.com", Raw: "a@example.com", Type: "Email Address"}},
				truncated:   "Transactions Prohibited For Persons Owned or Controlled By U.S.",
			},
		},
		{
			name:    "CutAfterSemicolonKeepsLastItem",
			remarks: "Digital Currency Address - XBT 18yWCu6agTxYqAerMxiz9sgHrK3ViezzGa;",
			want:    remarks{identifiers: []vigil.EntryIdentifier{{Kind: vigil.IdentWallet, Value: "18yWCu6agTxYqAerMxiz9sgHrK3ViezzGa", Raw: "18yWCu6agTxYqAerMxiz9sgHrK3ViezzGa", Type: "Digital Currency Address - XBT", Chain: "XBT"}}},
		},
		{
			name:    "InvalidIdentifiersAreSkipped",
			remarks: "Phone Number 09 738 27777; Email Address not-an-email; Digital Currency Address - XBT short; Passport issued in Sarajevo.",
			person:  true,
			want: remarks{skipped: []string{
				"Phone Number 09 738 27777", "Email Address not-an-email", "Digital Currency Address - XBT short", "Passport issued in Sarajevo",
			}},
		},
		{
			name:    "UnknownCountry",
			remarks: "nationality Atlantis; citizen Korea, North.",
			person:  true,
			want:    remarks{nationalities: []string{"KP"}, unresolved: []string{"Atlantis"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseRemarks(tt.remarks, tt.person, tt.maybeCut)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(remarks{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("parseRemarks(%q) mismatch (-want +got):\n%s", tt.remarks, diff)
			}
		})
	}
}

func TestSplitCityLine(t *testing.T) {
	tests := []struct {
		in                     string
		city, region, postcode string
	}{
		{"Moscow 129626", "Moscow", "", "129626"},
		{"Guadalajara, Jalisco 44600", "Guadalajara", "Jalisco", "44600"},
		{"London W1K 4QX", "London", "", "W1K 4QX"},
		{"Tucson, AZ 85701", "Tucson", "AZ", "85701"},
		{"Zurich CH-8022", "Zurich", "", "CH-8022"},
		{"Shenyang, Liaoning", "Shenyang", "Liaoning", ""},
		{"Huizhou City, Guangdong Province 516001", "Huizhou City", "Guangdong Province", "516001"},
		{"Amsterdam 1012 AB", "Amsterdam", "", "1012 AB"},
		{"Dubai", "Dubai", "", ""},
		{"Hong Kong Island", "Hong Kong Island", "", ""},
		{"Moscow, 129626", "Moscow", "", "129626"},
		{"Tehran 13999-39711", "Tehran", "", "13999-39711"},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			city, region, postcode := splitCityLine(tt.in)
			if city != tt.city || region != tt.region || postcode != tt.postcode {
				t.Errorf("splitCityLine(%q) = %q, %q, %q; want %q, %q, %q", tt.in, city, region, postcode, tt.city, tt.region, tt.postcode)
			}
		})
	}
}

// FuzzRemarks checks that no remarks text makes the parser panic, emit an identifier that is not canonical, or
// read a truncated item.
func FuzzRemarks(f *testing.F) {
	for _, s := range []string{
		"DOB 18 Jun 1964; POB Kaesong, DPRK; Passport 381420754 issued 07 Dec 2011 expires 07 Dec 2016.",
		"a.k.a. 'HIDDEN COBRA'; a.k.a. 'WHOIS HACKIN",
		"Digital Currency Address - ETH 0x098B716B8Aaf21512996dC57EB0615e2383E2f96;",
		"Passport (Korea, North) (; National ID No. ((((; Website http://[::1]:80/x.",
		"DOB circa 1979-1982; DOB 1960 to 1962; DOB 01 Jan 1977 to 31 Dec 1985.",
		"Telephone (98)(21)(66153220); Fax: 0097282858208; Email:adelb@shabakah.net.sa.",
	} {
		f.Add(s, true, false)
	}
	seedFromFile(f, "remarks", func(rec []string) {
		if len(rec) == 12 {
			f.Add(rec[11], rec[2] == "individual", len(rec[11]) >= remarksLimit)
		}
	})
	f.Fuzz(func(t *testing.T, text string, person, maybeCut bool) {
		rm := parseRemarks(text, person, maybeCut)
		for _, id := range rm.identifiers {
			var again string
			var err error
			switch id.Kind {
			case vigil.IdentWallet:
				again, err = vigil.CanonicalWallet(id.Value)
			case vigil.IdentEmail:
				again, err = vigil.CanonicalEmail(id.Value)
			case vigil.IdentPhone:
				again, err = vigil.CanonicalPhone(id.Value, "")
			case vigil.IdentDocument:
				again, err = vigil.CanonicalDocument(id.Value[:strings.IndexByte(id.Value, ':')], vigil.DocumentNumber(id.Value))
			case vigil.IdentWebsite:
				var ok bool
				if again, ok = canonicalWebsite(id.Value); !ok {
					t.Fatalf("website %q is not canonical", id.Value)
				}
			default:
				t.Fatalf("unexpected identifier kind %q", id.Kind)
			}
			if err != nil || again != id.Value {
				t.Fatalf("identifier %+v is not canonical: %q, %v", id, again, err)
			}
			if !strings.Contains(text, id.Raw) {
				t.Fatalf("raw %q of %+v is not in the remarks", id.Raw, id)
			}
		}
		if rm.truncated != "" && strings.HasSuffix(text, ".") && !maybeCut {
			t.Fatalf("complete remarks %q reported as truncated", text)
		}
		for _, d := range rm.birthDates {
			if d.To != "" && d.To < d.Date {
				t.Fatalf("birth date range %+v ends before it starts", d)
			}
		}
		for _, a := range rm.aliases {
			if a.Name == "" || !utf8.ValidString(a.Name) && utf8.ValidString(text) {
				t.Fatalf("bad alias %+v", a)
			}
		}
	})
}

// seedFromFile adds the first rows of the real OFAC sdn.csv (and the DPRK rows) as seeds when the reference
// data is here; fuzz targets keep their hand-written seeds without it.
func seedFromFile(f *testing.F, _ string, add func(rec []string)) {
	dir, _ := shareddata.Dir()
	if dir == "" {
		return
	}
	data, err := os.ReadFile(filepath.Join(dir, "lists", "ofac-sdn-2024-05-03.csv"))
	if err != nil {
		return
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimRight(data, "\x1a")))
	n := 0
	for {
		rec, err := r.Read()
		if err != nil {
			return
		}
		if n < 20 || strings.Contains(rec[3], "DPRK") && n < 400 || len(rec[11]) >= 1000 {
			add(rec)
			n++
		}
	}
}
