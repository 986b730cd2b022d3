package index

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits that keep a pasted essay from turning into a huge Bleve query.
const (
	maxQueryBytes = 512
	maxClauses    = 16
)

// clauseKind says how a clause of a parsed query matches.
type clauseKind uint8

const (
	// wordClause is one free-text word: typo-tolerant, across the text fields.
	wordClause clauseKind = iota
	// phraseClause is a quoted phrase, matched as a phrase.
	phraseClause
	// vocabClause is one or more words recognised as taxonomy values.
	vocabClause
)

// clause is one required part of a query; a document matches the query when
// it matches every clause.
type clause struct {
	kind clauseKind
	// text is the lower-case word, the phrase as typed, or the recognised
	// words joined by spaces.
	text string
	// prefix marks the word still being typed (the last one, with no space
	// after it), which also matches as a prefix.
	prefix bool
	// meaning holds the taxonomy values of a vocabClause.
	meaning meaning
}

// parseQuery splits q into clauses: quoted phrases, runs of words that the
// vocabulary recognises (longest match first) and single words. It never
// fails; whatever it cannot use (punctuation, an unmatched quote) is
// ignored or read leniently. An empty result means "match everything".
func parseQuery(q string, v *vocabulary) []clause {
	if len(q) > maxQueryBytes {
		q = q[:maxQueryBytes]
		for len(q) > 0 && !utf8.ValidString(q) {
			q = q[:len(q)-1]
		}
	}
	var out []clause
	var words []string // unquoted words waiting for vocabulary matching
	flush := func() {
		for len(words) > 0 {
			if m, n := v.lookup(words); n > 0 {
				out = append(out, clause{kind: vocabClause, text: strings.Join(words[:n], " "), meaning: m})
				words = words[n:]
				continue
			}
			out = append(out, clause{kind: wordClause, text: words[0]})
			words = words[1:]
		}
	}
	rest := q
	for rest != "" {
		i := strings.IndexAny(rest, "\"“”")
		if i < 0 {
			words = splitWords(rest, words)
			break
		}
		words = splitWords(rest[:i], words)
		_, w := utf8.DecodeRuneInString(rest[i:])
		rest = rest[i+w:]
		j := strings.IndexAny(rest, "\"“”")
		if j < 0 {
			j = len(rest) // an unclosed quote runs to the end
		}
		phrase := strings.Join(strings.Fields(rest[:j]), " ")
		if j < len(rest) {
			_, w = utf8.DecodeRuneInString(rest[j:])
			rest = rest[j+w:]
		} else {
			rest = ""
		}
		if len(splitWords(phrase, nil)) > 0 {
			flush()
			out = append(out, clause{kind: phraseClause, text: strings.ToLower(phrase)})
		}
	}
	flush()
	if len(out) > maxClauses {
		out = out[:maxClauses]
	}
	if n := len(out); n > 0 && out[n-1].kind == wordClause && endsInWord(q) {
		out[n-1].prefix = true
	}
	return out
}

// endsInWord reports whether q ends in a word character, that is, the user
// may still be typing its last word.
func endsInWord(q string) bool {
	r, _ := utf8.DecodeLastRuneInString(q)
	return isWordRune(r)
}

// splitWords appends the lower-case words of s to dst. A word is a run of
// letters, digits and the joiners . ' : + inside them (so "2.39:1" and
// "o'brien" stay whole); joiners at either end are dropped ("int." is
// "int") and a typographic apostrophe is read as a plain one. Every
// other rune, '-' '_' and '/' included, separates words, as Bleve's unicode
// tokenizer would.
func splitWords(s string, dst []string) []string {
	start := -1
	for i, r := range s {
		if isWordRune(r) || (start >= 0 && isJoiner(r)) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			dst = appendWord(dst, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		dst = appendWord(dst, s[start:])
	}
	return dst
}

func appendWord(dst []string, w string) []string {
	w = strings.TrimRightFunc(w, isJoiner)
	if w == "" {
		return dst
	}
	return append(dst, strings.ToLower(strings.ReplaceAll(w, "’", "'")))
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isJoiner(r rune) bool {
	switch r {
	case '.', '\'', '’', ':', '+':
		return true
	}
	return false
}
