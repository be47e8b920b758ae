package vigil

import (
	"context"
	"time"
)

// SubjectKind says how the organisation deals with a person.
type SubjectKind string

// Subject kinds.
const (
	KindCandidate      SubjectKind = "candidate"
	KindEmployee       SubjectKind = "employee"
	KindContractor     SubjectKind = "contractor"
	KindFormerEmployee SubjectKind = "former_employee"
)

// Subject is a person the organisation deals with, exactly as the subject document of ARCHITECTURE.md: the JSON
// that `vigil screen` and POST /api/v1/subjects accept. Every field but Name is optional. Every string in it may
// have been written by an adversary; Validate bounds and checks all of them.
type Subject struct {
	ID            string        `json:"id,omitempty"`
	Kind          SubjectKind   `json:"kind,omitempty"`
	Name          string        `json:"name"`
	OtherNames    []string      `json:"other_names,omitempty"`
	BirthDate     string        `json:"birth_date,omitempty"`
	Nationalities []string      `json:"nationalities,omitempty"`
	Residence     *Residence    `json:"residence,omitempty"`
	Emails        []string      `json:"emails,omitempty"`
	Phones        []string      `json:"phones,omitempty"`
	Addresses     []Address     `json:"addresses,omitempty"`
	Documents     []Document    `json:"documents,omitempty"`
	BankAccounts  []BankAccount `json:"bank_accounts,omitempty"`
	Wallets       []Wallet      `json:"wallets,omitempty"`
	Profiles      []Profile     `json:"profiles,omitempty"`
	Languages     []string      `json:"languages,omitempty"`
	Accounts      []Account     `json:"accounts,omitempty"`
	Devices       []Device      `json:"devices,omitempty"`
	Application   *Application  `json:"application,omitempty"`
	Skills        []Skill       `json:"skills,omitempty"`
	Employment    []Employment  `json:"employment,omitempty"`
	Hired         *string       `json:"hired"`
	Left          *string       `json:"left"`

	// Kept by the store, not part of the document. ScreenedAt is the as-of time of the last screening.
	CreatedAt  time.Time `json:"-"`
	UpdatedAt  time.Time `json:"-"`
	ScreenedAt time.Time `json:"-"`
}

// Residence is where the person says they live.
type Residence struct {
	Country  string `json:"country,omitempty"`
	City     string `json:"city,omitempty"`
	Timezone string `json:"timezone,omitempty"`
}

// Address uses.
const (
	AddressHome     = "home"
	AddressShipping = "shipping"
	AddressMailing  = "mailing"
	AddressWork     = "work"
	AddressOther    = "other"
)

