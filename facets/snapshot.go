package facets

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
)

// A snapshot saves the whole index so that a restart loads it in a fraction
// of a second instead of replaying a million Puts. It is derived data, like
// the index: when Load refuses a snapshot, the caller rebuilds from SQLite.
//
// Format (version snapshotVersion), little-endian, uvarints as in
// encoding/binary:
//
//	header   snapshotMagic, version (uint32)
//	frames   the payload, in frames of a length (uint32, at most frameMax)
//	         and that many bytes; a frame of length 0 ends it
//	trailer  CRC-32C of every byte above (uint32)
//
// The payload holds, in order:
//
//	fields    count; each field's name (length, bytes), in field order
//	postings  count; each posting's field index, key length and display
//	          code (0: the key itself, else its length + 1); then the bytes
//	          of every key and display, in order
//	bitmaps   all, hasYear, then each posting's, in roaring's format
//	pages     count; each a byte (0 absent, 1 present, 2 present with
//	          palette slots); a present page's pageSize list lengths, its
//	          lists, then for each slot with a list its year (uint16) and,
//	          with palette slots, its palette size (byte)
//	grid      a byte (0 no grid); count of non-empty cells; each cell's
//	          index delta, entry count and entries of entrySize bytes: id,
//	          L, a, b, share (float32 bits), and the entry's place in its
//	          doc's palette
//
// Whatever can be derived is: a field's folding and segment, the value
// maps, the years, the cost-model sums, where each swatch sits in the grid.
// Derived state cannot disagree with the stored state, and it keeps the
// snapshot small. The frames let Load read exactly the snapshot's bytes, so
// that a snapshot can sit inside a larger stream.
const (
	snapshotMagic   = "sdfacets"
	snapshotVersion = 1
	frameMax        = 64 << 10
	entrySize       = 21
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrInvalidSnapshot is wrapped by every error of Load about the snapshot's
// content, as opposed to one of reading it.
var ErrInvalidSnapshot = errors.New("facets: invalid snapshot")

// WriteTo writes a snapshot of the whole index to w (implements
// io.WriterTo). It holds the read lock, so concurrent readers continue; a
// concurrent Put waits. As sync.RWMutex goes, so do readers arriving after
// that Put: write to a local file, not to a slow network stream.
func (x *Index) WriteTo(w io.Writer) (int64, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	e := &encoder{w: w, buf: make([]byte, 0, 2*frameMax)}
	var head [len(snapshotMagic) + 4]byte
	copy(head[:], snapshotMagic)
	binary.LittleEndian.PutUint32(head[len(snapshotMagic):], snapshotVersion)
	e.write(head[:])
	x.writeDict(e)
	x.writeBitmaps(e)
	x.writePages(e)
	x.writeGrid(e)
	e.finish()
	if e.err != nil {
		return e.n, fmt.Errorf("facets: write snapshot: %w", e.err)
	}
	return e.n, nil
}

func (x *Index) writeDict(e *encoder) {
	e.uvarint(uint64(len(x.fields)))
	for _, f := range x.fields {
		e.uvarint(uint64(len(f.name)))
		e.str(f.name)
	}
	e.uvarint(uint64(len(x.posts)))
	for pid, p := range x.posts {
		e.uvarint(uint64(x.postField[pid]))
		e.uvarint(uint64(len(p.key)))
		if p.display == p.key {
			e.uvarint(0)
		} else {
			e.uvarint(uint64(len(p.display)) + 1)
		}
	}
	for _, p := range x.posts {
		e.str(p.key)
		if p.display != p.key {
			e.str(p.display)
		}
	}
}

func (x *Index) writeBitmaps(e *encoder) {
	x.all.WriteTo(e) // errors stay in e
	x.hasYear.WriteTo(e)
	for _, p := range x.posts {
		if e.err != nil {
			return
		}
		p.bm.WriteTo(e)
	}
}

// writePages writes the doc table, each page's lists packed in slot order:
// what the arena holds once compacted.
func (x *Index) writePages(e *encoder) {
	e.uvarint(uint64(len(x.docs.pages)))
	for _, p := range x.docs.pages {
		switch {
		case e.err != nil:
			return
		case p == nil:
			e.byte(0)
			continue
		case p.swAt == nil:
			e.byte(1)
		default:
			e.byte(2)
		}
		for s := range pageSize {
			e.uvarint(uint64(p.ln[s]))
		}
		for s := range pageSize {
			if p.ln[s] > 0 { // an empty slot's offset may be stale
				e.bytes(p.list(s))
			}
		}
		// A slot without a list holds no doc, so no year and no palette.
		for s := range pageSize {
			if p.ln[s] > 0 {
				e.buf = binary.LittleEndian.AppendUint16(e.buf, p.year[s])
			}
		}
		e.room()
		if p.swAt != nil {
			for s := range pageSize {
				if p.ln[s] > 0 {
					e.buf = append(e.buf, p.nsw[s])
				}
			}
			e.room()
		}
	}
}

// writeGrid writes the colour cells as they are, removed entries included,
// so that every swatch keeps its place; each live entry carries its place
// in its doc's palette, from which Load rebuilds the docs' swatch slots.
func (x *Index) writeGrid(e *encoder) {
	cells := x.grid.cells
	if cells == nil {
		e.byte(0)
		return
	}
	e.byte(1)
	base := make([]int, len(cells)+1)
	nonEmpty := 0
	for c, cell := range cells {
		base[c+1] = base[c] + len(cell)
		if len(cell) > 0 {
			nonEmpty++
		}
	}
	place := make([]uint8, base[len(cells)])
	for _, p := range x.docs.pages {
		if p == nil || p.swAt == nil {
			continue
		}
		for s := range pageSize {
			for k := range int(p.nsw[s]) {
				i := s*maxSwatches + k
				place[base[p.swCel[i]]+int(p.swAt[i])] = uint8(k)
			}
		}
	}
	e.uvarint(uint64(nonEmpty))
	next := 0
	for c, cell := range cells {
		if len(cell) == 0 {
			continue
		}
		e.uvarint(uint64(c - next))
		next = c + 1
		e.uvarint(uint64(len(cell)))
		for j, en := range cell {
			b := binary.LittleEndian.AppendUint32(e.buf, en.id)
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(en.l))
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(en.a))
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(en.b))
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(en.share))
			e.buf = append(b, place[base[c]+j])
			e.room()
		}
	}
}

