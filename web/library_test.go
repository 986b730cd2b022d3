package web

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

type listJSON struct {
	Items []struct {
		ID         string
		ExternalID string `json:"external_id"`
		FrameSize  *string
		Movie      *struct {
			ID    string
			Title string
			Year  *int
		}
	}
	NextCursor *string `json:"next_cursor"`
}

type bulkJSON struct {
	Created, Updated int
	Failed           []struct {
		Line  int
		Error string
	}
	Warnings []struct{ Line int }
}

// seedCatalog stores n catalog-only stills through the bulk endpoint.
func seedCatalog(e *env, n int) {
	e.t.Helper()
	frames := []string{"wide", "medium", "close_up"}
	var lines []string
	for i := range n {
		lines = append(lines, fmt.Sprintf(`{"id":"s%03d","title":"Still %d","frame_size":%q,"lighting":[%q],"tags":["t%d"],"movie":{"title":"Film %d","year":%d,"director":"Director %d"},"width":1920,"height":800,"palette":["#1a3a8a","#e8801a"]}`,
			i, i, frames[i%3], []string{"soft", "hard"}[i%2], i%5, i%4, 1990+i%4, i%4))
	}
	var out bulkJSON
	e.expect(req{method: "POST", path: "/api/v1/images/bulk", token: e.admin, body: ndjson(lines...), ctype: "application/x-ndjson"}, 200, "").decode(e.t, &out)
	if out.Created != n || len(out.Failed) != 0 {
		e.t.Fatalf("seed: %+v", out)
	}
}

// walk pages through a list query and returns the external ids in order.
func walk(e *env, token, query string, limit int) []string {
	e.t.Helper()
	var ids []string
	cur := ""
	for pages := 0; pages < 1000; pages++ {
		q := query + "&limit=" + fmt.Sprint(limit)
		if cur != "" {
			q += "&cursor=" + url.QueryEscape(cur)
		}
		var page listJSON
		e.expect(req{method: "GET", path: "/api/v1/images?" + q, token: token}, 200, "").decode(e.t, &page)
		for _, it := range page.Items {
			ids = append(ids, it.ExternalID)
		}
		if page.NextCursor == nil {
			return ids
		}
		cur = *page.NextCursor
	}
	e.t.Fatal("cursor never ended")
	return nil
}

func TestListFiltersSortsAndCursors(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	viewer := e.member("viewer")
	seedCatalog(e, 60)

	all := walk(e, viewer, "sort=newest", 7)
	if len(all) != 60 || all[0] != "s059" || all[59] != "s000" {
		t.Fatalf("newest walk: %d items, %v…", len(all), all[:3])
	}
	oldest := walk(e, viewer, "sort=oldest", 50)
	if !slices.Equal(oldest, reversed(all)) {
		t.Fatal("oldest is not newest reversed")
	}
	byYear := walk(e, viewer, "sort=year", 11)
	if len(byYear) != 60 || !strings.HasSuffix(byYear[0], "0") && !strings.HasSuffix(byYear[0], "4") && !strings.HasSuffix(byYear[0], "8") {
		t.Fatalf("year walk starts with %s", byYear[0])
	}
	desc := walk(e, viewer, "sort=-year", 13)
	if len(desc) != 60 || slices.Compact(slices.Sorted(slices.Values(desc)))[59] != "s059" {
		t.Fatalf("-year walk: %d", len(desc))
	}

	for _, tc := range []struct {
		query string
		want  int
	}{
		{"frame_size=wide", 20},
		{"frame_size=wide&frame_size=close_up", 40},
		{"frame_size=wide&lighting=soft", 10},
		{"lighting=hard&tag=t1", 6},
		{"director=Director%202", 15},
		{"director=director%202", 15}, // names match case-insensitively
		{"year_min=1992", 30},
		{"year_min=1991&year_max=1991", 15},
		{"color_hex=%231a3a8a", 60},
		{"color_hex=%2300ff00", 0},
		{"color_hex=%231a3a8a&color_share=0.9", 0},
		{"frame_size=medium&lighting=soft&year_min=1990", 10},
	} {
		got := walk(e, viewer, tc.query, 4)
		if len(got) != tc.want {
			t.Errorf("%s: %d stills, want %d", tc.query, len(got), tc.want)
		}
	}
	var page listJSON
	e.expect(req{method: "GET", path: "/api/v1/images?movie=" + firstMovieID(e, viewer), token: viewer}, 200, "").decode(t, &page)
	if len(page.Items) != 15 {
		t.Errorf("movie filter: %d", len(page.Items))
	}
}

