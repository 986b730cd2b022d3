// Command convertmovies turns the vega-datasets movies.json (an npm package:
// `npm install vega-datasets`, file node_modules/vega-datasets/data/movies.json)
// into the compact gzipped film list embedded by package data.
//
//	go run ./data/internal/convertmovies -in .../movies.json -out data/movies.json.gz
//
// It keeps only what the source says: title, release date and year, director,
// distributor, MPAA rating and genres mapped onto the taxonomy. It never adds
// credits the source lacks.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"time"
)

// film is one output record; its JSON form is what data.Movie decodes.
type film struct {
	Title       string   `json:"title"`
	Year        int      `json:"year"`
	ReleaseDate string   `json:"release_date,omitempty"`
	Director    string   `json:"director,omitempty"`
	Distributor string   `json:"distributor,omitempty"`
	Rating      string   `json:"rating,omitempty"`
	Genres      []string `json:"genres,omitempty"`
}

// source is the subset of a vega-datasets movie record we read. Title is raw
// because a few titles are JSON numbers (1776, 1941, 300, ...).
type source struct {
	Title       json.RawMessage `json:"Title"`
	ReleaseDate *string         `json:"Release Date"`
	Director    *string         `json:"Director"`
	Distributor *string         `json:"Distributor"`
	Rating      *string         `json:"MPAA Rating"`
	MajorGenre  *string         `json:"Major Genre"`
}

// genreMap maps "Major Genre" onto taxonomy genre slugs; anything else maps to none.
var genreMap = map[string][]string{
	"Action":              {"action"},
	"Adventure":           {"adventure"},
	"Comedy":              {"comedy"},
	"Black Comedy":        {"comedy"},
	"Romantic Comedy":     {"comedy", "romance"},
	"Drama":               {"drama"},
	"Horror":              {"horror"},
	"Thriller/Suspense":   {"thriller"},
	"Musical":             {"music"},
	"Western":             {"western"},
	"Documentary":         {"documentary"},
	"Concert/Performance": {"music", "documentary"},
}

// lastYear is the newest genuine release year in the dataset (it was compiled
// around 2010). Dates after it are two-digit years expanded into the wrong
// century by the source ("Gone with the Wind", "Dec 15 2039"), so they move
// back 100 years.
const lastYear = 2011

func main() {
	in := flag.String("in", "", "vega-datasets movies.json")
	out := flag.String("out", "data/movies.json.gz", "output file")
	flag.Parse()
	if *in == "" {
		log.Fatal("convertmovies: -in is required")
	}
	raw, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	films, dropped, err := convert(raw)
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	// One film a line inside a JSON array keeps diffs of the decompressed form readable.
	zw.Write([]byte("[\n"))
	for i, f := range films {
		b, err := json.Marshal(f)
		if err != nil {
			log.Fatal(err)
		}
		zw.Write(b)
		if i < len(films)-1 {
			zw.Write([]byte(","))
		}
		zw.Write([]byte("\n"))
	}
	zw.Write([]byte("]\n"))
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "convertmovies: %d films, %d dropped, %d bytes\n", len(films), dropped, buf.Len())
}

func convert(raw []byte) (films []film, dropped int, err error) {
	var src []source
	if err := json.Unmarshal(raw, &src); err != nil {
		return nil, 0, fmt.Errorf("convertmovies: parse: %w", err)
	}
	for _, s := range src {
		title := titleOf(s.Title)
		date, ok := parseDate(str(s.ReleaseDate))
		if title == "" || !ok {
			dropped++
			continue
		}
		films = append(films, film{
			Title:       title,
			Year:        date.Year(),
			ReleaseDate: date.Format(time.DateOnly),
			Director:    str(s.Director),
			Distributor: str(s.Distributor),
			Rating:      str(s.Rating),
			Genres:      genreMap[str(s.MajorGenre)],
		})
	}
	return films, dropped, nil
}

func titleOf(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		if _, err := strconv.ParseFloat(n.String(), 64); err == nil {
			return n.String()
		}
	}
	return ""
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return strings.TrimSpace(*p)
}

func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"Jan 02 2006", "Jan 2 2006", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() > lastYear {
				t = t.AddDate(-100, 0, 0)
			}
			return t, true
		}
	}
	return time.Time{}, false
}