// encoder buffers the payload, writes it in frames and sums it. Errors are
// sticky: after the first, writes are dropped and the error is reported at
// the end.
type encoder struct {
	w   io.Writer
	buf []byte // payload not yet framed
	crc uint32
	n   int64
	err error
}

// write writes b to w as it is and adds it to the checksum.
func (e *encoder) write(b []byte) {
	if e.err != nil {
		return
	}
	e.crc = crc32.Update(e.crc, castagnoli, b)
	n, err := e.w.Write(b)
	e.n += int64(n)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	e.err = err
}

// flush writes the buffered payload as frames.
func (e *encoder) flush() {
	for b := e.buf; len(b) > 0; {
		chunk := b[:min(len(b), frameMax)]
		var head [4]byte
		binary.LittleEndian.PutUint32(head[:], uint32(len(chunk)))
		e.write(head[:])
		e.write(chunk)
		b = b[len(chunk):]
	}
	e.buf = e.buf[:0]
}

// room flushes a full buffer.
func (e *encoder) room() {
	if len(e.buf) >= frameMax {
		e.flush()
	}
}

func (e *encoder) byte(c byte) {
	e.buf = append(e.buf, c)
	e.room()
}

func (e *encoder) uvarint(v uint64) {
	e.buf = binary.AppendUvarint(e.buf, v)
	e.room()
}

func (e *encoder) bytes(b []byte) {
	e.buf = append(e.buf, b...)
	e.room()
}

func (e *encoder) str(s string) {
	e.buf = append(e.buf, s...)
	e.room()
}

// Write adds p to the payload, for roaring's WriteTo.
func (e *encoder) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	e.bytes(p)
	return len(p), nil
}

// finish writes the last frames, the end frame and the checksum.
func (e *encoder) finish() {
	e.flush()
	e.write([]byte{0, 0, 0, 0})
	if e.err != nil {
		return
	}
	var sum [4]byte
	binary.LittleEndian.PutUint32(sum[:], e.crc)
	n, err := e.w.Write(sum[:])
	e.n += int64(n)
	e.err = err
}
