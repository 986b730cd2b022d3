package export

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxSlug bounds each slug so names stay readable and far below the limits
// of every file system the archive may be unpacked on.
const maxSlug = 48

// foldings spell letters that do not decompose into a base letter plus
// accents ("ß" is not "s" + a mark) the way people type them in ASCII.
var foldings = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th",
	'ı': "i",
}

// slug turns user text into lowercase ASCII words joined by hyphens:
// accents are dropped ("Amélie" → "amelie"), other scripts are left out, so
// the result is always safe as part of a file name.
func slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(s) {
		var out string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			out = string(r)
		case r >= 'A' && r <= 'Z':
			out = string(r + 'a' - 'A')
		case unicode.Is(unicode.Mn, r):
			continue // the accent of a decomposed letter
		default:
			out = foldings[r]
		}
		if out == "" {
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(out)
	}
	return trimSlug(b.String(), maxSlug)
}

// trimSlug cuts a slug at a word boundary when it can.
func trimSlug(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '-'); i > n/2 {
		s = s[:i]
	}
	return strings.TrimRight(s, "-")
}

// fileName is an archive entry name for the card at position pos (1-based):
// "001-heat-1995-diner.jpg". It is built only from slugs, digits and a
// cleaned extension, never from a path a user typed; the position makes it
// unique within the archive.
func fileName(pos int, cr Credits, stillTitle, ext string) string {
	parts := []string{fmt.Sprintf("%03d", pos)}
	if s := slug(cr.Film); s != "" {
		parts = append(parts, s)
	}
	if cr.Year > 0 {
		parts = append(parts, strconv.Itoa(cr.Year))
	}
	if s := slug(stillTitle); s != "" {
		parts = append(parts, s)
	}
	if len(parts) == 1 {
		parts = append(parts, "still")
	}
	return strings.Join(parts, "-") + "." + cleanExt(ext)
}

// cleanExt keeps a short alphanumeric extension; anything else becomes
// "bin" rather than a name that claims a type we do not know.
func cleanExt(ext string) string {
	ext = strings.ToLower(strings.TrimPrefix(ext, "."))
	if ext == "jpeg" {
		return "jpg"
	}
	if ext == "" || len(ext) > 5 {
		return "bin"
	}
	for _, r := range ext {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return "bin"
		}
	}
	return ext
}
