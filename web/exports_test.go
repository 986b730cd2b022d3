package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image/color"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"

	"github.com/shotdeck/shotdeck/export"
	"github.com/shotdeck/shotdeck/jobs"
)

type jobOut struct {
	ID          string  `json:"id"`
	Status      string  `json:"status"`
	Progress    float64 `json:"progress"`
	Error       string  `json:"error"`
	DownloadURL string  `json:"download_url"`
}

// exportDeck starts an export and waits for its job to end.
func (e *env) exportDeck(token, deckID, format string) (jobOut, int) {
	e.t.Helper()
	var out struct{ Job jobOut }
	res := e.do(req{method: "POST", path: "/api/v1/decks/" + deckID + "/exports", token: token, json: map[string]string{"format": format}})
	if res.status != 202 && res.status != 200 {
		e.t.Fatalf("start export: %d %s", res.status, res.body)
	}
	res.decode(e.t, &out)
	return e.waitJob(token, out.Job.ID), res.status
}

func (e *env) waitJob(token, id string) jobOut {
	e.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var j jobOut
		e.expect(req{method: "GET", path: "/api/v1/jobs/" + id, token: token}, 200, "").decode(e.t, &j)
		if j.Status == "done" || j.Status == "failed" {
			return j
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("job %s still %s at %.2f after a minute", id, j.Status, j.Progress)
		}
		time.Sleep(20 * time.Millisecond) // polling, as a client does; the deadline decides
	}
}

