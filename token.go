package vigil

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"
)

// Token is an API bearer token of a named user. Only its hash is stored; the secret is shown once.
type Token struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`   // the user it acts as; every decision made with it names this user
	Prefix    string     `json:"prefix"` // the first characters of the secret, to tell tokens apart
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// tokenPrefix marks Vigil tokens so that secret scanners can recognise a leaked one.
const tokenPrefix = "vgl_"

// NewTokenSecret returns a new random token secret and the hash under which it is stored.
func NewTokenSecret() (secret, hash string) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	secret = tokenPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
	return secret, HashToken(secret)
}

// HashToken returns the stored form of a token secret. Secrets are 256 random bits, so a plain SHA-256 is
// enough: there is nothing to brute-force.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// TokenPrefix returns the displayable start of a secret.
func TokenPrefix(secret string) string {
	if len(secret) > 12 {
		return secret[:12]
	}
	return secret
}

// ValidateUserName checks the name a token acts as: letters, digits and . _ - : @, so that a reviewer can be
// named by an email address.
func ValidateUserName(name string) error {
	var v validator
	if name == "" {
		v.add("name", "is required")
	} else {
		v.charset("name", name, 128, func(r rune) bool { return isIDRune(r) || r == '@' }, "letters, digits and . _ - : @")
	}
	return v.err()
}

// TokenService issues, lists, revokes and checks API tokens. Only administrators (the CLI on the server's
// machine) create and revoke tokens.
type TokenService interface {
	// CreateToken stores a token for the named user under hash (see NewTokenSecret). EINVALID for a bad name.
	CreateToken(ctx context.Context, name, prefix, hash string) (*Token, error)

	// FindTokens lists tokens, revoked ones included, oldest first.
	FindTokens(ctx context.Context) ([]*Token, error)

	// RevokeToken revokes the token with the given ID or every active token of the user with that name, and
	// returns how many were revoked. ENOTFOUND if none was active.
	RevokeToken(ctx context.Context, idOrName string) (int, error)

	// AuthenticateToken returns the active token whose secret hashes to hash. EUNAUTHORIZED otherwise.
	AuthenticateToken(ctx context.Context, hash string) (*Token, error)
}
