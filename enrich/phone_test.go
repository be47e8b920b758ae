package enrich

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestPhone(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		region  string
		want    PhoneInfo
		wantErr bool
	}{
		{"PL mobile international", "+48 512 345 678", "", PhoneInfo{E164: "+48512345678", Valid: true, Region: "PL", LineType: LineMobile}, false},
		{"PL mobile national read in residence", "512 345 678", "PL", PhoneInfo{E164: "+48512345678", Valid: true, Region: "PL", LineType: LineMobile}, false},
		{"00 prefix", "0048 512 345 678", "DE", PhoneInfo{E164: "+48512345678", Valid: true, Region: "PL", LineType: LineMobile}, false},
		{"region in lower case", "0151 23456789", "de", PhoneInfo{E164: "+4915123456789", Valid: true, Region: "DE", LineType: LineMobile}, false},
		{"GB fixed line", "+44 20 7946 0018", "", PhoneInfo{E164: "+442079460018", Valid: true, Region: "GB", LineType: LineFixed}, false},
		{"GB personal number", "+44 7000 123456", "", PhoneInfo{E164: "+447000123456", Valid: true, Region: "GB", LineType: LinePersonalNumber}, false},
		{"GB voip", "+44 56 1234 5678", "", PhoneInfo{E164: "+445612345678", Valid: true, Region: "GB", LineType: LineVoIP}, false},
		{"GB uan", "+44 5512 345678", "", PhoneInfo{E164: "+445512345678", Valid: true, Region: "GB", LineType: LineUAN}, false},
		{"GB premium", "+44 909 876 5432", "", PhoneInfo{E164: "+449098765432", Valid: true, Region: "GB", LineType: LinePremiumRate}, false},
		{"GB toll free", "+44 800 123 4567", "", PhoneInfo{E164: "+448001234567", Valid: true, Region: "GB", LineType: LineTollFree}, false},
		{"US cannot tell fixed from mobile", "+1 650 253 0000", "", PhoneInfo{E164: "+16502530000", Valid: true, Region: "US", LineType: LineFixedOrMobile}, false},
		{"DPRK fixed line", "+850 2 381 2345", "", PhoneInfo{E164: "+85023812345", Valid: true, Region: "KP", LineType: LineFixed}, false},
		{"non-geographic toll free", "+800 1234 5678", "", PhoneInfo{E164: "+80012345678", Valid: true, Region: "", LineType: LineTollFree}, false},
		{"non-geographic iNum voip", "+883 5100 1234 5678", "", PhoneInfo{E164: "+883510012345678", Valid: true, Region: "", LineType: LineVoIP}, false},
		{"too short for its country", "+48 123", "", PhoneInfo{E164: "+48123", Valid: false, Region: "PL", LineType: LineUnknown}, false},
		{"invalid in a shared calling code", "+1 999 999 9999", "", PhoneInfo{E164: "+19999999999", Valid: false, Region: "", LineType: LineUnknown}, false},
		{"letters", "call me", "", PhoneInfo{LineType: LineUnknown}, true},
		{"empty", "", "PL", PhoneInfo{LineType: LineUnknown}, true},
		{"overlong", "+48 512 345 678 512 345 678 512 345 678 512", "", PhoneInfo{LineType: LineUnknown}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Phone(tt.raw, tt.region)
			if (got.Err != nil) != tt.wantErr {
				t.Fatalf("Phone(%q, %q).Err = %v, want error %v", tt.raw, tt.region, got.Err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(PhoneInfo{}, "Err")); diff != "" {
				t.Errorf("Phone(%q, %q) mismatch (-want +got):\n%s", tt.raw, tt.region, diff)
			}
		})
	}
}

func FuzzPhone(f *testing.F) {
	for _, s := range []string{"+48 512 345 678", "512 345 678", "0048", "+", "+800 1234 5678", "x123", "(0) 20 7946 0018 ext. 5"} {
		f.Add(s, "PL")
		f.Add(s, "")
	}
	f.Fuzz(func(t *testing.T, raw, region string) {
		info := Phone(raw, region)
		if info.Err != nil && (info.E164 != "" || info.Valid || info.Region != "") {
			t.Errorf("Phone(%q, %q) = %+v: facts despite an error", raw, region, info)
		}
		if !info.Valid && info.LineType != LineUnknown {
			t.Errorf("Phone(%q, %q) = %+v: a line type for an invalid number", raw, region, info)
		}
		if info.Region != "" && len(info.Region) != 2 {
			t.Errorf("Phone(%q, %q).Region = %q, not alpha-2", raw, region, info.Region)
		}
	})
}

func ExamplePhone() {
	for _, raw := range []string{"+44 7000 123456", "512 345 678"} {
		info := Phone(raw, "PL")
		fmt.Println(info.E164, info.Valid, info.Region, info.LineType)
	}
	// Output:
	// +447000123456 true GB personal_number
	// +48512345678 true PL mobile
}
