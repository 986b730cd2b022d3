package bench

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode"
)

// Names of what bench makes on the server. They are fixed so that a
// repeated run against the same data reuses them instead of piling up.
const (
	MemberName = "bench-member"
	DeckTitle  = "shotdeck bench: 500 cards"
	DeckCards  = 500
)

// Fixture is what the scenarios need from the server: a member's session,
// the deck, and values sampled from the library itself (so queries are
// realistic for whatever library the server holds).
type Fixture struct {
	Token    string              // the bench member's bearer token
	DeckID   string              // the member's 500-card deck
	CardIDs  []string            // its cards
	ImageIDs []string            // a sample of stills, for still_detail
	Words    []string            // search words from the sampled titles, descriptions and tags
	Prefixes []string            // autocomplete prefixes of film titles and people
	Taxonomy map[string][]string // facet field → its values
	Images   int                 // stills in the library
}

// Prepare makes the bench member (or resets its password when it exists,
// so its password is never stored), logs it in, samples the library and
// finds or creates the 500-card deck. adminToken is an admin's session.
func Prepare(ctx context.Context, base, adminToken string) (*Fixture, error) {
	c := newClient(base, 4)
	defer c.close()
	fx := &Fixture{}
	var err error
	if fx.Token, err = ensureUser(ctx, c, adminToken, MemberName, "member"); err != nil {
		return nil, err
	}
	if err := fx.sample(ctx, c); err != nil {
		return nil, err
	}
	if err := fx.ensureDeck(ctx, c); err != nil {
		return nil, err
	}
	return fx, nil
}

// ensureUser creates an account with a fresh random password, or gives an
// existing one that password, and returns a session token for it.
func ensureUser(ctx context.Context, c *client, adminToken, name, role string) (string, error) {
	pw := randomPassword()
	err := c.call(ctx, "POST", "/api/v1/users", adminToken, map[string]string{"username": name, "password": pw, "role": role}, nil)
	var ae *apiError
	if errors.As(err, &ae) && ae.Status == http.StatusConflict {
		err = resetPassword(ctx, c, adminToken, name, pw)
	}
	if err != nil {
		return "", fmt.Errorf("bench: account %s: %w", name, err)
	}
	return Login(ctx, c.base, name, pw)
}

func resetPassword(ctx context.Context, c *client, adminToken, name, pw string) error {
	var users struct {
		Items []struct{ ID, Username string }
	}
	if err := c.call(ctx, "GET", "/api/v1/users", adminToken, nil, &users); err != nil {
		return err
	}
	for _, u := range users.Items {
		if u.Username == name {
			return c.call(ctx, "PATCH", "/api/v1/users/"+u.ID, adminToken, map[string]string{"password": pw}, nil)
		}
	}
	return fmt.Errorf("%s is taken but not in the user list", name)
}

// Login signs in through the API and returns the session token.
func Login(ctx context.Context, base, username, password string) (string, error) {
	c := newClient(base, 1)
	defer c.close()
	var out struct{ Token string }
	if err := c.call(ctx, "POST", "/api/v1/auth/login", "", map[string]string{"username": username, "password": password}, &out); err != nil {
		return "", fmt.Errorf("bench: log in as %s: %w", username, err)
	}
	return out.Token, nil
}

