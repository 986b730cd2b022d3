package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// Filter selects stills. Values within one field are ORed; fields are ANDed.
// The zero Filter matches every still.
type Filter struct {
	Values           map[string][]string // taxonomy field → allowed values
	Movies           []int64
	Directors        []string
	Cinematographers []string
	Actors           []string
	Tags             []string
	YearMin, YearMax int // 0 = unbounded
	Color            *ColorFilter
}

// ColorFilter matches stills whose palette holds a colour within Distance
// (CIE76 ΔE) of (L, A, B) covering at least Share of the frame.
type ColorFilter struct {
	L, A, B  float64
	Distance float64
	Share    float64
}

// Sorts the list offers.
const (
	SortNewest   = "newest"
	SortOldest   = "oldest"
	SortYear     = "year"
	SortYearDesc = "-year"
)

// Sorts lists the accepted sort names.
var Sorts = []string{SortNewest, SortOldest, SortYear, SortYearDesc}

// Unknown film years sort after known ones in both directions. These are
// their stand-in sort keys, matching the images_year_* index expressions.
const (
	UnknownYearAsc  = 100000
	UnknownYearDesc = -1
	yearAscExpr     = "coalesce(i.year, 100000)"
	yearDescExpr    = "coalesce(i.year, -1)"
)

// SortKey is the position of a still in a sort order: the keyset cursor.
type SortKey struct {
	Year int64 // the year sort expression's value (unused by newest/oldest)
	ID   int64
}

// KeyOf returns the sort key of s in the named sort.
func KeyOf(sort string, s *ImageSummary) SortKey {
	switch sort {
	case SortYear:
		if s.Year == 0 {
			return SortKey{Year: UnknownYearAsc, ID: s.ID}
		}
	case SortYearDesc:
		if s.Year == 0 {
			return SortKey{Year: UnknownYearDesc, ID: s.ID}
		}
	}
	return SortKey{Year: int64(s.Year), ID: s.ID}
}

// ListQuery is one page request of the stills list.
type ListQuery struct {
	Filter Filter
	Sort   string   // one of Sorts; "" = newest
	After  *SortKey // continue after this position; nil = first page
	Limit  int
}

// where builds the WHERE conditions for a filter, with i = images and
// m = movies. Each condition is written so that SQLite can answer it from
// an index: a (field, id) index for single-valued fields, the image_values
// primary key for multi-valued ones.
func (f *Filter) where() ([]string, []any) {
	var conds []string
	var args []any
	in := func(vals []string) string {
		for _, v := range vals {
			args = append(args, v)
		}
		return "(" + placeholders(len(vals)) + ")"
	}
	for _, fd := range taxonomy.Fields() {
		vals := f.Values[fd.Name]
		if len(vals) == 0 {
			continue
		}
		if fd.Multi {
			args = append(args, fd.Name)
			conds = append(conds, "i.id IN (SELECT image_id FROM image_values WHERE field = ? AND value IN "+in(vals)+")")
		} else {
			conds = append(conds, "i."+fd.Name+" IN "+in(vals))
		}
	}
	for _, l := range []struct {
		field string
		vals  []string
	}{{"tag", f.Tags}, {"actor", f.Actors}} {
		if len(l.vals) > 0 {
			args = append(args, l.field)
			conds = append(conds, "i.id IN (SELECT image_id FROM image_values WHERE field = ? AND value IN "+in(l.vals)+")")
		}
	}
	if len(f.Movies) > 0 {
		for _, id := range f.Movies {
			args = append(args, id)
		}
		conds = append(conds, "i.movie_id IN ("+placeholders(len(f.Movies))+")")
	}
	if len(f.Directors) > 0 {
		conds = append(conds, "i.movie_id IN (SELECT id FROM movies WHERE director IN "+in(f.Directors)+")")
	}
	if len(f.Cinematographers) > 0 {
		conds = append(conds, "i.movie_id IN (SELECT id FROM movies WHERE cinematographer IN "+in(f.Cinematographers)+")")
	}
	if f.YearMin > 0 || f.YearMax > 0 {
		lo, hi := f.YearMin, f.YearMax
		if hi == 0 {
			hi = 99999
		}
		conds = append(conds, yearAscExpr+" BETWEEN ? AND ?")
		args = append(args, lo, hi)
	}
	if c := f.Color; c != nil {
		// The box around the colour narrows by index; the sphere decides.
		conds = append(conds, `i.id IN (SELECT image_id FROM image_swatches
			WHERE l BETWEEN ? AND ? AND a BETWEEN ? AND ? AND b BETWEEN ? AND ? AND share >= ?
			AND (l - ?) * (l - ?) + (a - ?) * (a - ?) + (b - ?) * (b - ?) <= ?)`)
		d := c.Distance
		args = append(args, c.L-d, c.L+d, c.A-d, c.A+d, c.B-d, c.B+d, c.Share,
			c.L, c.L, c.A, c.A, c.B, c.B, d*d)
	}
	return conds, args
}

