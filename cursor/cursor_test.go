package cursor

import (
	"errors"
	"slices"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	c := New([]byte("0123456789abcdef0123456789abcdef"))
	s := c.Encode("images|newest", "1995", "42")
	got, err := c.Decode("images|newest", s)
	if err != nil || !slices.Equal(got, []string{"1995", "42"}) {
		t.Fatalf("Decode = %v, %v", got, err)
	}
}

func TestRejects(t *testing.T) {
	c := New([]byte("0123456789abcdef0123456789abcdef"))
	good := c.Encode("scope", "7")
	flipped := []byte(good)
	flipped[2] ^= 1
	other := New([]byte("another secret, another server.."))
	for name, tc := range map[string]struct{ scope, cur string }{
		"empty":        {"scope", ""},
		"not base64":   {"scope", "%%%"},
		"short":        {"scope", "abc"},
		"tampered":     {"scope", string(flipped)},
		"other scope":  {"other", good},
		"other secret": {"scope", other.Encode("scope", "7")},
		"huge":         {"scope", string(make([]byte, maxLen+1))},
	} {
		if _, err := c.Decode(tc.scope, tc.cur); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	c := New([]byte("0123456789abcdef0123456789abcdef"))
	f.Add("scope", c.Encode("scope", "1", "2"))
	f.Add("scope", "")
	f.Add("x", "AAAAAAAAAAAAAAAAAAAAAAAA")
	f.Fuzz(func(t *testing.T, scope, s string) {
		fields, err := c.Decode(scope, s)
		if err != nil {
			return
		}
		// Anything that decodes must re-encode to a cursor that decodes the same.
		again, err := c.Decode(scope, c.Encode(scope, fields...))
		if err != nil || !slices.Equal(again, fields) {
			t.Fatalf("re-encode: %v %v", again, err)
		}
	})
}