func randomPassword() string {
	b := make([]byte, 16)
	_, _ = crand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// sample reads the taxonomy, a spread of still ids, details of some stills
// (words, people) and film titles.
func (fx *Fixture) sample(ctx context.Context, c *client) error {
	var tax struct {
		Fields []struct {
			Name   string
			Values []struct{ Value string }
		}
	}
	if err := c.call(ctx, "GET", "/api/v1/taxonomy", fx.Token, nil, &tax); err != nil {
		return err
	}
	fx.Taxonomy = map[string][]string{}
	for _, f := range tax.Fields {
		for _, v := range f.Values {
			fx.Taxonomy[f.Name] = append(fx.Taxonomy[f.Name], v.Value)
		}
	}
	var total struct{ Total int }
	if err := c.call(ctx, "GET", "/api/v1/search?limit=1", fx.Token, nil, &total); err != nil {
		return err
	}
	fx.Images = total.Total
	if fx.Images == 0 {
		return errNoStills
	}
	if err := fx.sampleIDs(ctx, c); err != nil {
		return err
	}
	return fx.sampleText(ctx, c)
}

// sampleIDs collects still ids from both ends of every sort and from each
// frame size, so still_detail reads rows from all over the table.
func (fx *Fixture) sampleIDs(ctx context.Context, c *client) error {
	queries := []string{"sort=newest", "sort=oldest", "sort=year", "sort=-year"}
	for _, v := range fx.Taxonomy["frame_size"] {
		queries = append(queries, "frame_size="+url.QueryEscape(v))
	}
	seen := map[string]bool{}
	for _, q := range queries {
		var page struct{ Items []struct{ ID string } }
		if err := c.call(ctx, "GET", "/api/v1/images?limit=200&"+q, fx.Token, nil, &page); err != nil {
			return err
		}
		for _, it := range page.Items {
			if !seen[it.ID] {
				seen[it.ID] = true
				fx.ImageIDs = append(fx.ImageIDs, it.ID)
			}
		}
	}
	return nil
}

// sampleText reads up to 200 stills in full and up to 1,000 films for the
// words and names that search and autocomplete requests use.
func (fx *Fixture) sampleText(ctx context.Context, c *client) error {
	words, names := map[string]bool{}, map[string]bool{}
	step := max(len(fx.ImageIDs)/200, 1)
	for i := 0; i < len(fx.ImageIDs); i += step {
		var im struct {
			Title, Description string
			Tags, Actors       []string
			Movie              *struct{ Title, Director, Cinematographer string }
		}
		if err := c.call(ctx, "GET", "/api/v1/images/"+fx.ImageIDs[i], fx.Token, nil, &im); err != nil {
			return err
		}
		addWords(words, im.Title+" "+im.Description+" "+strings.Join(im.Tags, " "))
		addNames(names, im.Actors...)
		if im.Movie != nil {
			addNames(names, im.Movie.Title, im.Movie.Director, im.Movie.Cinematographer)
		}
	}
	path := "/api/v1/movies?limit=200"
	for range 5 {
		var page struct {
			Items      []struct{ Title, Director string }
			NextCursor *string `json:"next_cursor"`
		}
		if err := c.call(ctx, "GET", path, fx.Token, nil, &page); err != nil {
			return err
		}
		for _, m := range page.Items {
			addNames(names, m.Title, m.Director)
		}
		if page.NextCursor == nil {
			break
		}
		path = "/api/v1/movies?limit=200&cursor=" + url.QueryEscape(*page.NextCursor)
	}
	// A fixed shuffle: consecutive requests ask about unrelated things, and
	// the order is the same from run to run.
	r := rand.New(rand.NewPCG(1, 2))
	fx.Words = shuffled(r, words)
	fx.Prefixes = shuffled(r, prefixesOf(names))
	if len(fx.Words) == 0 || len(fx.Prefixes) == 0 {
		return errors.New("bench: the sampled stills have no words to search for")
	}
	return nil
}

// stopWords are too common to make a search of their own.
var stopWords = map[string]bool{"the": true, "and": true, "with": true, "for": true, "from": true, "into": true,
	"its": true, "his": true, "her": true, "their": true, "that": true, "this": true, "are": true, "was": true}

func addWords(set map[string]bool, text string) {
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) >= 3 && !stopWords[w] {
			set[w] = true
		}
	}
}

func addNames(set map[string]bool, names ...string) {
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			set[n] = true
		}
	}
}

// prefixesOf is what people type into the search box: the first 2 to 6
// letters of a name, lowercased.
func prefixesOf(names map[string]bool) map[string]bool {
	out := map[string]bool{}
	for n := range names {
		r := []rune(strings.ToLower(n))
		for l := 2; l <= min(6, len(r)); l++ {
			if p := strings.TrimSpace(string(r[:l])); len([]rune(p)) == l {
				out[p] = true
			}
		}
	}
	return out
}

func shuffled(r *rand.Rand, set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	slices.Sort(out)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// ensureDeck reuses the member's bench deck when it still has its 500
// cards, and creates it otherwise: cards pointing at sampled stills, each
// with a note and text elements, in one request.
func (fx *Fixture) ensureDeck(ctx context.Context, c *client) error {
	var decks struct {
		Items []struct {
			ID, Title string
			CardCount int `json:"card_count"`
		}
	}
	if err := c.call(ctx, "GET", "/api/v1/decks?limit=200", fx.Token, nil, &decks); err != nil {
		return err
	}
	for _, d := range decks.Items {
		if d.Title == DeckTitle && d.CardCount == DeckCards {
			fx.DeckID = d.ID
			return fx.loadCards(ctx, c)
		}
	}
	cards := make([]map[string]any, DeckCards)
	for i := range cards {
		cards[i] = map[string]any{
			"image_id": fx.ImageIDs[i%len(fx.ImageIDs)],
			"note":     fmt.Sprintf("Card %d: %s", i+1, fx.Words[i%len(fx.Words)]),
			"text_elements": []map[string]any{
				{"text": "INT. LOCATION " + fmt.Sprint(i+1), "x": 0.05, "y": 0.05, "width": 0.4, "height": 0.1},
				{"text": "Night", "x": 0.6, "y": 0.85, "width": 0.3, "height": 0.1, "style": map[string]any{"color": "#ffcc00", "size": 18}},
			},
		}
	}
	var d struct{ ID string }
	body := map[string]any{"title": DeckTitle, "description": "made by shotdeck bench", "cards": cards}
	if err := c.call(ctx, "POST", "/api/v1/decks", fx.Token, body, &d); err != nil {
		return err
	}
	fx.DeckID = d.ID
	return fx.loadCards(ctx, c)
}

func (fx *Fixture) loadCards(ctx context.Context, c *client) error {
	var d struct{ Cards []struct{ ID string } }
	if err := c.call(ctx, "GET", "/api/v1/decks/"+fx.DeckID, fx.Token, nil, &d); err != nil {
		return err
	}
	if len(d.Cards) != DeckCards {
		return fmt.Errorf("bench: deck %s has %d cards, want %d", fx.DeckID, len(d.Cards), DeckCards)
	}
	fx.CardIDs = fx.CardIDs[:0]
	for _, cd := range d.Cards {
		fx.CardIDs = append(fx.CardIDs, cd.ID)
	}
	return nil
}