// Address is a postal address; Use says what the person gave it for. A shipping address that differs from home
// is where laptop-farm facilitators receive company equipment.
type Address struct {
	Use      string `json:"use,omitempty"`
	Line     string `json:"line,omitempty"`
	City     string `json:"city,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	Country  string `json:"country,omitempty"`
}

// Document types.
const (
	DocPassport        = "passport"
	DocNationalID      = "national_id"
	DocResidencePermit = "residence_permit"
	DocDriversLicense  = "drivers_license"
	DocVisa            = "visa"
	DocOther           = "other"
)

// Document is an identity document. Issuer is an ICAO 9303 code ("POL", "D" for Germany, "GBD"), not ISO 3166.
type Document struct {
	Type    string `json:"type,omitempty"`
	Number  string `json:"number,omitempty"`
	Issuer  string `json:"issuer,omitempty"`
	Expires string `json:"expires,omitempty"`
	MRZ     string `json:"mrz,omitempty"`
}

// BankAccount is where the person is paid.
type BankAccount struct {
	IBAN   string `json:"iban,omitempty"`
	BIC    string `json:"bic,omitempty"`
	Holder string `json:"holder,omitempty"`
}

// Wallet is a digital-currency address; Chain is the asset code as OFAC writes it (ETH, XBT, USDT, TRX …).
type Wallet struct {
	Chain   string `json:"chain,omitempty"`
	Address string `json:"address,omitempty"`
}

// Profile is a public profile (code hosting, professional network, portfolio).
type Profile struct {
	URL     string `json:"url,omitempty"`
	Created string `json:"created,omitempty"`
}

// Account is an account in one of the organisation's systems; telemetry finds its subject through it.
type Account struct {
	System   string `json:"system,omitempty"`
	ID       string `json:"id,omitempty"`
	Username string `json:"username,omitempty"`
}

// Device is a device the person uses for work.
type Device struct {
	ID      string `json:"id,omitempty"`
	Serial  string `json:"serial,omitempty"`
	Managed *bool  `json:"managed,omitempty"`
}

// Application is how a candidate applied.
type Application struct {
	Received   string `json:"received,omitempty"`
	IP         string `json:"ip,omitempty"`
	Channel    string `json:"channel,omitempty"`
	ResumeText string `json:"resume_text,omitempty"`
	PhotoPHash string `json:"photo_phash,omitempty"`
}

// Skill is a claimed skill with years of experience.
type Skill struct {
	Name  string   `json:"name,omitempty"`
	Years *float64 `json:"years,omitempty"`
}

// Employment is one entry of the stated work history.
type Employment struct {
	Employer  string     `json:"employer,omitempty"`
	Title     string     `json:"title,omitempty"`
	From      string     `json:"from,omitempty"`
	To        string     `json:"to,omitempty"`
	Reference *Reference `json:"reference,omitempty"`
}

// Reference is a referee named for an employment.
type Reference struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Names returns the subject's name followed by its other names, skipping empty ones.
func (s *Subject) Names() []string {
	names := make([]string, 0, 1+len(s.OtherNames))
	if s.Name != "" {
		names = append(names, s.Name)
	}
	for _, n := range s.OtherNames {
		if n != "" {
			names = append(names, n)
		}
	}
	return names
}

// SubjectFilter selects stored subjects. Pointer fields filter when set.
type SubjectFilter struct {
	ID            *string
	Kind          *SubjectKind
	Name          *string    // case-insensitive substring of the primary name
	UpdatedBefore *time.Time // age, for retention
	UpdatedAfter  *time.Time

	Offset int
	Limit  int
}

// SubjectService stores subjects. All methods are for authenticated users; the HTTP layer enforces that.
type SubjectService interface {
	// FindSubjectByID returns one subject. ENOTFOUND if there is none.
	FindSubjectByID(ctx context.Context, id string) (*Subject, error)

	// FindSubjects returns the subjects matching filter, ordered by ID, and the total number that match
	// ignoring Offset and Limit.
	FindSubjects(ctx context.Context, filter SubjectFilter) ([]*Subject, int, error)

	// FindLinks returns, for each of idents, the other subjects (not excludeID) that hold the same canonical
	// identifier, ordered by kind, value, then subject ID: at most MaxLinksPerIdentifier of them per identifier,
	// each Link carrying in Holders how many there are in all. It is how shared phones, accounts and addresses
	// are found across the store; the cap keeps a value that hundreds share (an agency's phone) cheap.
	FindLinks(ctx context.Context, excludeID string, idents []Identifier) ([]*Link, error)

	// FindSubjectsNaming returns the other subjects whose findings name the given one in their evidence
	// (vigil.EvidenceSubject), ordered by ID: those to screen again when a link to it ends.
	FindSubjectsNaming(ctx context.Context, id string) ([]string, error)

	// DeleteSubject erases a subject and everything stored about it (identifiers, findings, cases, decisions,
	// and other subjects' findings that name it); the audit log keeps that actor erased the subject, without
	// its data. It returns the other subjects whose findings it deleted, to be screened again. ENOTFOUND if
	// there is none.
	DeleteSubject(ctx context.Context, id string, actor string) (affected []string, err error)
}

// Link is another stored subject that shares an identifier.
type Link struct {
	Identifier Identifier `json:"identifier"`
	SubjectID  string     `json:"subject_id"`
	Name       string     `json:"name"`
	BirthDate  string     `json:"birth_date,omitempty"`
	Field      string     `json:"field"`         // where the other subject holds it, e.g. "bank_accounts[0].iban"
	Use        string     `json:"use,omitempty"` // the other subject's use of a shared address
	// Holders is how many other subjects hold the identifier, of whom FindLinks returns at most
	// MaxLinksPerIdentifier.
	Holders int `json:"holders"`
}

// MaxLinksPerIdentifier bounds the other subjects FindLinks returns for one identifier.
const MaxLinksPerIdentifier = 25