// TestExportPDFAndZIP: a 50-card deck becomes a 51-page PDF and a ZIP of
// its originals with deck.json and credits.csv; exporting the same version
// again is answered at once.
func TestExportPDFAndZIP(t *testing.T) {
	e, tm, _ := teamEnv(t)
	var stills []string
	for i := range 3 {
		res := e.upload(twoToneJPEG(t, 400, 225, 0.3+0.2*float64(i), color.RGBA{uint8(60 * i), 90, 200, 255}, color.RGBA{230, 120, 30, 255}),
			fmt.Sprintf(`{"title":"Frame %d","movie":{"title":"Amélie","year":2001,"director":"Jean-Pierre Jeunet","cinematographer":"Bruno Delbonnel"}}`, i))
		var im struct{ ID string }
		res.decode(t, &im)
		stills = append(stills, im.ID)
	}
	var cards []any
	for i := range 50 {
		c := map[string]any{"note": fmt.Sprintf("Card %d — café au lait, Ça va?", i)}
		if i%5 != 4 {
			c["image_id"] = stills[i%3]
		}
		cards = append(cards, c)
	}
	d := e.newDeck(tm.owner, map[string]any{"title": "Le fabuleux destin", "description": "Warm greens and reds", "cards": cards})

	j, status := e.exportDeck(tm.owner, d.ID, "pdf")
	if status != 202 || j.Status != "done" || j.DownloadURL == "" || j.Progress != 1 {
		t.Fatalf("pdf job: %d %+v", status, j)
	}
	res := e.expect(req{method: "GET", path: j.DownloadURL, token: tm.owner}, 200, "")
	if ct := res.header.Get("Content-Type"); ct != "application/pdf" || !strings.Contains(res.header.Get("Content-Disposition"), "le-fabuleux-destin-v1.pdf") {
		t.Fatalf("download headers: %q %q", ct, res.header.Get("Content-Disposition"))
	}
	pages, err := api.PageCount(bytes.NewReader(res.body), nil)
	if err != nil || pages != 51 {
		t.Fatalf("the PDF has %d pages (%v), want 51", pages, err)
	}
	// Same version again: the finished job, at once.
	var again struct{ Job jobOut }
	e.expect(req{method: "POST", path: "/api/v1/decks/" + d.ID + "/exports", token: tm.owner, json: map[string]string{"format": "pdf"}}, 200, "").decode(t, &again)
	if again.Job.ID != j.ID || again.Job.Status != "done" {
		t.Fatalf("second export of the same version: %+v", again.Job)
	}

	z, _ := e.exportDeck(tm.owner, d.ID, "zip")
	res = e.expect(req{method: "GET", path: z.DownloadURL, token: tm.owner}, 200, "")
	zr, err := zip.NewReader(bytes.NewReader(res.body), int64(len(res.body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*zip.File{}
	originals := 0
	for _, f := range zr.File {
		files[f.Name] = f
		if strings.HasSuffix(f.Name, ".jpg") {
			originals++
		}
	}
	if originals != 40 || files["deck.json"] == nil || files["credits.csv"] == nil || files["001-amelie-2001-frame-0.jpg"] == nil {
		names := make([]string, 0, len(files))
		for n := range files {
			names = append(names, n)
		}
		t.Fatalf("zip holds %d originals: %v", originals, names)
	}
	var inZip, fromAPI any
	json.Unmarshal(readZip(t, files["deck.json"]), &inZip)
	json.Unmarshal(e.expect(req{method: "GET", path: "/api/v1/decks/" + d.ID, token: tm.owner}, 200, "").body, &fromAPI)
	if !reflect.DeepEqual(inZip, fromAPI) {
		t.Fatal("deck.json differs from the API's deck")
	}
	rows, err := csv.NewReader(bytes.NewReader(readZip(t, files["credits.csv"]))).ReadAll()
	if err != nil || len(rows) != 41 || !strings.Contains(strings.Join(rows[1], ","), "Bruno Delbonnel") {
		t.Fatalf("credits.csv: %d rows (%v): %v", len(rows), err, rows[:min(2, len(rows))])
	}
}

func readZip(t *testing.T, f *zip.File) []byte {
	r, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var b bytes.Buffer
	b.ReadFrom(r)
	return b.Bytes()
}

func TestExportPermissionsAndSharing(t *testing.T) {
	e, tm, imageID := teamEnv(t)
	e.freshDeck(tm, imageID)
	path := "/api/v1/decks/" + tm.deckID + "/exports"
	body := map[string]string{"format": "pdf"}
	e.expect(req{method: "POST", path: path, token: tm.other, json: body}, 404, "not_found")
	e.expect(req{method: "POST", path: path, json: body}, 401, "unauthenticated")
	e.expect(req{method: "POST", path: path, token: tm.owner, json: map[string]string{"format": "docx"}}, 400, "invalid_argument")

	// The live room hears about the export while it runs.
	room := e.live(tm.owner, tm.deckID)
	room.next()
	j, _ := e.exportDeck(tm.viewer, tm.deckID, "pdf")
	if j.Status != "done" {
		t.Fatalf("a viewer's export: %+v", j)
	}
	room.until("export")
	e.expect(req{method: "GET", path: "/api/v1/jobs/" + j.ID, token: tm.owner}, 404, "not_found")
	e.expect(req{method: "GET", path: j.DownloadURL, token: tm.owner}, 404, "not_found")
	e.expect(req{method: "GET", path: "/api/v1/jobs/" + j.ID}, 401, "unauthenticated")

	// The live link allows downloads: it gets the latest export, and the
	// shared deck says which formats there are.
	var view struct{ Exports []string }
	e.expect(req{method: "GET", path: "/api/v1/shared/" + tm.liveToken}, 200, "").decode(t, &view)
	if len(view.Exports) != 1 || view.Exports[0] != "pdf" {
		t.Fatalf("shared deck lists exports %v, want [pdf]", view.Exports)
	}
	res := e.expect(req{method: "GET", path: "/api/v1/shared/" + tm.liveToken + "/exports/pdf"}, 200, "")
	if !bytes.HasPrefix(res.body, []byte("%PDF")) {
		t.Fatal("shared export is not a PDF")
	}
	e.expect(req{method: "GET", path: "/api/v1/shared/" + tm.liveToken + "/exports/zip"}, 404, "not_found")
	e.expect(req{method: "GET", path: "/api/v1/shared/" + tm.revokedToken + "/exports/pdf"}, 404, "not_found")
	// A link without download permission gets nothing.
	e.expect(req{method: "POST", path: "/api/v1/decks/" + tm.deckID + "/share", token: tm.owner, json: map[string]any{"allow_download": false}}, 201, "")
	var link struct{ Token string }
	e.expect(req{method: "POST", path: "/api/v1/decks/" + tm.deckID + "/share", token: tm.owner, json: map[string]any{}}, 201, "").decode(t, &link)
	e.expect(req{method: "GET", path: "/api/v1/shared/" + link.Token + "/exports/pdf"}, 404, "not_found")

	// A change to the deck makes the next export a new job and drops the old artifact.
	e.expect(req{method: "PATCH", path: "/api/v1/decks/" + tm.deckID, token: tm.owner, json: map[string]string{"title": "Heat v2"}}, 200, "")
	j2, status := e.exportDeck(tm.viewer, tm.deckID, "pdf")
	if status != 202 || j2.ID == j.ID {
		t.Fatalf("export after a change: %d, job %s (was %s)", status, j2.ID, j.ID)
	}
	e.expect(req{method: "GET", path: j.DownloadURL, token: tm.viewer}, 404, "not_found")

	metrics := string(e.expect(req{method: "GET", path: "/metrics", token: e.admin}, 200, "").body)
	for _, want := range []string{`shotdeck_jobs_total{kind="export",status="done"} 2`, "shotdeck_jobs_queue_depth 0"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestExportJobsSurviveACrash: an export that was running when the process
// died is done after the next start; one that cannot succeed ends failed
// with its reason.
func TestExportJobsSurviveACrash(t *testing.T) {
	e, tm, imageID := teamEnv(t)
	e.freshDeck(tm, imageID)
	ctx := context.Background()
	ownerID := int64(0)
	fmt.Sscan(e.userID(tm.owner), &ownerID)
	var deckID int64
	fmt.Sscan(tm.deckID, &deckID)
	insert := func(p export.Payload, key string) int64 {
		payload, _ := json.Marshal(p)
		j, _, err := e.db.InsertJob(ctx, export.Kind, ownerID, key, payload)
		if err != nil {
			t.Fatal(err)
		}
		return j.ID
	}
	good := insert(export.Payload{DeckID: deckID, Version: 3, Format: "zip", UserID: ownerID}, "crash-good")
	gone := insert(export.Payload{DeckID: 424242, Version: 1, Format: "pdf", UserID: ownerID}, "crash-gone")
	// Both claimed by a process that then died: they stay "running".
	for range 2 {
		if _, err := e.db.ClaimJob(ctx, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	// The next process starts its pool: it finds and finishes them.
	next := jobs.New(e.db, jobs.Options{Workers: 1})
	next.Register(export.Kind, (&export.Runner{Decks: e.srv.decks, DB: e.db, Blobs: e.blobs, Originals: e.lib.Originals}).Handle)
	if err := next.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer next.Shutdown(ctx)
	if j := e.waitJob(tm.owner, fmt.Sprint(good)); j.Status != "done" {
		t.Fatalf("recovered export: %+v", j)
	}
	if j := e.waitJob(tm.owner, fmt.Sprint(gone)); j.Status != "failed" || !strings.Contains(j.Error, "deleted") {
		t.Fatalf("export of a missing deck: %+v", j)
	}
}
