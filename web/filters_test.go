package web

import (
	"errors"
	"net/url"
	"testing"

	"github.com/shotdeck/shotdeck/store"
	"github.com/shotdeck/shotdeck/taxonomy"
)

func TestParseListScopeIgnoresOrder(t *testing.T) {
	a, err := parseList(url.Values{"frame_size": {"wide", "close_up"}, "tag": {"rain"}, "limit": {"5"}}, store.Sorts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := parseList(url.Values{"tag": {"rain"}, "frame_size": {"close_up", "wide"}, "cursor": {"x"}}, store.Sorts)
	if err != nil {
		t.Fatal(err)
	}
	if a.scope != b.scope {
		t.Fatalf("the same query in another order has another scope:\n%s\n%s", a.scope, b.scope)
	}
	c, _ := parseList(url.Values{"frame_size": {"wide"}}, store.Sorts)
	if c.scope == a.scope {
		t.Fatal("different filters share a scope")
	}
}

// FuzzParseList: no query panics the filter parser, every error is a 400
// or a taxonomy error, and what it accepts holds only allowed values.
func FuzzParseList(f *testing.F) {
	for _, q := range []string{
		"frame_size=wide&lighting=soft&tag=rain&year_min=1990&sort=-year&limit=20",
		"color_hex=%231a3a8a&color_distance=10&color_share=0.2",
		"movie=12&director=Michael+Mann&cursor=abc",
		"unknown=1", "limit=-1", "color_share=2", "year_min=1999&year_max=1990",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p, err := parseList(q, store.Sorts)
		if err != nil {
			var ae *apiError
			var ve *taxonomy.ValueError
			if !errors.As(err, &ae) && !errors.As(err, &ve) {
				t.Fatalf("unexpected error type %T: %v", err, err)
			}
			if ae != nil && ae.Status != 400 {
				t.Fatalf("status %d for a bad query", ae.Status)
			}
			return
		}
		if p.Limit < 1 || p.Limit > maxLimit {
			t.Fatalf("limit %d accepted", p.Limit)
		}
		for field, vals := range p.Filter.Values {
			fd, ok := taxonomy.Lookup(field)
			if !ok {
				t.Fatalf("unknown field %q accepted", field)
			}
			for _, v := range vals {
				if !fd.Has(v) {
					t.Fatalf("%s=%q accepted", field, v)
				}
			}
		}
		if c := p.Filter.Color; c != nil && (c.Distance <= 0 || c.Share < 0 || c.Share > 1) {
			t.Fatalf("colour filter %+v accepted", c)
		}
	})
}
