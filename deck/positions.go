package deck

import (
	"errors"
	"fmt"
	"math/bits"
)

// Positions are base-62 fractions written without the leading "0.": the
// string "V" is 31/62, "0z" is 61/62². The alphabet is in ASCII order, so a
// bytewise comparison of two positions (what SQLite does for TEXT with the
// BINARY collation) is the numeric comparison. A position never ends in the
// zero digit: that keeps every value spelled one way only, and it keeps room
// below every position ("A" < "A0V" would be impossible if "A0" were allowed,
// since nothing sorts between "A" and "A0").

// digits is the position alphabet, in ascending byte order.
const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

const base = len(digits)

// ErrInvalidPosition is wrapped by every error Between returns, so that
// callers can map it to a 400 without parsing messages.
var ErrInvalidPosition = errors.New("invalid position")

// digitValue returns the value of an alphabet byte, or -1.
func digitValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 36
	}
	return -1
}

// ValidPosition reports whether p is a position Between could have produced:
// non-empty, only alphabet bytes, no trailing zero digit. The store can use it
// to check positions read back from older data or imports.
func ValidPosition(p string) bool {
	if p == "" || p[len(p)-1] == '0' {
		return false
	}
	for i := 0; i < len(p); i++ {
		if digitValue(p[i]) < 0 {
			return false
		}
	}
	return true
}

// Between returns a position that sorts strictly between before and after.
// An empty before means "the start of the deck" and an empty after means "the
// end", so Between("", "") is the first card of an empty deck. It only fails
// on invalid input (a non-empty bound that is not a ValidPosition, or before
// not sorting below after); for valid input there is always room, so moving
// a card never has to renumber its neighbours.
//
// Inserts at either end step by one digit rather than halving the gap,
// because appending is the common case: a deck built by appending 10,000
// cards ends with positions of about 165 bytes instead of about 1,700.
func Between(before, after string) (string, error) {
	if before != "" && !ValidPosition(before) {
		return "", fmt.Errorf("deck: %w: before %q", ErrInvalidPosition, before)
	}
	if after != "" && !ValidPosition(after) {
		return "", fmt.Errorf("deck: %w: after %q", ErrInvalidPosition, after)
	}
	switch {
	case before == "" && after == "":
		return digits[base/2 : base/2+1], nil
	case after == "":
		return increment(before), nil
	case before == "":
		return decrement(after), nil
	case before >= after:
		return "", fmt.Errorf("deck: %w: %q does not sort before %q", ErrInvalidPosition, before, after)
	}
	return midpoint(before, after), nil
}

// increment returns the shortest small step above a: the first digit that is
// not the top digit goes up by one, and everything after it is dropped.
func increment(a string) string {
	for i := 0; i < len(a); i++ {
		if v := digitValue(a[i]); v < base-1 {
			return a[:i] + string(digits[v+1])
		}
	}
	// All top digits: extend with the smallest non-zero digit, which leaves
	// the most room for further appends at the new length.
	return a + string(digits[1])
}

// decrement returns a short position below b, mirroring increment.
func decrement(b string) string {
	i := 0
	for b[i] == '0' { // terminates: b does not end in '0'
		i++
	}
	if i+1 < len(b) {
		// A proper prefix ending in a non-zero digit sorts before b.
		return b[:i+1]
	}
	if v := digitValue(b[i]); v > 1 {
		return b[:i] + string(digits[v-1])
	}
	// b is "0…01": go one digit deeper, as high as possible.
	return b[:i] + "0" + string(digits[base-1])
}

// midpoint returns a short position strictly between a and b, where a < b,
// both valid. It is iterative so that hostile, very long positions cannot
// exhaust the stack.
func midpoint(a, b string) string {
	var out []byte
	for {
		if b != "" {
			// Copy the common prefix, reading a as padded with zeros
			// (a shorter a is a smaller number with implied zeros).
			n := 0
			for n < len(b) && digitAt(a, n) == b[n] {
				n++
			}
			out = append(out, b[:n]...)
			b = b[n:]
			if n < len(a) {
				a = a[n:]
			} else {
				a = ""
			}
		}
		lo := 0
		if a != "" {
			lo = digitValue(a[0])
		}
		hi := base // an empty b is the upper bound 1
		if b != "" {
			hi = digitValue(b[0])
		}
		if hi-lo > 1 {
			return string(append(out, digits[(lo+hi)/2]))
		}
		if len(b) > 1 {
			// b's first digit alone is above a (its first digit is
			// higher) and below b (b continues with non-zero digits).
			return string(append(out, b[0]))
		}
		// Adjacent digits and b ends here: keep a's digit and look for
		// room above the rest of a, bounded by the next digit up.
		out = append(out, digits[lo])
		if a != "" {
			a = a[1:]
		}
		b = ""
	}
}

// digitAt returns s[i], or the zero digit past the end of s.
func digitAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return '0'
}

// Sequence returns n strictly increasing positions spread evenly over the
// whole range, for creating or duplicating a deck in one go: even spacing
// leaves the same room between every pair of cards for later moves. All
// positions have the length of the smallest k with 62^k > n (trailing zero
// digits trimmed), so 3,843 cards need at most two bytes each. n <= 0 gives
// nil.
func Sequence(n int) []string {
	if n <= 0 {
		return nil
	}
	// span = 62^k, the number of k-digit positions; it fits in a uint64
	// for every n a slice could hold (62^10 > 8e17).
	k, span := 1, uint64(base)
	for span <= uint64(n) && k < 10 {
		k++
		span *= uint64(base)
	}
	out := make([]string, n)
	buf := make([]byte, k)
	for i := 1; i <= n; i++ {
		// v = i*span/(n+1), computed in 128 bits; the step span/(n+1) is
		// at least 1, so values are distinct and non-zero.
		hiw, low := bits.Mul64(uint64(i), span)
		v, _ := bits.Div64(hiw, low, uint64(n)+1)
		for j := k - 1; j >= 0; j-- {
			buf[j] = digits[v%uint64(base)]
			v /= uint64(base)
		}
		end := k
		for buf[end-1] == '0' {
			end--
		}
		out[i-1] = string(buf[:end])
	}
	return out
}
