package index

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Relevance weights, multiplied with the weights of boostFields.
const (
	prefixBoost = 0.7 // a word completed from its prefix, against a typed word
	vocabBoost  = 2   // a recognised taxonomy value, against its literal text
	phraseBoost = 2   // consecutive words found together in a title or credit
)

// compiled is a query ready for Bleve: must decides which documents match
// (nil: all of them) and boosts only add to the score of those that do.
type compiled struct {
	must   query.Query
	boosts []query.Query
}

// compiler turns parsed clauses into Bleve queries with the analyzers the
// documents were indexed with, so a typed word meets its indexed form.
type compiler struct {
	names, text analysis.Analyzer
}

func newCompiler(m *mapping.IndexMappingImpl) *compiler {
	return &compiler{names: m.AnalyzerNamed(analyzerNames), text: m.AnalyzerNamed(analyzerText)}
}

// compile parses q and builds its query. Every clause must match:
//   - a word matches fieldText with typo tolerance (see fuzziness) and, the
//     last word when still being typed, as a prefix; a year also matches
//     the release year;
//   - a stop word ("the", "up") is left out when the query has other words,
//     and otherwise must be in a title or credit ("Up", "It");
//   - a quoted phrase must appear as such;
//   - recognised vocabulary matches its taxonomy values (see vocabulary),
//     or its own words in a title or tag ("night" also finds "The Night of
//     the Hunter").
//
// Words found in titles, credits and tags, and runs of words found together
// there, add to the score.
//
// common, when not nil, says whether an analysed word is frequent in the
// library as typed: such a word is taken as meant and matched without typo
// expansion (see typoTolerance).
func (c *compiler) compile(q string, common func(string) bool) compiled {
	clauses := parseQuery(q, vocab)
	onlyStop := true
	for _, cl := range clauses {
		if cl.kind != wordClause || !c.isStop(cl.text) {
			onlyStop = false
			break
		}
	}
	var must, boosts []query.Query
	for _, cl := range clauses {
		switch cl.kind {
		case wordClause:
			tokens := analyze(c.names, cl.text)
			switch {
			case len(tokens) == 0:
			case c.isStop(cl.text):
				if onlyStop {
					must = append(must, stopWord(tokens))
				}
			default:
				must = append(must, c.word(cl, tokens, common))
				boosts = append(boosts, c.wordBoost(cl, tokens, common))
			}
		case phraseClause:
			if q := c.literal(cl.text, fieldText, 1); q != nil {
				must = append(must, q)
				if b := c.literalIn(cl.text, boostFields, 1); b != nil {
					boosts = append(boosts, b)
				}
			}
		case vocabClause:
			must = append(must, c.vocabQuery(cl))
		}
	}
	var out compiled
	switch len(must) {
	case 0:
		return out // nothing to ask: everything matches, boosts are moot
	case 1:
		out.must = must[0]
	default:
		out.must = query.NewConjunctionQuery(must)
	}
	out.boosts = append(boosts, runBoosts(clauses)...)
	return out
}

// isStop reports whether word is a stop word of English prose.
func (c *compiler) isStop(word string) bool {
	return len(analyze(c.text, word)) == 0
}

