package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/shotdeck/shotdeck/library"
)

// remoteChunk is how many catalog lines go in one POST /images/bulk.
const remoteChunk = 2000

// remote imports a manifest through a running server's API: catalog lines
// in chunks through POST /images/bulk, lines with files one by one through
// POST /images (or PATCH when the same bytes are already that still).
type remote struct {
	base   string
	token  string
	client *http.Client
	dir    string
	sum    library.Summary
	start  time.Time

	chunk      bytes.Buffer
	chunkLines []int // manifest line number of each line in chunk
}

func importRemote(ctx context.Context, base, token string, r io.Reader, dir string, progress func(library.Progress)) (*library.Summary, error) {
	rm := &remote{base: strings.TrimRight(base, "/"), token: token, client: &http.Client{Timeout: 10 * time.Minute}, dir: dir, start: time.Now()}
	last := time.Now()
	report := func() {
		if progress != nil {
			rm.sum.Elapsed = time.Since(rm.start)
			progress(rm.sum.Progress)
		}
	}
	err := library.Lines(r, 1, func(lineNo int, raw []byte, tooLong bool) error {
		rm.sum.Lines++
		if err := rm.line(ctx, lineNo, raw, tooLong); err != nil {
			return err
		}
		if time.Since(last) > 250*time.Millisecond {
			report()
			last = time.Now()
		}
		return nil
	})
	if err == nil {
		err = rm.flush(ctx)
	}
	rm.sum.Elapsed = time.Since(rm.start)
	report()
	return &rm.sum, err
}

func (rm *remote) fail(line int, msg string) {
	rm.sum.Failed++
	rm.sum.FailedLines = append(rm.sum.FailedLines, library.LineError{Line: line, Error: msg})
}

func (rm *remote) line(ctx context.Context, lineNo int, raw []byte, tooLong bool) error {
	if tooLong {
		rm.fail(lineNo, fmt.Sprintf("line is longer than %d bytes", library.MaxLineBytes))
		return nil
	}
	l, _, err := library.ParseLine(raw)
	if err != nil || l.File == "" {
		// Catalog lines, and lines the server will reject with the same
		// message it gives everyone, go in bulk.
		rm.chunk.Write(bytes.TrimSpace(raw))
		rm.chunk.WriteByte('\n')
		rm.chunkLines = append(rm.chunkLines, lineNo)
		if len(rm.chunkLines) >= remoteChunk || rm.chunk.Len() > 8<<20 {
			return rm.flush(ctx)
		}
		return nil
	}
	// Keep manifest order: earlier catalog lines for this id land first.
	if err := rm.flush(ctx); err != nil {
		return err
	}
	return rm.upload(ctx, lineNo, raw, l)
}

// flush sends the pending catalog lines.
func (rm *remote) flush(ctx context.Context) error {
	if len(rm.chunkLines) == 0 {
		return nil
	}
	var res struct {
		Created  int                 `json:"created"`
		Updated  int                 `json:"updated"`
		Failed   []library.LineError `json:"failed"`
		Warnings []library.LineError `json:"warnings"`
	}
	err := rm.do(ctx, "POST", "/api/v1/images/bulk", "application/x-ndjson", rm.chunk.Bytes(), &res)
	if err != nil {
		return err
	}
	rm.sum.Created += res.Created
	rm.sum.Updated += res.Updated
	for _, f := range res.Failed {
		rm.fail(rm.chunkLines[f.Line-1], f.Error)
	}
	for _, w := range res.Warnings {
		rm.sum.Warnings++
		rm.sum.WarningLines = append(rm.sum.WarningLines, library.LineError{Line: rm.chunkLines[w.Line-1], Error: w.Error})
	}
	rm.chunk.Reset()
	rm.chunkLines = rm.chunkLines[:0]
	return nil
}

// upload sends one line with its file.
func (rm *remote) upload(ctx context.Context, lineNo int, raw []byte, l *library.Line) error {
	data, err := library.ReadManifestFile(os.DirFS(rm.dir), l.File, 1<<40)
	if err != nil {
		rm.fail(lineNo, err.Error())
		return nil
	}
	var obj map[string]json.RawMessage
	_ = json.Unmarshal(raw, &obj) // ParseLine accepted it
	delete(obj, "file")
	meta, _ := json.Marshal(obj)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, _ := mw.CreateFormFile("file", "still")
	part.Write(data)
	mw.WriteField("metadata", string(meta))
	mw.Close()
	var im struct {
		ExternalID string `json:"external_id"`
		CreatedAt  string `json:"created_at"`
		UpdatedAt  string `json:"updated_at"`
	}
	err = rm.do(ctx, "POST", "/api/v1/images", mw.FormDataContentType(), body.Bytes(), &im)
	if ae, ok := err.(*apiErr); ok && ae.Status == http.StatusConflict && ae.ExistingID != "" {
		err = rm.reimport(ctx, ae.ExistingID, l.ID, meta)
		if ae2, ok := err.(*apiErr); ok && ae2.Status < 500 {
			rm.fail(lineNo, ae2.Message)
			return nil
		}
		if err == nil {
			rm.sum.Updated++
		}
		return err
	}
	if ae, ok := err.(*apiErr); ok && ae.Status < 500 { // 401 and 403 came back as fatal errors
		rm.fail(lineNo, ae.Message)
		return nil
	}
	if err != nil {
		return err
	}
	if im.CreatedAt == im.UpdatedAt {
		rm.sum.Created++
	} else {
		rm.sum.Updated++
	}
	return nil
}

// reimport handles a file the server already has: when it is this line's
// still, the line's metadata is applied with PATCH (import is idempotent);
// when it is another still, the line fails like a local import would.
func (rm *remote) reimport(ctx context.Context, existingID, externalID string, meta []byte) error {
	var im struct {
		ExternalID string `json:"external_id"`
	}
	if err := rm.do(ctx, "GET", "/api/v1/images/"+existingID, "", nil, &im); err != nil {
		return err
	}
	if im.ExternalID != externalID {
		return &apiErr{Status: 409, Message: fmt.Sprintf("the same image is already stored as still %s (id %q)", existingID, im.ExternalID)}
	}
	return rm.do(ctx, "PATCH", "/api/v1/images/"+existingID, "application/json", meta, nil)
}

// apiErr is an error answer of the server.
type apiErr struct {
	Status     int
	Message    string
	ExistingID string
}

func (e *apiErr) Error() string { return fmt.Sprintf("server answered %d: %s", e.Status, e.Message) }

func (rm *remote) do(ctx context.Context, method, path, ctype string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, rm.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Authorization", "Bearer "+rm.token)
	resp, err := rm.client.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode >= 400 {
		var e struct {
			Error struct {
				Message    string `json:"message"`
				ExistingID string `json:"existing_id"`
			} `json:"error"`
		}
		_ = json.Unmarshal(b, &e)
		ae := &apiErr{Status: resp.StatusCode, Message: e.Error.Message, ExistingID: e.Error.ExistingID}
		if ae.Message == "" {
			ae.Message = strings.TrimSpace(string(b))
		}
		if resp.StatusCode == 401 || resp.StatusCode == 403 {
			return fmt.Errorf("the server refused the token (%d: %s); log in as an admin and pass --token", resp.StatusCode, ae.Message)
		}
		return ae
	}
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: unexpected answer: %w", method, path, err)
		}
	}
	return nil
}