func firstMovieID(e *env, token string) string {
	var movies struct {
		Items []struct {
			ID, Title  string
			StillCount int `json:"still_count"`
		}
	}
	e.expect(req{method: "GET", path: "/api/v1/movies?q=film%200", token: token}, 200, "").decode(e.t, &movies)
	if len(movies.Items) != 1 || movies.Items[0].StillCount != 15 {
		e.t.Fatalf("movies = %+v", movies.Items)
	}
	return movies.Items[0].ID
}

func reversed(s []string) []string {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

func TestListRejectsBadQueries(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	seedCatalog(e, 5)
	var page listJSON
	e.expect(req{method: "GET", path: "/api/v1/images?limit=2", token: e.admin}, 200, "").decode(t, &page)
	cur := *page.NextCursor
	tampered := []byte(cur)
	tampered[len(tampered)/2] ^= 0x01

	for _, tc := range []struct{ query, field string }{
		{"colour=red", "colour"},
		{"frame_size=giant", "frame_size"},
		{"lighting=soft&lighting=neon", "lighting"},
		{"sort=random", "sort"},
		{"limit=0", "limit"},
		{"limit=201", "limit"},
		{"limit=ten", "limit"},
		{"cursor=" + url.QueryEscape(string(tampered)), "cursor"},
		{"cursor=%%%%", ""},
		{"cursor=bm90IGEgY3Vyc29y", "cursor"},
		{"sort=oldest&cursor=" + url.QueryEscape(cur), "cursor"}, // a cursor of another query
		{"year_min=1999&year_max=1990", "year_min"},
		{"year_min=abc", "year_min"},
		{"color_hex=red", "color_hex"},
		{"color_hex=%23112233&color_distance=-1", "color_distance"},
		{"color_share=0.5", "color_hex"},
		{"movie=abc", "movie"},
	} {
		res := e.do(req{method: "GET", path: "/api/v1/images?" + tc.query, token: e.admin})
		if res.status != 400 {
			t.Errorf("%s: status %d: %s", tc.query, res.status, res.body)
			continue
		}
		code, field := res.errorCode(t)
		if code != "invalid_argument" || (tc.field != "" && field != tc.field) {
			t.Errorf("%s: code %s field %q, want field %q", tc.query, code, field, tc.field)
		}
	}
	res := e.expect(req{method: "GET", path: "/api/v1/images?frame_size=giant", token: e.admin}, 400, "invalid_argument")
	if !strings.Contains(string(res.body), `"allowed":["extreme_wide"`) {
		t.Errorf("unknown value error does not list the allowed values: %s", res.body)
	}
	e.expect(req{method: "GET", path: "/api/v1/images"}, 401, "unauthenticated")
	e.expect(req{method: "GET", path: "/api/v1/images/999999", token: e.admin}, 404, "not_found")
	e.expect(req{method: "GET", path: "/api/v1/images/abc", token: e.admin}, 404, "not_found")
	e.expect(req{method: "GET", path: "/api/v1/movies/999999", token: e.admin}, 404, "not_found")
	e.expect(req{method: "GET", path: "/api/v1/movies?bogus=1", token: e.admin}, 400, "invalid_argument")
}

func TestBulkPatchDelete(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	member := e.member("member")
	body := ndjson(
		`{"id":"a","title":"First","frame_size":"wide","movie":{"title":"Heat","year":1995}}`,
		`{"id":"b","frame_size":"huge"}`,
		``,
		`not json at all`,
		`{"id":"c","title":"Third","mystery_key":1}`,
		`{"title":"no id"}`,
		`{"id":"d","file":"stills/d.jpg"}`,
		`{"id":"a","title":"First, renamed"}`,
	)
	var out bulkJSON
	e.expect(req{method: "POST", path: "/api/v1/images/bulk", token: e.admin, body: body, ctype: "application/x-ndjson"}, 200, "").decode(t, &out)
	failedLines := []int{}
	for _, f := range out.Failed {
		failedLines = append(failedLines, f.Line)
	}
	if out.Created != 2 || out.Updated != 1 || !slices.Equal(failedLines, []int{2, 4, 6, 7}) || len(out.Warnings) != 1 || out.Warnings[0].Line != 5 {
		t.Fatalf("bulk = %+v", out)
	}
	e.expect(req{method: "POST", path: "/api/v1/images/bulk", token: member, body: body}, 403, "forbidden")

	var page listJSON
	e.expect(req{method: "GET", path: "/api/v1/images?frame_size=wide", token: member}, 200, "").decode(t, &page)
	if len(page.Items) != 1 {
		t.Fatalf("after bulk: %+v", page.Items)
	}
	id := page.Items[0].ID
	var im imageJSON
	e.expect(req{method: "PATCH", path: "/api/v1/images/" + id, token: e.admin,
		json: map[string]any{"lighting": []string{"soft", "backlight"}, "frame_size": "close_up"}}, 200, "").decode(t, &im)
	if im.Title != "First, renamed" || *im.FrameSize != "close_up" || !slices.Equal(im.Lighting, []string{"soft", "backlight"}) || im.Movie.Title != "Heat" {
		t.Fatalf("patched = %+v", im)
	}
	e.expect(req{method: "PATCH", path: "/api/v1/images/" + id, token: member, json: map[string]any{"title": "x"}}, 403, "forbidden")
	for _, bad := range []string{`{"frame_size":"giant"}`, `{"nonsense":1}`, `{"id":"other"}`, `{"file":"x.jpg"}`, `[1,2]`, `{"title":5}`} {
		e.expect(req{method: "PATCH", path: "/api/v1/images/" + id, token: e.admin, body: []byte(bad), ctype: "application/json"}, 400, "invalid_argument")
	}
	e.expect(req{method: "PATCH", path: "/api/v1/images/424242", token: e.admin, json: map[string]any{"title": "x"}}, 404, "not_found")
	// The refused patches changed nothing.
	var again imageJSON
	e.expect(req{method: "GET", path: "/api/v1/images/" + id, token: member}, 200, "").decode(t, &again)
	if again.UpdatedAt != im.UpdatedAt || *again.FrameSize != "close_up" {
		t.Fatalf("refused patch changed the still: %+v", again)
	}

	e.expect(req{method: "DELETE", path: "/api/v1/images/" + id, token: member}, 403, "forbidden")
	e.expect(req{method: "DELETE", path: "/api/v1/images/" + id, token: e.admin}, 204, "")
	e.expect(req{method: "GET", path: "/api/v1/images/" + id, token: member}, 404, "not_found")
	e.expect(req{method: "DELETE", path: "/api/v1/images/" + id, token: e.admin}, 404, "not_found")
}

func TestDeleteRemovesMedia(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	res := e.upload(twoToneJPEG(t, 300, 200, 0.5, deepBlue, orange), "")
	var im imageJSON
	res.decode(t, &im)
	e.expect(req{method: "GET", path: *im.ThumbURL, token: e.admin}, 200, "")
	e.expect(req{method: "DELETE", path: "/api/v1/images/" + im.ID, token: e.admin}, 204, "")
	e.expect(req{method: "GET", path: *im.ThumbURL, token: e.admin}, 404, "not_found")
	e.expect(req{method: "GET", path: *im.OriginalURL, token: e.admin}, 404, "not_found")
	// And the same file can be uploaded again as a new still.
	if res := e.upload(twoToneJPEG(t, 300, 200, 0.5, deepBlue, orange), ""); res.status != 201 {
		t.Fatalf("re-upload after delete: %d %s", res.status, res.body)
	}
}
