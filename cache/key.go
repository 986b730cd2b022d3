package cache

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Key returns the cache key of a response of class cl for path and its raw
// query string (without the '?'), as seen by visibility scope: "u:42" for
// answers that differ per user, "admin" for admin-only views, "" when every
// user gets the same answer (the library).
//
// Call Key before reading the data the response is built from and Set the
// entry under that same key: the key then holds generations no newer than
// the data, so a write that commits after the key was taken bumps past it
// and the next reader misses instead of seeing the older answer.
//
// The key is normalised so that equivalent requests share it: parameters
// are ordered by name, with the values of a repeated name kept in their
// request order (handlers read the first value of a repeated name, so
// "limit=5&limit=10" and "limit=10&limit=5" are different requests);
// escapes are made canonical ("a+b", "a%20b" and "a b" are the same); "a"
// and "a=" are the same; empty pairs are dropped. Fields are length-prefixed, so no scope, path or query can
// be mistaken for another.
//
// The string is only hashed by Ristretto, never stored: its default
// KeyToHash takes two independent 64-bit hashes of a string (memhash and
// xxhash), and an entry matches only when both do.
//
// Key allocates once (the returned string) unless the query holds escapes
// or more than 16 parameters. It panics on an invalid class, a programming
// error.
func (c *Cache) Key(cl Class, scope, path, rawQuery string) string {
	if !cl.valid() {
		panic("cache: Key of an unknown class " + cl.String())
	}
	var stack [256]byte
	b := append(stack[:0], byte(cl))
	for _, d := range classes[cl].deps {
		b = strconv.AppendUint(b, c.gens[d].Load(), 10)
		b = append(b, '.')
	}
	b = appendField(b, scope)
	b = appendField(b, path)
	b = appendQuery(b, rawQuery)
	return string(b)
}

// classOf reads the class back from a key made by Key.
func classOf(key string) Class {
	if key == "" {
		return 0
	}
	return Class(key[0])
}

// appendField writes s with its length in front, so that the end of one
// field is never ambiguous whatever bytes it holds.
func appendField(b []byte, s string) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	return append(b, s...)
}

// param is one name=value pair of a query, in canonical form.
type param struct{ name, value string }

// appendQuery writes the query's pairs in canonical form and order. One
// pass over the bytes splits the pairs and notes which components need
// canonicalising; most need nothing and stay slices of raw.
func appendQuery(b []byte, raw string) []byte {
	var stack [16]param
	ps := stack[:0]
	start, eq, special := 0, -1, false
	for i := 0; i <= len(raw); i++ {
		if i < len(raw) {
			switch raw[i] {
			case '&':
			case '=':
				if eq < 0 {
					eq = i
				} else {
					special = true // '=' inside a value
				}
				continue
			case '%', '+':
				special = true
				continue
			default:
				continue
			}
		}
		if i > start {
			ps = append(ps, splitPair(raw[start:i], eq-start, special))
		}
		start, eq, special = i+1, -1, false
	}
	sortByName(ps)
	for i, p := range ps {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, p.name...)
		b = append(b, '=')
		b = append(b, p.value...)
	}
	return b
}

// splitPair splits one name=value pair at eq (negative: no '='),
// canonicalising its parts only when the scan saw an escape or a '+'.
func splitPair(pair string, eq int, special bool) param {
	p := param{name: pair}
	if eq >= 0 {
		p = param{name: pair[:eq], value: pair[eq+1:]}
	}
	if special {
		p.name, p.value = canonical(p.name), canonical(p.value)
	}
	return p
}

// canonical returns the one spelling of a query component that all its
// spellings share: the decoded text with exactly '%', '&', '=' and '+'
// escaped (enough to keep components apart and decoding unambiguous).
// A component without '%', '+' or '=' is its own canonical spelling and
// costs nothing, which covers nearly every real query. One with a malformed
// escape is kept as is: its '%' is not followed by two hex digits, which a
// canonical spelling never has, so it cannot collide with one.
func canonical(s string) string {
	if !strings.ContainsAny(s, "%+=") {
		return s
	}
	dec, err := url.QueryUnescape(s)
	if err != nil {
		return s
	}
	var b strings.Builder
	b.Grow(len(dec) + 8)
	for i := 0; i < len(dec); i++ {
		switch ch := dec[i]; ch {
		case '%', '&', '=', '+':
			b.WriteByte('%')
			b.WriteByte(hexDigits[ch>>4])
			b.WriteByte(hexDigits[ch&15])
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

const hexDigits = "0123456789ABCDEF"

// sortByName orders parameters by name, keeping the request order of the
// values of a repeated name (a stable sort). Insertion sort for the usual
// handful keeps the parameters on the stack.
func sortByName(ps []param) {
	if len(ps) > 16 {
		slices.SortStableFunc(ps, func(a, b param) int { return strings.Compare(a.name, b.name) })
		return
	}
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].name < ps[j-1].name; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}
