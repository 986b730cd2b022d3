// Package cursor makes the opaque pagination cursors of the API: a list of
// sort-key fields, bound to the query that produced them and signed, so a
// client can hand one back but cannot forge, edit or reuse it elsewhere.
package cursor

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
)

// ErrInvalid is returned for a cursor that is malformed, tampered with, or
// made for another query.
var ErrInvalid = errors.New("invalid cursor")

const macLen = 16 // bytes of HMAC-SHA256 kept: 128 bits

// maxLen bounds what Decode will look at, long before any allocation.
const maxLen = 4096

// Codec signs and checks cursors with one secret.
type Codec struct {
	key []byte
}

// New returns a Codec using secret (at least 16 bytes).
func New(secret []byte) *Codec {
	return &Codec{key: append([]byte(nil), secret...)}
}

// Encode returns the cursor for fields within scope. Scope names the query
// (endpoint, sort and normalised filters): Decode accepts the cursor only
// for the same scope.
func (c *Codec) Encode(scope string, fields ...string) string {
	payload, _ := json.Marshal(fields) // []string always marshals
	mac := c.mac(scope, payload)
	return base64.RawURLEncoding.EncodeToString(append(payload, mac...))
}

// Decode checks a cursor against scope and returns its fields.
func (c *Codec) Decode(scope, s string) ([]string, error) {
	if len(s) == 0 || len(s) > maxLen {
		return nil, ErrInvalid
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) <= macLen {
		return nil, ErrInvalid
	}
	payload, mac := raw[:len(raw)-macLen], raw[len(raw)-macLen:]
	if !hmac.Equal(mac, c.mac(scope, payload)) {
		return nil, ErrInvalid
	}
	var fields []string
	if err := json.Unmarshal(payload, &fields); err != nil {
		return nil, ErrInvalid
	}
	return fields, nil
}

func (c *Codec) mac(scope string, payload []byte) []byte {
	h := hmac.New(sha256.New, c.key)
	h.Write([]byte(scope))
	h.Write([]byte{0})
	h.Write(payload)
	return h.Sum(nil)[:macLen]
}
