package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/shotdeck/shotdeck/data"
)

// Meter shows a load phase's progress on one rewritten line, at most four
// times a second.
type Meter struct {
	// Note, when set, adds to the line (the index lag during an import).
	Note func() string

	w     io.Writer
	label string
	total int
	start time.Time
	last  time.Time
}

// NewMeter starts a meter for total items; w nil is silent.
func NewMeter(w io.Writer, label string, total int) *Meter {
	return &Meter{w: w, label: label, total: total, start: time.Now()}
}

// Update shows done of total with the rate so far and the time left.
func (m *Meter) Update(done int) {
	if m.w == nil || time.Since(m.last) < 250*time.Millisecond {
		return
	}
	m.last = time.Now()
	r := rate(done, time.Since(m.start))
	note := ""
	if m.Note != nil {
		note = "  " + m.Note()
	}
	fmt.Fprintf(m.w, "\r%s: %s / %s  %s/s  ETA %s%s   ", m.label, thousands(int64(done)), thousands(int64(m.total)),
		thousands(int64(r)), eta(m.total-done, r), note)
}

// Done ends the line with the final count and rate.
func (m *Meter) Done(done int) {
	if m.w == nil {
		return
	}
	fmt.Fprintf(m.w, "\r%s: %s in %s (%s/s)          \n", m.label, thousands(int64(done)),
		time.Since(m.start).Round(time.Millisecond), thousands(int64(rate(done, time.Since(m.start)))))
}

func rate(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

func eta(left int, perSecond float64) string {
	if perSecond <= 0 {
		return "?"
	}
	return (time.Duration(float64(left)/perSecond) * time.Second).Round(time.Second).String()
}

// indexStall is how long the index lag may stay put before WaitIndexed
// gives up.
const indexStall = 5 * time.Minute

// WaitIndexed waits until /readyz says the search index has applied every
// change (index_lag 0), showing the lag on w. It returns how long it took.
func WaitIndexed(ctx context.Context, base string, w io.Writer) (time.Duration, error) {
	c := newClient(base, 1)
	defer c.close()
	start := time.Now()
	best, bestAt := int64(-1), time.Now()
	first := int64(-1)
	shown := false // a progress line is on screen and needs ending
	for {
		lag, status, err := readyz(ctx, c)
		if err != nil {
			return 0, err
		}
		if status == "ready" && lag == 0 {
			if w != nil && shown {
				fmt.Fprintf(w, "\rindexing: caught up in %s                                \n", time.Since(start).Round(time.Millisecond))
			}
			return time.Since(start), nil
		}
		if status == "ready" {
			if first < 0 {
				first = lag
			}
			if best < 0 || lag < best {
				best, bestAt = lag, time.Now()
			}
		}
		if time.Since(bestAt) > indexStall {
			return 0, fmt.Errorf("bench: the search index lag has stayed at %d or more for %s", best, indexStall)
		}
		if w != nil {
			shown = true
			if status == "ready" {
				r := rate(int(first-lag), time.Since(start))
				fmt.Fprintf(w, "\rindexing: index lag %s  %s/s  ETA %s   ", thousands(lag), thousands(int64(r)), eta(int(lag), r))
			} else {
				fmt.Fprintf(w, "\rindexing: the search index is loading (%s)   ", time.Since(start).Round(time.Second))
			}
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// readyz reads /readyz: "ready" with the lag, or the 503's status while the
// index loads.
func readyz(ctx context.Context, c *client) (int64, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/readyz", nil)
	if err != nil {
		return 0, "", fmt.Errorf("bench: %w", err)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0, "", fmt.Errorf("bench: readyz: %w", err)
	}
	defer res.Body.Close()
	var out struct {
		Status   string `json:"status"`
		IndexLag int64  `json:"index_lag"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return 0, "", fmt.Errorf("bench: readyz: %s: %w", res.Status, err)
	}
	if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusServiceUnavailable {
		return 0, "", fmt.Errorf("bench: readyz: %s", res.Status)
	}
	return out.IndexLag, out.Status, nil
}

// CountStills asks a ready server how many stills it holds.
func CountStills(ctx context.Context, base, token string) (int, error) {
	c := newClient(base, 1)
	defer c.close()
	var out struct{ Total int }
	if err := c.call(ctx, "GET", "/api/v1/search?limit=1", token, nil, &out); err != nil {
		return 0, err
	}
	return out.Total, nil
}

// bulkChunk is how many lines one POST /images/bulk carries.
const bulkChunk = 2000

// ImportBulk sends generated lines [from, to) of seed's synthetic catalog
// (data.GenerateLines) to a running server through POST
// /api/v1/images/bulk, in chunks, showing progress on w.
func ImportBulk(ctx context.Context, base, adminToken string, from, to int, seed int64, w io.Writer) (*Import, error) {
	c := newClient(base, 1)
	defer c.close()
	m := NewMeter(w, "importing", to-from)
	start := time.Now()
	var chunk bytes.Buffer
	lines, sent := 0, 0
	flush := func() error {
		if lines == 0 {
			return nil
		}
		var res struct {
			Failed []struct {
				Line  int
				Error string
			}
		}
		if err := c.call(ctx, "POST", "/api/v1/images/bulk", adminToken, chunk.Bytes(), &res); err != nil {
			return err
		}
		if len(res.Failed) > 0 {
			return fmt.Errorf("bench: a generated line failed to import: %s", res.Failed[0].Error)
		}
		sent += lines
		chunk.Reset()
		lines = 0
		m.Update(sent)
		return nil
	}
	i := 0
	err := data.GenerateLines(to, seed, func(line []byte) error {
		i++
		if i <= from {
			return nil // already there: line i is the same for any n
		}
		chunk.Write(line)
		if lines++; lines == bulkChunk {
			return flush()
		}
		return ctx.Err()
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return nil, fmt.Errorf("bench: import: %w", err)
	}
	m.Done(sent)
	d := time.Since(start)
	return &Import{Stills: sent, Reused: from, Seconds: d.Seconds(), PerSecond: rate(sent, d), Via: "bulk API"}, nil
}

// PeakRSS is the process's peak resident set size (VmHWM), on Linux.
func PeakRSS() (int64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kb); err == nil {
				return kb << 10, true
			}
		}
	}
	return 0, false
}

// LoadAverage is /proc/loadavg's first three fields, "" elsewhere: other
// work on the machine is part of what a run measured.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

var errNoStills = errors.New("bench: the library has no stills; import some (--images N)")
