package enrich

import (
	"github.com/nyaruka/phonenumbers"

	"github.com/vigil-sec/vigil"
)

// Line types PhoneInfo reports, as libphonenumber classifies numbers.
const (
	LineMobile         = "mobile"
	LineFixed          = "fixed_line"
	LineFixedOrMobile  = "fixed_line_or_mobile" // the numbering plan does not tell them apart (US, CA …)
	LineVoIP           = "voip"
	LineTollFree       = "toll_free"
	LinePremiumRate    = "premium_rate"
	LineSharedCost     = "shared_cost"
	LinePersonalNumber = "personal_number" // a number that forwards to another (UK 070, …)
	LineUAN            = "uan"             // universal access number, usually a company's
	LinePager          = "pager"
	LineVoicemail      = "voicemail"
	LineUnknown        = "unknown"
)

var lineTypes = map[phonenumbers.PhoneNumberType]string{
	phonenumbers.MOBILE:               LineMobile,
	phonenumbers.FIXED_LINE:           LineFixed,
	phonenumbers.FIXED_LINE_OR_MOBILE: LineFixedOrMobile,
	phonenumbers.VOIP:                 LineVoIP,
	phonenumbers.TOLL_FREE:            LineTollFree,
	phonenumbers.PREMIUM_RATE:         LinePremiumRate,
	phonenumbers.SHARED_COST:          LineSharedCost,
	phonenumbers.PERSONAL_NUMBER:      LinePersonalNumber,
	phonenumbers.UAN:                  LineUAN,
	phonenumbers.PAGER:                LinePager,
	phonenumbers.VOICEMAIL:            LineVoicemail,
	phonenumbers.UNKNOWN:              LineUnknown,
}

// PhoneInfo is what the numbering plan says about a phone number.
type PhoneInfo struct {
	// E164 is the number in E.164 form; set whenever it could be parsed, even when it is not Valid.
	E164 string
	// Valid reports whether the number fits an assigned range of its country's numbering plan.
	Valid bool
	// Region is the ISO 3166-1 alpha-2 code of the country the number belongs to; "" when the number is
	// non-geographic (+800, +882, +883 …) or its country cannot be told.
	Region string
	// LineType is one of the Line… constants; LineUnknown for numbers that are not Valid.
	LineType string
	// Err is why the input could not be read as a phone number at all; the other fields are then empty.
	Err error
}

// Phone reads raw as vigil.ParsePhone does (a number without an international prefix is read in
// defaultRegion, alpha-2) and describes it. It never fails: a number that cannot be parsed has Err set.
func Phone(raw, defaultRegion string) PhoneInfo {
	num, err := vigil.ParsePhone(raw, defaultRegion)
	if err != nil {
		return PhoneInfo{LineType: LineUnknown, Err: err}
	}
	info := PhoneInfo{
		E164:     phonenumbers.Format(num, phonenumbers.E164),
		Valid:    phonenumbers.IsValidNumber(num),
		LineType: LineUnknown,
	}
	region := phonenumbers.GetRegionCodeForNumber(num)
	if region == "" {
		// An invalid number of a calling code shared by several countries (+1, +7, +44 …) cannot be placed
		// by its digits; only a calling code of exactly one country still tells where it is from.
		if regions := phonenumbers.GetRegionCodesForCountryCode(int(num.GetCountryCode())); len(regions) == 1 {
			region = regions[0]
		}
	}
	if cc, ok := vigil.CountryCode(region); ok {
		info.Region = cc
	}
	if info.Valid {
		if t, ok := lineTypes[phonenumbers.GetNumberType(num)]; ok {
			info.LineType = t
		}
	}
	return info
}
