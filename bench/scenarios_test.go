package bench

import (
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

func testFixture() *Fixture {
	return &Fixture{
		Token: "t", DeckID: "7", CardIDs: []string{"1", "2"}, ImageIDs: []string{"10", "11", "12"},
		Words:    []string{"rain", "neon", "diner", "lamp", "woman", "street"},
		Prefixes: []string{"he", "hea", "sp", "spi"},
		Taxonomy: map[string][]string{
			"frame_size": {"wide", "medium", "close_up"}, "lighting": {"soft", "hard"}, "time_of_day": {"day", "night"},
			"lens_size": {"wide", "long"}, "lighting_type": {"daylight", "practical"}, "int_ext": {"interior", "exterior"},
		},
	}
}

func TestNextCursor(t *testing.T) {
	for _, tc := range []struct {
		body, want string
		ok         bool
	}{
		{`{"items":[{"id":"1","title":"next_cursor"}],"next_cursor":"abc.DEF-_1"}`, "abc.DEF-_1", true},
		{`{"items":[],"next_cursor":null}`, "", false},
		{`{"items":[], "next_cursor": "x\u002dy"}`, "x-y", true},
		{`{"items":[]}`, "", false},
		{`{"next_cursor":"unterminated`, "", false},
		{`{"next_cursor":""}`, "", false},
	} {
		got, ok := nextCursor([]byte(tc.body))
		if got != tc.want || ok != tc.ok {
			t.Errorf("nextCursor(%s) = %q, %v; want %q, %v", tc.body, got, ok, tc.want, tc.ok)
		}
	}
}

// TestListWalk follows cursors, and takes a new chain (another sort or page
// size) when one ends.
func TestListWalk(t *testing.T) {
	var chains atomic.Uint64
	chains.Store(100)
	mk, _ := listWorkloads(testFixture(), &chains)
	w := mk(0)
	first := w.next()
	if !strings.Contains(first, "limit=") || strings.Contains(first, "cursor=") {
		t.Fatalf("first request: %s", first)
	}
	w.answered([]byte(`{"items":[],"next_cursor":"c/2"}`))
	if got := w.next(); got != first+"&cursor=c%2F2" {
		t.Fatalf("after a page: %s", got)
	}
	w.answered([]byte(`{"items":[],"next_cursor":null}`))
	if got := w.next(); got == first || strings.Contains(got, "cursor=") {
		t.Fatalf("after the last page: %s, want a new chain", got)
	}
	// Chains differ in page size or sort for 84 chains in a row.
	seen := map[string]bool{}
	for c := range uint64(84) {
		l := &listWalk{chain: 1000 + c}
		seen[l.next()] = true
	}
	if len(seen) != 84 {
		t.Fatalf("%d distinct chain starts of 84", len(seen))
	}
}

// TestKeysDoNotRepeat: the uncached scenarios' requests are all distinct
// within a large number of requests, each is a valid query, and two
// scenarios never ask the same thing.
func TestKeysDoNotRepeat(t *testing.T) {
	fx := testFixture()
	triples := [][3]string{filterTriples[0], filterTriples[1]}
	keys := map[string]string{}
	add := func(scenario, q string) {
		t.Helper()
		if prev, dup := keys[q]; dup {
			t.Fatalf("%s repeats %s (first asked by %s)", scenario, q, prev)
		}
		keys[q] = scenario
	}
	// filtered: 2 triples × 3·2·2 or 2·2·2 values × 21 limits × 4 sorts.
	for i := range uint64(2 * 8 * 21 * 4) {
		q := filteredQuery(fx.Taxonomy, triples, i)
		u, err := url.Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		v := u.Query()
		if len(v) != 5 || v.Get("limit") == "" || v.Get("sort") == "" {
			t.Fatalf("%s: want 3 filters, limit and sort", q)
		}
		if n, _ := strconv.Atoi(v.Get("limit")); n < 40 || n > 60 {
			t.Fatalf("%s: limit out of 40–60", q)
		}
		add("filtered_list", q)
	}
	v := uint64(len(fx.Words))
	for i := range 5 * v * v {
		add("search_facets", searchQuery(fx.Words, i, 50))
		add("search_compressed", searchQuery(fx.Words, i, 49))
	}
	for _, q := range append(cachedSearches(fx), cachedLists(fx)...) {
		add("cached", q)
	}
	var next atomic.Uint64
	mk, _ := autocompleteWorkloads(fx, &next)
	w := mk(0)
	for range 10 * len(fx.Prefixes) {
		add("autocomplete", w.next())
	}
	mk, _ = deckWorkloads(fx, &next)
	w = mk(3)
	for range 100 {
		add("deck_load", w.next())
	}
}

func TestSearchQueryWords(t *testing.T) {
	words := []string{"rain", "neon", "diner"}
	var got []string
	for i := range uint64(9) {
		u, _ := url.Parse(searchQuery(words, i, 50))
		got = append(got, u.Query().Get("q"))
		if u.Query().Get("facets") != "all" {
			t.Fatalf("%s: facets=all missing", u)
		}
	}
	want := "rain|neon|diner|rain neon|neon diner|diner rain|rain diner|neon rain|diner neon"
	if strings.Join(got, "|") != want {
		t.Fatalf("queries %q\nwant    %q", strings.Join(got, "|"), want)
	}
	// One word only: the same word with other page sizes.
	if q := searchQuery([]string{"rain"}, 1, 50); !strings.Contains(q, "q=rain") || !strings.Contains(q, "limit=52") {
		t.Fatalf("one word, second request: %s", q)
	}
}

func TestScenarioNames(t *testing.T) {
	want := []string{"list", "filtered_list", "search_facets", "autocomplete", "still_detail", "deck_load", "live_fanout",
		"list_cached", "search_cached", "deck_load_cached", "search_compressed"}
	if got := Names(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("Names() = %v", got)
	}
	if err := CheckScenarios([]string{"list", "nope"}); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Fatalf("unknown scenario: %v", err)
	}
	for _, s := range scenarios {
		if s.about == "" || (s.workloads == nil && s.cached == nil && !s.live) {
			t.Errorf("%s is incomplete", s.name)
		}
	}
}
