package web

import (
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/media"
	"github.com/shotdeck/shotdeck/store"
	"github.com/shotdeck/shotdeck/taxonomy"
)

// Bounds of list requests.
const (
	defaultLimit = 50
	maxLimit     = 200
	maxValues    = 50 // values of one repeatable parameter
)

// listParams is a parsed, validated list request.
type listParams struct {
	Filter store.Filter
	Sort   string
	Limit  int
	Cursor string
	scope  string // the normalised query a cursor is bound to
}

// queryValues copies the request's query arguments (repeated keys kept).
func queryValues(c *fiber.Ctx) url.Values {
	v := url.Values{}
	c.Context().QueryArgs().VisitAll(func(k, val []byte) {
		v.Add(string(k), string(val))
	})
	return v
}

// parseList validates a stills list query: every parameter must be known
// (extra lists the endpoint's own), every taxonomy value allowed.
func parseList(q url.Values, sorts []string, extra ...string) (*listParams, error) {
	p := &listParams{Sort: sorts[0], Limit: defaultLimit, Filter: store.Filter{Values: map[string][]string{}}}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first error named is always the same one
	for _, k := range keys {
		vals := q[k]
		if len(vals) > maxValues {
			return nil, errBadRequest(k, "%s is repeated more than %d times", k, maxValues)
		}
		if err := p.set(k, vals, sorts, extra); err != nil {
			return nil, err
		}
	}
	if f := p.Filter; f.YearMin > 0 && f.YearMax > 0 && f.YearMin > f.YearMax {
		return nil, errBadRequest("year_min", "year_min is after year_max")
	}
	if _, ok := q["color_hex"]; !ok && (q.Has("color_distance") || q.Has("color_share")) {
		return nil, errBadRequest("color_hex", "color_distance and color_share need color_hex")
	}
	p.scope = scopeOf(q)
	return p, nil
}

func (p *listParams) set(k string, vals []string, sorts, extra []string) error {
	last := vals[len(vals)-1]
	f := &p.Filter
	var err error
	switch k {
	case "limit":
		p.Limit, err = intParam(k, last, 1, maxLimit)
	case "cursor":
		p.Cursor = last
	case "sort":
		if !slices.Contains(sorts, last) {
			return errBadRequest(k, "sort must be one of %s", strings.Join(sorts, ", "))
		}
		p.Sort = last
	case "movie":
		for _, v := range vals {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id <= 0 {
				return errBadRequest(k, "movie must be a movie id")
			}
			f.Movies = append(f.Movies, id)
		}
	case "director":
		f.Directors, err = textValues(k, vals)
	case "cinematographer":
		f.Cinematographers, err = textValues(k, vals)
	case "actor":
		f.Actors, err = textValues(k, vals)
	case "tag":
		f.Tags, err = textValues(k, vals)
		for i := range f.Tags {
			f.Tags[i] = strings.ToLower(f.Tags[i])
		}
	case "year_min":
		f.YearMin, err = intParam(k, last, 1800, 2200)
	case "year_max":
		f.YearMax, err = intParam(k, last, 1800, 2200)
	case "color_hex", "color_distance", "color_share":
		err = p.setColor(k, last)
	default:
		if slices.Contains(extra, k) {
			return nil
		}
		fd, ok := taxonomy.Lookup(k)
		if !ok {
			return errBadRequest(k, "unknown parameter %q", k)
		}
		for _, v := range vals {
			if err := fd.Check(v); err != nil {
				return err
			}
		}
		f.Values[k] = slices.Compact(slices.Sorted(slices.Values(vals)))
	}
	return err
}

func (p *listParams) setColor(k, v string) error {
	if p.Filter.Color == nil {
		p.Filter.Color = &store.ColorFilter{Distance: 15, Share: 0.05}
	}
	c := p.Filter.Color
	switch k {
	case "color_hex":
		r, g, b, err := media.ParseHex(v)
		if err != nil {
			return errBadRequest(k, "color_hex must be a colour like #1a3a8a")
		}
		c.L, c.A, c.B = media.Lab(r, g, b)
	case "color_distance":
		d, err := strconv.ParseFloat(v, 64)
		if err != nil || !(d > 0 && d <= 100) {
			return errBadRequest(k, "color_distance must be a ΔE between 0 and 100")
		}
		c.Distance = d
	case "color_share":
		sh, err := strconv.ParseFloat(v, 64)
		if err != nil || !(sh >= 0 && sh <= 1) {
			return errBadRequest(k, "color_share must be a fraction between 0 and 1")
		}
		c.Share = sh
	}
	return nil
}

func intParam(k, v string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, errBadRequest(k, "%s must be a whole number from %d to %d", k, lo, hi)
	}
	return n, nil
}

func textValues(k string, vals []string) ([]string, error) {
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if v == "" || len(v) > 200 {
			return nil, errBadRequest(k, "%s must be 1 to 200 characters", k)
		}
		out = append(out, v)
	}
	return out, nil
}

// scopeOf normalises a query (sorted keys and values, without cursor and
// limit) so that a cursor only works for the query that made it.
func scopeOf(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		if k != "cursor" && k != "limit" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		vals := slices.Sorted(slices.Values(q[k]))
		b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(strings.Join(vals, "\x00")) + "&")
	}
	return b.String()
}

// page is a plain list query: limit and cursor, plus the endpoint's own
// parameters (extra); anything else is refused.
type page struct {
	Limit  int
	Cursor string
}

func parsePage(q url.Values, extra ...string) (*page, error) {
	p := &page{Limit: defaultLimit, Cursor: q.Get("cursor")}
	for k := range q {
		if k != "limit" && k != "cursor" && !slices.Contains(extra, k) {
			return nil, errBadRequest(k, "unknown parameter %q", k)
		}
	}
	if l := q.Get("limit"); l != "" {
		n, err := intParam("limit", l, 1, maxLimit)
		if err != nil {
			return nil, err
		}
		p.Limit = n
	}
	return p, nil
}
