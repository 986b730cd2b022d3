package index

import (
	"context"
	"slices"
	"testing"
)

// stills is a small hand-made library with known answers.
var stills = []Doc{
	{ID: 1, Title: "Diner", Description: "Two men face each other across a table", MovieTitle: "Heat", Year: 1995,
		Director: "Michael Mann", Cinematographer: "Dante Spinotti", Actors: []string{"Al Pacino", "Robert De Niro"},
		Tags:   []string{"diner", "conversation"},
		Values: map[string][]string{"frame_size": {"medium_close_up"}, "shot_type": {"over_the_shoulder"}, "time_of_day": {"night"}, "int_ext": {"interior"}}},
	{ID: 2, Title: "Downtown shootout", Description: "Gunfight in the street in flat daylight", MovieTitle: "Heat", Year: 1995,
		Director: "Michael Mann", Cinematographer: "Dante Spinotti", Actors: []string{"Val Kilmer"},
		Values: map[string][]string{"frame_size": {"wide"}, "time_of_day": {"day"}, "int_ext": {"exterior"}}},
	{ID: 3, Title: "Taxi", Description: "A cab drives through the city", MovieTitle: "Collateral", Year: 2004,
		Director: "Michael Mann", Cinematographer: "Dion Beebe", Actors: []string{"Tom Cruise", "Jamie Foxx"},
		Values: map[string][]string{"frame_size": {"close_up"}, "time_of_day": {"night"}, "int_ext": {"exterior"}}},
	{ID: 4, Title: "Beach", Description: "A crowded beach under a low sun", MovieTitle: "Jaws", Year: 1975,
		Director: "Steven Spielberg", Cinematographer: "Bill Butler",
		Values: map[string][]string{"frame_size": {"extreme_wide"}, "time_of_day": {"sunset"}, "int_ext": {"exterior"}}},
	{ID: 5, Title: "Mothership", Description: "A face lit by the lights of the ship", MovieTitle: "Close Encounters of the Third Kind", Year: 1977,
		Director: "Steven Spielberg", Cinematographer: "Vilmos Zsigmond",
		Values: map[string][]string{"frame_size": {"extreme_close_up"}, "time_of_day": {"night"}, "int_ext": {"exterior"}}},
	{ID: 6, Title: "Wheat field", Description: "Workers walk home through the wheat", MovieTitle: "Days of Heaven", Year: 1978,
		Director: "Terrence Malick", Cinematographer: "Néstor Almendros", Tags: []string{"magic hour", "field"},
		Values: map[string][]string{"frame_size": {"wide"}, "time_of_day": {"sunrise"}, "int_ext": {"exterior"}}},
	{ID: 7, Title: "River", Description: "Children drift down a river", MovieTitle: "The Night of the Hunter", Year: 1955,
		Director: "Charles Laughton", Cinematographer: "Stanley Cortez",
		Values: map[string][]string{"frame_size": {"medium"}, "time_of_day": {"day"}, "int_ext": {"exterior"}}},
	{ID: 8, Title: "Safe", Description: "A thief cracks a safe", MovieTitle: "Thief", Year: 1981,
		Director: "Michael Mann", Cinematographer: "Donald Thorin", Actors: []string{"James Caan"},
		Values: map[string][]string{"frame_size": {"close_up"}, "time_of_day": {"night"}, "int_ext": {"interior"}}},
	{ID: 9, Title: "Balloons", Description: "A house flies on balloons", MovieTitle: "Up", Year: 2009,
		Director: "Pete Docter", Tags: []string{"animation"},
		Values: map[string][]string{"frame_size": {"wide"}, "format": {"animation"}, "time_of_day": {"day"}}},
	{ID: 10, Title: "Standoff", Description: "Two gunmen in a canyon", MovieTitle: "The Naked Spur", Year: 1953,
		Director: "Anthony Mann", Cinematographer: "William Mellor", Actors: []string{"Michael Caine", "James Stewart"},
		Values: map[string][]string{"frame_size": {"medium_wide"}, "time_of_day": {"day"}, "int_ext": {"exterior"}}},
}

func stillsIndex(t *testing.T) *Index {
	t.Helper()
	x, _ := openTemp(t)
	if err := x.Apply(stills, nil, 1); err != nil {
		t.Fatal(err)
	}
	return x
}

