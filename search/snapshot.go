package search

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/shotdeck/shotdeck/facets"
)

// A snapshot saves the in-memory state (the facet engine and film titles)
// with the outbox position it reflects, so a restart loads it in a moment
// and replays only newer outbox entries, instead of scanning every still.
// It is derived data: a missing or unreadable snapshot only means a slower
// start.

const snapshotMagic = "shotdeck-search-snapshot/1\n"

// snapshotPath is where the snapshot of the index at dir lives: beside it,
// so that a reindex (which swaps dir) leaves it alone.
func snapshotPath(dir string) string {
	return filepath.Join(filepath.Dir(dir), filepath.Base(dir)+".snapshot")
}

// saveSnapshot writes the snapshot atomically: a temp file, then a rename.
func (s *Service) saveSnapshot() error {
	seq := s.applied.Load()
	path := snapshotPath(s.dir)
	f, err := os.CreateTemp(filepath.Dir(path), ".snapshot-*")
	if err != nil {
		return fmt.Errorf("search: snapshot: %w", err)
	}
	defer os.Remove(f.Name()) // after a successful rename this fails harmlessly
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(snapshotMagic)
	binary.Write(w, binary.LittleEndian, seq)
	titles := s.movieTitles()
	binary.Write(w, binary.LittleEndian, uint32(len(titles)))
	for id, t := range titles {
		binary.Write(w, binary.LittleEndian, id)
		binary.Write(w, binary.LittleEndian, uint32(len(t)))
		w.WriteString(t)
	}
	_, err = s.facets.WriteTo(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("search: snapshot: %w", err)
	}
	s.savedSeq.Store(seq)
	s.lastSaved = time.Now()
	return nil
}

// loadSnapshot reads the snapshot, returning the outbox position it
// reflects. Any problem is an error; the caller then scans SQLite instead.
func (s *Service) loadSnapshot() (int64, error) {
	f, err := os.Open(snapshotPath(s.dir))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	magic := make([]byte, len(snapshotMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != snapshotMagic {
		return 0, errors.New("not a snapshot of this version")
	}
	var seq int64
	var n uint32
	if err := errors.Join(binary.Read(r, binary.LittleEndian, &seq), binary.Read(r, binary.LittleEndian, &n)); err != nil {
		return 0, err
	}
	titles := make(map[uint32]string, min(n, 1<<20))
	for range n {
		var id, l uint32
		if err := errors.Join(binary.Read(r, binary.LittleEndian, &id), binary.Read(r, binary.LittleEndian, &l)); err != nil {
			return 0, err
		}
		if l > 4096 {
			return 0, errors.New("corrupt snapshot: a title is too long")
		}
		b := make([]byte, l)
		if _, err := io.ReadFull(r, b); err != nil {
			return 0, err
		}
		titles[id] = string(b)
	}
	fx, err := facets.Load(r)
	if err != nil {
		return 0, err
	}
	s.facets = fx
	s.titlesMu.Lock()
	s.titles = titles
	s.titlesMu.Unlock()
	s.savedSeq.Store(seq)
	return seq, nil
}