// listSQL returns the statement and arguments of a list query; it is split
// out so tests can EXPLAIN it.
func listSQL(q ListQuery) (string, []any) {
	conds, args := q.Filter.where()
	var order string
	switch q.Sort {
	case SortOldest:
		order = "i.id"
		if q.After != nil {
			conds, args = append(conds, "i.id > ?"), append(args, q.After.ID)
		}
	case SortYear:
		order = yearAscExpr + ", i.id"
		if q.After != nil {
			conds, args = append(conds, "("+yearAscExpr+", i.id) > (?, ?)"), append(args, q.After.Year, q.After.ID)
		}
	case SortYearDesc:
		order = yearDescExpr + " DESC, i.id DESC"
		if q.After != nil {
			conds, args = append(conds, "("+yearDescExpr+", i.id) < (?, ?)"), append(args, q.After.Year, q.After.ID)
		}
	default:
		order = "i.id DESC"
		if q.After != nil {
			conds, args = append(conds, "i.id < ?"), append(args, q.After.ID)
		}
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	args = append(args, q.Limit)
	return "SELECT " + summaryCols + " FROM images i LEFT JOIN movies m ON m.id = i.movie_id" +
		where + " ORDER BY " + order + " LIMIT ?", args
}

// ListImages returns one page of stills matching the query and whether more
// follow. Pages are keyset-paginated: stable under concurrent inserts, with
// no duplicates and no gaps.
func (db *DB) ListImages(ctx context.Context, q ListQuery) (items []ImageSummary, more bool, err error) {
	limit := q.Limit
	q.Limit++ // one extra row tells whether another page exists
	stmt, args := listSQL(q)
	rows, err := db.query(ctx, stmt, args...)
	if err != nil {
		return nil, false, fmt.Errorf("store: list images: %w", err)
	}
	defer rows.Close()
	items = make([]ImageSummary, 0, limit)
	for rows.Next() {
		var s ImageSummary
		if err := scanSummary(rows, &s); err != nil {
			return nil, false, fmt.Errorf("store: list images: %w", err)
		}
		items = append(items, s)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("store: list images: %w", err)
	}
	if len(items) > limit {
		return items[:limit], true, nil
	}
	return items, false, nil
}

// CountImages returns the number of stills matching a filter.
func (db *DB) CountImages(ctx context.Context, f Filter) (int, error) {
	conds, args := f.where()
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var n int
	err := db.queryRow(ctx, "SELECT count(*) FROM images i"+where, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count images: %w", err)
	}
	return n, nil
}

// AnyImages reports whether the library holds at least one still, without
// counting them all.
func (db *DB) AnyImages(ctx context.Context) (bool, error) {
	var has bool
	if err := db.queryRow(ctx, "SELECT EXISTS (SELECT 1 FROM images)").Scan(&has); err != nil {
		return false, fmt.Errorf("store: any images: %w", err)
	}
	return has, nil
}
