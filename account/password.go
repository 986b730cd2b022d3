// Package account holds the rules of user accounts: username and password
// policy, password hashing (argon2id), session tokens and the login limiter.
package account

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters (RFC 9106's second recommended option, with 64 MiB).
// They are stored in each hash, so they can be raised later without
// breaking existing accounts.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// ErrBadCredentials is returned when a password does not match.
var ErrBadCredentials = errors.New("invalid username or password")

var usernameRe = regexp.MustCompile(`^[a-z0-9_.-]{3,32}$`)

// CheckUsername enforces the API's username rule: 3–32 of [a-z0-9_.-].
func CheckUsername(u string) error {
	if !usernameRe.MatchString(u) {
		return errors.New("username must be 3 to 32 characters of a-z, 0-9, '_', '.' or '-'")
	}
	return nil
}

// CheckPassword enforces the password rule: at least 8 characters.
func CheckPassword(p string) error {
	if utf8.RuneCountInString(p) < 8 {
		return errors.New("password must be at least 8 characters")
	}
	if len(p) > 1024 {
		return errors.New("password must be at most 1024 bytes")
	}
	return nil
}

// CheckRole accepts the account roles.
func CheckRole(r string) error {
	if r != "admin" && r != "member" {
		return errors.New(`role must be "admin" or "member"`)
	}
	return nil
}

// HashPassword returns an encoded argon2id hash of password with a fresh salt.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("account: salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword checks password against an encoded hash in constant time.
func VerifyPassword(encoded, password string) error {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return fmt.Errorf("account: unknown hash format")
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return fmt.Errorf("account: bad hash parameters: %w", err)
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("account: bad hash encoding: %w", err)
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrBadCredentials
	}
	return nil
}

// NewToken returns a random session token (256 bits, URL-safe) and the hash
// under which it is stored.
func NewToken() (token string, hash []byte, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("account: token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken returns the stored form of a token.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