// word matches one word (usually one token) in fieldText.
func (c *compiler) word(cl clause, tokens []string, common func(string) bool) query.Query {
	parts := make([]query.Query, 0, len(tokens))
	for _, t := range tokens {
		alts := []query.Query{fuzzyTerm(t, typoTolerance(t, common), fieldText, 1)}
		if canPrefix(cl, tokens) {
			alts = append(alts, prefixIn(cl.text, fieldText, prefixBoost))
		}
		if y, ok := yearOf(t); ok && len(tokens) == 1 {
			lo, hi, yes := float64(y), float64(y), true
			r := query.NewNumericRangeInclusiveQuery(&lo, &hi, &yes, &yes)
			r.SetField(fieldYear)
			alts = append(alts, r)
		}
		parts = append(parts, disjunction(alts))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return query.NewConjunctionQuery(parts)
}

// wordBoost scores a word found in a title, credit or tag, by the weight
// of the field, the same way word matches it.
func (c *compiler) wordBoost(cl clause, tokens []string, common func(string) bool) query.Query {
	var alts []query.Query
	for _, f := range boostFields {
		for _, t := range tokens {
			alts = append(alts, fuzzyTerm(t, typoTolerance(t, common), f.name, f.boost))
		}
		if canPrefix(cl, tokens) {
			alts = append(alts, prefixIn(cl.text, f.name, f.boost*prefixBoost))
		}
	}
	return query.NewDisjunctionQuery(alts)
}

// canPrefix says whether a word also matches as a prefix: only the word
// being typed, when it is one token of at least minPrefix letters (one
// letter would expand to a large share of the dictionary).
func canPrefix(cl clause, tokens []string) bool {
	return cl.prefix && len(tokens) == 1 && utf8.RuneCountInString(cl.text) >= minPrefix
}

const minPrefix = 2

// stopWord matches the tokens of a stop word exactly in a title or credit.
func stopWord(tokens []string) query.Query {
	parts := make([]query.Query, 0, len(tokens))
	for _, t := range tokens {
		var alts []query.Query
		for _, f := range boostFields[:3] {
			alts = append(alts, fuzzyTerm(t, 0, f.name, f.boost))
		}
		parts = append(parts, query.NewDisjunctionQuery(alts))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return query.NewConjunctionQuery(parts)
}

// literalFields are where a recognised vocabulary word also matches as
// itself: film and still titles, and tags.
var literalFields = []boostField{boostFields[0], boostFields[1], boostFields[3]}

// vocabQuery matches the taxonomy values of a vocabulary clause (all groups,
// any value within a group), or its words literally in a title or tag.
func (c *compiler) vocabQuery(cl clause) query.Query {
	groups := make([]query.Query, 0, len(cl.meaning))
	for _, g := range cl.meaning {
		alts := make([]query.Query, 0, len(g))
		for _, t := range g {
			tq := query.NewTermQuery(t.Value)
			tq.SetField(valuePrefix + t.Field)
			alts = append(alts, tq)
		}
		groups = append(groups, disjunction(alts))
	}
	var values query.Query = query.NewConjunctionQuery(groups)
	if len(groups) == 1 {
		values = groups[0]
	}
	values.(query.BoostableQuery).SetBoost(vocabBoost)
	alts := []query.Query{values}
	if lit := c.literalIn(cl.text, literalFields, 1); lit != nil {
		alts = append(alts, lit)
	}
	return disjunction(alts)
}

// runBoosts rewards runs of two or more typed words that appear together,
// in order, in a title or the credits ("michael mann" as a name rather than
// "Michael" in one credit and "Mann" in another). It tolerates typos
// ("micheal man"); a last word still being typed simply does not match
// until it is whole.
func runBoosts(clauses []clause) []query.Query {
	var out []query.Query
	var run []string
	end := func() {
		if len(run) >= 2 {
			text := strings.Join(run, " ")
			for _, f := range boostFields[:3] {
				p := query.NewMatchPhraseQuery(text)
				p.SetField(f.name)
				p.SetBoost(f.boost * phraseBoost)
				p.SetAutoFuzziness(true)
				out = append(out, p)
			}
		}
		run = run[:0]
	}
	for _, cl := range clauses {
		if cl.kind == wordClause {
			run = append(run, cl.text)
			continue
		}
		end()
	}
	end()
	return out
}

// literal matches text exactly in field: a term query when it is one word
// (a one-term phrase costs a phrase searcher for nothing), a phrase query
// otherwise, nil when it has no word.
func (c *compiler) literal(text, field string, boost float64) query.Query {
	tokens := analyze(c.names, text)
	switch len(tokens) {
	case 0:
		return nil
	case 1:
		return fuzzyTerm(tokens[0], 0, field, boost)
	}
	p := query.NewMatchPhraseQuery(text)
	p.SetField(field)
	p.SetBoost(boost)
	return p
}

// literalIn matches text exactly in any of fields, weighted by each.
func (c *compiler) literalIn(text string, fields []boostField, boost float64) query.Query {
	var alts []query.Query
	for _, f := range fields {
		if q := c.literal(text, f.name, f.boost*boost); q != nil {
			alts = append(alts, q)
		}
	}
	if len(alts) == 0 {
		return nil
	}
	return disjunction(alts)
}

func prefixIn(prefix, field string, boost float64) query.Query {
	p := query.NewPrefixQuery(prefix)
	p.SetField(field)
	p.SetBoost(boost)
	return p
}

// disjunction is any of qs, without a wrapper for one.
func disjunction(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// fuzzyTerm matches t within fz edits in field, or exactly when fz is 0.
func fuzzyTerm(t string, fz int, field string, boost float64) query.Query {
	if fz == 0 {
		q := query.NewTermQuery(t)
		q.SetField(field)
		q.SetBoost(boost)
		return q
	}
	q := query.NewFuzzyQuery(t)
	q.SetFuzziness(fz)
	if fz == 1 {
		// A short word with another first letter is usually another
		// word: "light" is not a typo of "night", "right" or "sight", and
		// those common neighbours would make "light" match most stills.
		q.SetPrefix(1)
	}
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// TypoTerm matches an analysed word in field with the typo tolerance of
// fuzziness: the rule stills search uses, for other indexes (deck search)
// to match words the same way.
func TypoTerm(t, field string, boost float64) query.Query {
	return fuzzyTerm(t, fuzziness(t), field, boost)
}

// fuzziness is the typo tolerance of an analysed word: none up to three
// letters or with digits (a year is not a typo of the next), one edit up to
// seven letters (not in the first letter, see fuzzyTerm), two beyond
// ("spielbreg" finds "spielberg", "cubrick" finds "kubrick").
func fuzziness(t string) int {
	if strings.IndexFunc(t, unicode.IsDigit) >= 0 {
		return 0
	}
	switch n := utf8.RuneCountInString(t); {
	case n < 4:
		return 0
	case n <= 7:
		return 1
	default:
		return 2
	}
}

// typoTolerance is fuzziness(t), except for a word that is common in the
// library exactly as typed: that word was meant, and expanding it to its
// neighbours ("night" to "nights", "eight"…) multiplied the postings a
// query walks (most of text search's cost at a million stills) while
// adding mostly wrong matches. Rare and unknown words keep their tolerance,
// so "spielbreg" still finds "spielberg".
func typoTolerance(t string, common func(string) bool) int {
	fz := fuzziness(t)
	if fz > 0 && common != nil && common(t) {
		return 0
	}
	return fz
}

// yearOf reads a plausible release year, which also matches the year field.
func yearOf(t string) (int, bool) {
	if len(t) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(t)
	return y, err == nil && y >= 1870 && y <= 2100
}

// analyze returns the terms a analyses s into, in order.
func analyze(a analysis.Analyzer, s string) []string {
	ts := a.Analyze([]byte(s))
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, string(t.Term))
	}
	return out
}
