package cache

import (
	"fmt"
	"time"
)

// Class is a kind of cached response. It fixes the entry's TTL, the
// domains whose generations go into its keys, and the name under which its
// hits and misses are reported (metrics, Server-Timing).
//
// Deck data is edited live by several people and must never be served
// stale (DESIGN.md, "Consistency and caching"), so the Deck class is only
// for keys that name the deck's version: an entry for version 12 is the
// deck at version 12, whenever it is read.
type Class uint8

// The cached response classes. The zero Class is invalid, so a forgotten
// field cannot silently mean List.
const (
	List         Class = iota + 1 // GET /images pages
	Search                        // GET /search (text + facet filters + counts)
	Facets                        // GET /facets
	Autocomplete                  // GET /autocomplete
	Movies                        // GET /movies and /movies/:id
	Taxonomy                      // GET /taxonomy
	Deck                          // GET /decks/:id at one version (the version is in the key)
	numClasses                    // one past the last class
)

// Domain is a family of data whose writes invalidate cached responses.
// Each domain has a generation number that every committed write bumps.
type Domain uint8

// The invalidation domains, matching store.Change.
const (
	Images     Domain = iota // stills, movies, the outbox
	Decks                    // decks, cards, members (no class depends on it: deck keys hold the version)
	Users                    // accounts
	numDomains               // one past the last domain
)

// classInfo is the fixed description of a class.
type classInfo struct {
	name string
	ttl  time.Duration
	deps []Domain
}

// classes describes every class. TTLs come from DESIGN.md; they bound memory
// churn, not staleness: freshness comes from the generations in the key.
// Every library class depends on Images alone: store.Change reports stills
// and movies together, and the taxonomy table is compiled in, but depending
// on Images costs the taxonomy one miss per write and protects us the day
// it grows counts.
var classes = [numClasses]classInfo{
	List:         {name: "list", ttl: 5 * time.Minute, deps: []Domain{Images}},
	Search:       {name: "search", ttl: 10 * time.Minute, deps: []Domain{Images}},
	Facets:       {name: "facets", ttl: time.Hour, deps: []Domain{Images}},
	Autocomplete: {name: "autocomplete", ttl: 30 * time.Minute, deps: []Domain{Images}},
	Movies:       {name: "movies", ttl: 5 * time.Minute, deps: []Domain{Images}},
	Taxonomy:     {name: "taxonomy", ttl: time.Hour, deps: []Domain{Images}},
	// A deck shows stills and usernames, which change without a new deck
	// version.
	Deck: {name: "deck", ttl: 5 * time.Minute, deps: []Domain{Images, Users}},
}

// Classes lists every class, for callers that report on all of them.
func Classes() []Class {
	out := make([]Class, 0, numClasses-1)
	for cl := Class(1); cl < numClasses; cl++ {
		out = append(out, cl)
	}
	return out
}

// valid reports whether cl is one of the declared classes.
func (cl Class) valid() bool { return cl > 0 && cl < numClasses }

// String is the class's name as used in metrics labels and Server-Timing.
func (cl Class) String() string {
	if !cl.valid() {
		return fmt.Sprintf("class(%d)", uint8(cl))
	}
	return classes[cl].name
}

// TTL is the class's default time to live.
func (cl Class) TTL() time.Duration {
	if !cl.valid() {
		return 0
	}
	return classes[cl].ttl
}

// String is the domain's name, for logs.
func (d Domain) String() string {
	switch d {
	case Images:
		return "images"
	case Decks:
		return "decks"
	case Users:
		return "users"
	}
	return fmt.Sprintf("domain(%d)", uint8(d))
}