func ids(hits []Hit) []uint32 {
	out := make([]uint32, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}

func sorted(xs []uint32) []uint32 {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	return xs
}

func TestSearch(t *testing.T) {
	x := stillsIndex(t)
	ctx := context.Background()
	tests := []struct {
		name, q string
		want    []uint32 // the matching set
		top     []uint32 // when set, the first hits, in any order
	}{
		{"typo", "Spielbreg", []uint32{4, 5}, nil},
		{"typo in a credit", "Spinoti", []uint32{1, 2}, nil},
		{"one typo from four letters", "Jawz ", []uint32{4}, nil},
		{"no typo tolerance up to three letters", "Jws ", nil, nil},
		{"prefix on the last word", "spielb", []uint32{4, 5}, nil},
		{"prefix only on the last word", "spielb jaws", nil, nil},
		{"prefix after a word", "jaws spiel", []uint32{4}, nil},
		{"no prefix after a space", "collat ", nil, nil},
		{"words are ANDed across fields", "heat diner", []uint32{1}, nil},
		{"phrase", `"crowded beach"`, []uint32{4}, nil},
		{"phrase out of order", `"beach crowded"`, nil, nil},
		{"phrase and word", `"face each other" heat`, []uint32{1}, nil},
		{"credits", "Michael Mann", []uint32{1, 2, 3, 8, 10}, []uint32{1, 2, 3, 8}},
		{"credits with a typo", "Micheal Man", []uint32{1, 2, 3, 8, 10}, []uint32{1, 2, 3, 8}},
		{"synonym CU", "CU", []uint32{3, 8}, nil},
		{"synonym ECU", "ecu", []uint32{5}, nil},
		{"synonym OTS", "ots", []uint32{1}, nil},
		{"synonym golden hour", "golden hour", []uint32{4, 6}, nil},
		{"synonym and word", "cu taxi", []uint32{3}, nil},
		{"synonym with two groups", "night exterior", []uint32{3, 5}, nil},
		{"label", "close up", []uint32{3, 8}, nil},
		{"hyphenated label", "close-up", []uint32{3, 8}, nil},
		{"slug", "extreme_close_up", []uint32{5}, nil},
		{"label or literal title", "night", []uint32{1, 3, 5, 7, 8}, nil},
		{"literal tag of a synonym", "magic hour", []uint32{4, 6}, nil},
		{"stop-word title", "Up", []uint32{9}, nil},
		{"stop words are optional beside others", "the thief", []uint32{8}, nil},
		{"year", "heat 1995", []uint32{1, 2}, nil},
		{"accented credit", "nestor almendros", []uint32{6}, nil},
		{"unknown word", "zeppelin", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hits, total, err := x.Search(ctx, tc.q, nil, 100)
			if err != nil {
				t.Fatal(err)
			}
			got := ids(hits)
			if !slices.Equal(sorted(got), tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Fatalf("Search(%q) = %v, want %v", tc.q, got, tc.want)
			}
			if total != uint64(len(got)) {
				t.Errorf("total %d, %d hits", total, len(got))
			}
			if tc.top != nil && !slices.Equal(sorted(got[:len(tc.top)]), tc.top) {
				t.Errorf("Search(%q) ranks %v, want %v first", tc.q, got, tc.top)
			}
			bm, err := x.MatchIDs(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(bm.ToArray(), sorted(got)) && !(bm.IsEmpty() && len(got) == 0) {
				t.Errorf("MatchIDs(%q) = %v, Search found %v", tc.q, bm.ToArray(), sorted(got))
			}
		})
	}
}

func TestSearchEmptyMatchesAll(t *testing.T) {
	x := stillsIndex(t)
	ctx := context.Background()
	for _, q := range []string{"", "  ", `""`, "!?"} {
		hits, total, err := x.Search(ctx, q, nil, 100)
		if err != nil {
			t.Fatal(err)
		}
		if total != uint64(len(stills)) || !slices.Equal(ids(hits), []uint32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}) {
			t.Errorf("Search(%q) = %v (total %d), want every still in id order", q, ids(hits), total)
		}
		bm, err := x.MatchIDs(ctx, q)
		if err != nil || bm != nil {
			t.Errorf("MatchIDs(%q) = %v, %v; want nil (all)", q, bm, err)
		}
	}
}

func TestSearchRanksExactAboveFuzzy(t *testing.T) {
	x, _ := openTemp(t)
	docs := []Doc{
		{ID: 1, Title: "Mane"},
		{ID: 2, Title: "Mann"},
		{ID: 3, Description: "Mann"},
	}
	if err := x.Apply(docs, nil, 1); err != nil {
		t.Fatal(err)
	}
	hits, _, err := x.Search(context.Background(), "mann ", nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(hits); !slices.Equal(got, []uint32{2, 1, 3}) && !slices.Equal(got, []uint32{2, 3, 1}) {
		t.Errorf("hits %v, want the exact title match first", got)
	}
	if hits[0].ID != 2 {
		t.Errorf("hits %v", hits)
	}
}

// TestCommonWordsAreTakenAsTyped: a word many stills hold is matched as
// typed, without its typo neighbours; a rare or unknown word keeps its typo
// tolerance.
func TestCommonWordsAreTakenAsTyped(t *testing.T) {
	x, _ := openTemp(t)
	var docs []Doc
	for i := range 60 { // "harbour" is common: at least commonMin stills
		docs = append(docs, Doc{ID: uint32(i + 1), Description: "a harbour at dawn"})
	}
	docs = append(docs,
		Doc{ID: 100, Description: "a harbor in the fog"},   // one edit from the common word
		Doc{ID: 101, Description: "the lighthouse keeper"}, // rare
		Doc{ID: 102, Title: "Spielberg"},
	)
	if err := x.Apply(docs, nil, 1); err != nil {
		t.Fatal(err)
	}
	count := func(q string) (uint64, []uint32) {
		hits, total, err := x.Search(context.Background(), q, nil, 100)
		if err != nil {
			t.Fatal(err)
		}
		return total, ids(hits)
	}
	if total, got := count("harbour "); total != 60 || slices.Contains(got, 100) {
		t.Fatalf("common word: %d hits %v, want the 60 exact ones only", total, got)
	}
	if _, got := count("lighthuose "); !slices.Contains(got, 101) {
		t.Fatalf("a rare word's typo must still match: %v", got)
	}
	if _, got := count("spielbreg "); !slices.Contains(got, 102) {
		t.Fatalf("an unknown word keeps its typo tolerance: %v", got)
	}
	if _, got := count("harbr "); !slices.Contains(got, 100) {
		t.Fatalf("a word that is not common (harbr) still finds its neighbour: %v", got)
	}
}
