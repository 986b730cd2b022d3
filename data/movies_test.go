package data

import (
	"testing"
	"time"

	"github.com/shotdeck/shotdeck/taxonomy"
)

func TestMovies(t *testing.T) {
	list, err := Movies()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 3000 || len(list) > 3300 {
		t.Fatalf("got %d films, want about 3,200", len(list))
	}
	genre, _ := taxonomy.Lookup("genre")
	var directed, genred int
	titles := map[string]bool{}
	for _, m := range list {
		if m.Title == "" {
			t.Fatalf("film without a title: %+v", m)
		}
		if m.Year < 1900 || m.Year > 2012 {
			t.Errorf("%s: year %d", m.Title, m.Year)
		}
		if m.ReleaseDate != "" {
			d, err := time.Parse(time.DateOnly, m.ReleaseDate)
			if err != nil || d.Year() != m.Year {
				t.Errorf("%s: release date %q, year %d", m.Title, m.ReleaseDate, m.Year)
			}
		}
		for _, g := range m.Genres {
			if !genre.Has(g) {
				t.Errorf("%s: genre %q is not in the taxonomy", m.Title, g)
			}
		}
		if m.Director != "" {
			directed++
		}
		if len(m.Genres) > 0 {
			genred++
		}
		titles[m.Title] = true
	}
	if directed < 1500 || genred < 2500 {
		t.Errorf("%d films with a director, %d with genres: conversion lost data", directed, genred)
	}
	// Numeric titles in the source are kept as text.
	for _, title := range []string{"1776", "300", "Gone with the Wind"} {
		if !titles[title] {
			t.Errorf("film %q missing", title)
		}
	}
	again, _ := Movies()
	if &again[0] != &list[0] {
		t.Error("Movies parsed the data twice")
	}
}
