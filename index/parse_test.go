package index

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// show renders clauses compactly: word, word* (prefix), "phrase", [vocab].
func show(cs []clause) string {
	var parts []string
	for _, c := range cs {
		switch c.kind {
		case wordClause:
			if c.prefix {
				parts = append(parts, c.text+"*")
			} else {
				parts = append(parts, c.text)
			}
		case phraseClause:
			parts = append(parts, `"`+c.text+`"`)
		case vocabClause:
			parts = append(parts, "["+c.text+"]")
		}
	}
	return strings.Join(parts, " ")
}

func TestParseQuery(t *testing.T) {
	tests := []struct{ q, want string }{
		{"", ""},
		{"   ", ""},
		{"heat", "heat*"},
		{"heat ", "heat"},
		{"Michael Mann", "michael mann*"},
		{`"the shining" kubrick`, `"the shining" kubrick*`},
		{`kubrick "the shining"`, `kubrick "the shining"`},
		{`"unclosed phrase`, `"unclosed phrase"`},
		{`""`, ""},
		{`" ! "`, ""},
		{"CU", "[cu]"},
		{"ecu night", "[ecu] [night]"},
		{"close up", "[close up]"},
		{"extreme close-up", "[extreme close up]"},
		{"extreme_close_up", "[extreme close up]"},
		{"medium close up rain", "[medium close up] rain*"},
		{"golden hour beach", "[golden hour] beach*"},
		{"over the shoulder", "[over the shoulder]"},
		{"OTS", "[ots]"},
		{"night exterior", "[night exterior]"},
		{"INT. kitchen", "[int] kitchen*"},
		{"2.39:1 desert", "[2.39:1] [desert]"},
		{"o'brien", "o'brien*"},
		{"O’Brien", "o'brien*"},
		{"spielberg, 1975!", "spielberg 1975"},
		{"sci-fi", "[sci fi]"},
		{"cu\"heat\"", `[cu] "heat"`},
		{"Amélie", "amélie*"},
	}
	for _, tc := range tests {
		if got := show(parseQuery(tc.q, vocab)); got != tc.want {
			t.Errorf("parseQuery(%q) = %s, want %s", tc.q, got, tc.want)
		}
	}
}

func TestParseQueryMeanings(t *testing.T) {
	tests := []struct{ q, want string }{
		{"cu", "[[{frame_size close_up}]]"},
		{"wide", "[[{frame_size wide} {lens_size wide}]]"},
		{"golden hour", "[[{time_of_day sunset} {time_of_day sunrise}]]"},
		{"night exterior", "[[{time_of_day night}] [{int_ext exterior}]]"},
		{"35mm film", "[[{format film_35mm}]]"},
	}
	for _, tc := range tests {
		cs := parseQuery(tc.q, vocab)
		if len(cs) != 1 || cs[0].kind != vocabClause {
			t.Fatalf("parseQuery(%q) = %s", tc.q, show(cs))
		}
		if got := fmt.Sprint(cs[0].meaning); got != tc.want {
			t.Errorf("%q means %s, want %s", tc.q, got, tc.want)
		}
	}
}

func TestParseQueryLimits(t *testing.T) {
	long := strings.Repeat("word ", 200)
	if n := len(parseQuery(long, vocab)); n != maxClauses {
		t.Errorf("%d clauses from a long query, want %d", n, maxClauses)
	}
	cut := strings.Repeat("é", maxQueryBytes) // two bytes a rune: cut mid-rune
	for _, c := range parseQuery(cut, vocab) {
		if !utf8.ValidString(c.text) {
			t.Errorf("invalid UTF-8 in %q", c.text)
		}
	}
}

func TestVocabularyFile(t *testing.T) {
	if _, err := newVocabulary(synonymsText); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		"cu frame_size:close_up",                           // no =>
		"cu => frame_size",                                 // no value
		"cu => frame_sizes:close_up",                       // unknown field
		"cu => frame_size:closeup",                         // unknown value
		" , => frame_size:close_up",                        // empty key
		"x => day:night",                                   // unknown field
		"cu => frame_size:wide\ncu => frame_size:close_up", // contradiction
	} {
		if _, err := newVocabulary(bad); err == nil {
			t.Errorf("newVocabulary accepted %q", bad)
		}
	}
}

// FuzzParseQuery checks that any input parses without panicking into
// well-formed clauses, and that the Bleve query built from them validates.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", "heat", `"the shining" kubrick`, "cu night", "close-up", `"`, `"a" "b`,
		"extreme close up 2.39:1", "O’Brien", "\xff\xfe", strings.Repeat("é", 300), "+++ ... ::"} {
		f.Add(s)
	}
	m, err := newMapping()
	if err != nil {
		f.Fatal(err)
	}
	c := newCompiler(m)
	f.Fuzz(func(t *testing.T, q string) {
		cs := parseQuery(q, vocab)
		if len(cs) > maxClauses {
			t.Fatalf("%d clauses", len(cs))
		}
		for i, cl := range cs {
			if cl.text == "" || strings.TrimSpace(cl.text) != cl.text {
				t.Fatalf("clause %d has text %q", i, cl.text)
			}
			if cl.prefix && (i != len(cs)-1 || cl.kind != wordClause) {
				t.Fatalf("clause %d of %d (%v) is a prefix", i, len(cs), cl.kind)
			}
			if cl.kind == wordClause && strings.ContainsAny(cl.text, " \t\n\"") {
				t.Fatalf("word %q", cl.text)
			}
			if (cl.kind == vocabClause) != (len(cl.meaning) > 0) {
				t.Fatalf("clause %d: kind %v with meaning %v", i, cl.kind, cl.meaning)
			}
			for _, g := range cl.meaning {
				for _, tm := range g {
					if f, ok := taxonomy.Lookup(tm.Field); !ok || !f.Has(tm.Value) {
						t.Fatalf("unknown value %v", tm)
					}
				}
			}
		}
		comp := c.compile(q, nil)
		if comp.must == nil && len(comp.boosts) > 0 {
			t.Fatal("boosts without a query")
		}
		if comp.must != nil {
			if v, ok := comp.must.(query.ValidatableQuery); ok {
				if err := v.Validate(); err != nil {
					t.Fatalf("compile(%q): %v", q, err)
				}
			}
		}
	})
}
