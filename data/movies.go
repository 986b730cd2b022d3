// Package data holds the embedded demo library and the synthetic data
// generator: real film metadata (from the vega-datasets movies table),
// procedurally rendered demo stills with a JSON Lines import manifest, and a
// fast deterministic catalog generator for benchmarks.
package data

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// movies.json.gz is converted from the npm package vega-datasets (3.x):
// first `mkdir -p /tmp/vega && cd /tmp/vega && npm install vega-datasets`, then:
//
//go:generate go run ./internal/convertmovies -in /tmp/vega/node_modules/vega-datasets/data/movies.json -out movies.json.gz

//go:embed movies.json.gz
var moviesGz []byte

// Movie is one real film from the vega-datasets movies table. Fields the
// source does not have are empty; nothing is invented.
type Movie struct {
	Title       string   `json:"title"`
	Year        int      `json:"year"`
	ReleaseDate string   `json:"release_date,omitempty"` // YYYY-MM-DD
	Director    string   `json:"director,omitempty"`
	Distributor string   `json:"distributor,omitempty"`
	Rating      string   `json:"rating,omitempty"` // MPAA rating
	Genres      []string `json:"genres,omitempty"` // taxonomy genre slugs
}

var movies struct {
	once sync.Once
	list []Movie
	err  error
}

// Movies returns the embedded films, about 3,200 of them, in source order.
// The list is parsed once and shared: callers must not modify it.
func Movies() ([]Movie, error) {
	movies.once.Do(func() {
		movies.list, movies.err = decodeMovies(moviesGz)
	})
	return movies.list, movies.err
}

func decodeMovies(gz []byte) ([]Movie, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("data: movies: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("data: movies: %w", err)
	}
	var list []Movie
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("data: movies: %w", err)
	}
	return list, nil
}

// mustMovies is for the demo and the generator, whose film list is embedded:
// a failure is a broken build, not a runtime condition.
func mustMovies() []Movie {
	list, err := Movies()
	if err != nil {
		panic(err)
	}
	if len(list) == 0 {
		panic("data: no embedded movies")
	}
	return list
}

var movieJSON struct {
	once sync.Once
	list [][]byte
}

// encodedMovies returns the manifest `movie` object of every film, encoded
// once so that manifest lines only copy bytes.
func encodedMovies() [][]byte {
	movieJSON.once.Do(func() {
		list := mustMovies()
		out := make([][]byte, len(list))
		for i := range list {
			out[i] = appendMovie(nil, &list[i])
		}
		movieJSON.list = out
	})
	return movieJSON.list
}
