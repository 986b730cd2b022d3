package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/deck"
	"github.com/shotdeck/shotdeck/export"
	"github.com/shotdeck/shotdeck/jobs"
	"github.com/shotdeck/shotdeck/store"
)

// startExport serves POST /decks/{id}/exports: anyone who can see the deck
// may export it. The same deck version exported again by the same user is
// the same job, answered at once (200) when it is done.
func (s *Server) startExport(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var body struct {
		Format string `json:"format"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	if _, ok := export.Formats[body.Format]; !ok {
		return errBadRequest("format", `format must be "pdf" or "zip"`)
	}
	who := actor(c)
	d, err := s.decks.Get(c.UserContext(), who, id)
	if err != nil {
		return err
	}
	if !deck.Role(d.Role).Can(deck.Export) {
		return deck.ErrForbidden
	}
	j, err := s.enqueueExport(c, export.Payload{DeckID: id, Version: d.Version, Format: body.Format, UserID: who.ID})
	if err != nil {
		return err
	}
	status := fiber.StatusAccepted
	if j.Status == jobs.Done {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(fiber.Map{"job": s.jobView(j)})
}

// enqueueExport queues the export, or finds the job that already made it.
// A done job whose artifact has since been evicted is started afresh.
func (s *Server) enqueueExport(c *fiber.Ctx, p export.Payload) (*jobs.Job, error) {
	key := fmt.Sprintf("export:%d:%d:%s:%d", p.DeckID, p.Version, p.Format, p.UserID)
	for range 2 {
		j, _, err := s.jobs.Enqueue(c.UserContext(), export.Kind, p.UserID, key, p)
		if err != nil || j.Status != jobs.Done {
			return j, err
		}
		if r, err := exportResult(j); err == nil && s.cfg.Blobs.HasArtifact(r.Key) {
			return j, nil
		}
		if err := s.jobs.Delete(c.UserContext(), j.ID); err != nil {
			return nil, err
		}
	}
	return nil, errors.New("export: could not start a fresh export job")
}

// jobView is the Job of API.md with its download URL once done.
func (s *Server) jobView(j *jobs.Job) *jobs.Job {
	v := *j
	if v.Status == jobs.Done && v.Kind == export.Kind {
		v.DownloadURL = "/api/v1/jobs/" + strconv.FormatInt(v.ID, 10) + "/download"
	}
	return &v
}

// ownJob loads a job of the caller's; anyone else's is not found.
func (s *Server) ownJob(c *fiber.Ctx) (*jobs.Job, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return nil, err
	}
	j, err := s.jobs.Get(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	if j.OwnerID != currentUser(c).ID {
		return nil, errNotFound
	}
	return j, nil
}

func (s *Server) getJob(c *fiber.Ctx) error {
	j, err := s.ownJob(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(s.jobView(j))
}

// exportResult reads where a finished export job put its file.
func exportResult(j *jobs.Job) (*export.Result, error) {
	var r export.Result
	if err := json.Unmarshal(j.Result, &r); err != nil {
		return nil, fmt.Errorf("export job %d result: %w", j.ID, err)
	}
	return &r, nil
}

func (s *Server) downloadJob(c *fiber.Ctx) error {
	j, err := s.ownJob(c)
	if err != nil {
		return err
	}
	if j.Kind != export.Kind || j.Status != jobs.Done {
		return &apiError{Status: 409, Code: "conflict", Message: "the export is not finished yet; poll the job"}
	}
	r, err := exportResult(j)
	if err != nil {
		return err
	}
	err = s.sendArtifact(c, r.Key, r.Title)
	if errors.Is(err, store.ErrNotFound) {
		return &apiError{Status: 404, Code: "not_found", Message: "this export was replaced by a newer one or evicted; export again"}
	}
	return err
}

// sendArtifact sends an export as a download named after the deck.
func (s *Server) sendArtifact(c *fiber.Ctx, k store.ArtifactKey, title string) error {
	data, err := s.cfg.Blobs.Artifact(k)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s-v%d.%s", fileSlug(title), k.Version, k.Format)
	c.Set(fiber.HeaderContentType, export.Formats[k.Format])
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	return c.Send(data)
}

// fileSlug makes a download name from a deck title: ASCII letters, digits
// and dashes, never a path.
func fileSlug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
		switch {
		case ok:
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "deck"
	}
	return out
}

// sharedExport serves the latest export of a shared deck to a link that
// allows downloads.
func (s *Server) sharedExport(c *fiber.Ctx) error {
	d, sh, err := s.decks.Shared(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	format := c.Params("format")
	if _, ok := export.Formats[format]; !ok || !sh.AllowDownload {
		return errNotFound
	}
	k, ok := s.cfg.Blobs.LatestArtifact(d.ID, format)
	if !ok {
		return &apiError{Status: 404, Code: "not_found", Message: "this deck has not been exported as " + format + " yet"}
	}
	return s.sendArtifact(c, k, d.Title)
}

// jobUpdated counts finished jobs for /metrics and posts an export's
// progress to its deck's live room.
func (s *Server) jobUpdated(j jobs.Job) {
	if s.metrics != nil && (j.Status == jobs.Done || j.Status == jobs.Failed) {
		s.metrics.ObserveJob(j.Kind, j.Status)
	}
	if j.Kind != export.Kind {
		return
	}
	var p export.Payload
	if j.DecodePayload(&p) != nil {
		return
	}
	frame, err := json.Marshal(fiber.Map{"type": "export", "format": p.Format, "job": s.jobView(&j)})
	if err == nil {
		s.hub.Announce(p.DeckID, frame)
	}
}
