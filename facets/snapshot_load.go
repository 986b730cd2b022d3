package facets

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// Load reads a snapshot written by WriteTo and returns the index it
// describes. It must reject (with an error, never a panic or a silently
// wrong index) snapshots that are truncated, corrupted, or from another
// format version. It reads exactly the snapshot's bytes from r.
//
// The checksum catches corruption; beyond it, Load checks everything the
// index's code relies on not to panic (every id, offset and count in
// range, the doc lists, all, hasYear and the colour grid in agreement), so
// that even a snapshot crafted with a valid checksum cannot crash a server.
// Values the current taxonomy has and the snapshot lacks are added, as New
// would have.
func Load(r io.Reader) (*Index, error) {
	d := &decoder{r: r, buf: make([]byte, 4<<10)}
	x, err := d.load()
	if err != nil {
		return nil, err
	}
	return x, nil
}

func (d *decoder) load() (*Index, error) {
	var head [len(snapshotMagic) + 4]byte
	d.read(head[:])
	if d.err != nil {
		return nil, d.err
	}
	if string(head[:len(snapshotMagic)]) != snapshotMagic {
		return nil, fmt.Errorf("%w: not a facets snapshot", ErrInvalidSnapshot)
	}
	if v := binary.LittleEndian.Uint32(head[len(snapshotMagic):]); v != snapshotVersion {
		return nil, fmt.Errorf("%w: format version %d, this build reads version %d", ErrInvalidSnapshot, v, snapshotVersion)
	}
	x := &Index{
		byName:     map[string]int{},
		yearPost:   map[int]uint32{},
		decadePost: map[int]uint32{},
		orders:     map[int]cachedOrder{},
	}
	x.readDict(d)
	x.readBitmaps(d)
	swatches := x.readPages(d)
	if d.err != nil {
		return nil, d.err
	}
	segOf := make([]uint8, len(x.posts))
	for pid, fi := range x.postField {
		segOf[pid] = uint8(x.fields[fi].seg)
	}
	checked := make(chan listCheck, 1)
	go func() { checked <- x.checkLists(segOf) }()
	x.readGrid(d, swatches)
	d.end()
	l := <-checked
	if d.err != nil {
		return nil, d.err
	}
	if err := x.derive(segOf, l); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidSnapshot, err)
	}
	x.registerKnown()
	return x, nil
}

func (x *Index) readDict(d *decoder) {
	nf := d.count(1<<16, "fields")
	for range nf {
		name := string(d.blob(d.count(math.MaxInt32, "field name")))
		if d.err != nil {
			return
		}
		if _, dup := x.byName[name]; dup {
			d.invalid("field %q twice", name)
			return
		}
		x.field(name)
	}
	np := d.count(math.MaxInt32, "postings")
	x.postField = make([]uint16, 0, min(np, 1<<16))
	lens := make([]uint64, 0, 2*min(np, 1<<16)) // key length, display code
	total := uint64(0)
	for range np {
		fi := d.count(nf-1, "field index")
		kl := d.count(math.MaxInt32, "key length")
		dc := d.count(math.MaxInt32, "display code")
		if d.err != nil {
			return
		}
		x.postField = append(x.postField, uint16(fi))
		lens = append(lens, uint64(kl), uint64(dc))
		total += uint64(kl + max(dc-1, 0))
	}
	if total > math.MaxInt32 {
		d.invalid("%d bytes of values", total)
	}
	blob := string(d.blob(int(total)))
	if d.err != nil {
		return
	}
	// One map and one list per field, sized before they are filled.
	sizes := make([]int, len(x.fields))
	for _, fi := range x.postField {
		sizes[fi]++
	}
	for fi, f := range x.fields {
		f.ids = make(map[string]uint32, sizes[fi])
		f.posts = make([]uint32, 0, sizes[fi])
	}
	x.posts = make([]posting, np)
	at := 0
	for pid, fi := range x.postField {
		kl, dc := int(lens[2*pid]), int(lens[2*pid+1])
		p := &x.posts[pid]
		p.key = blob[at : at+kl]
		at += kl
		p.display = p.key
		if dc > 0 {
			p.display = blob[at : at+dc-1]
			at += dc - 1
		}
		f := x.fields[fi]
		if p.key == "" || f.keyOf(p.key) != p.key {
			d.invalid("field %q has value %q", f.name, p.key)
			return
		}
		if _, dup := f.ids[p.key]; dup {
			d.invalid("field %q has value %q twice", f.name, p.key)
			return
		}
		f.ids[p.key] = uint32(pid)
		f.posts = append(f.posts, uint32(pid))
	}
}

func (x *Index) readBitmaps(d *decoder) {
	x.all = d.bitmap()
	x.hasYear = d.bitmap()
	for i := range x.posts {
		if d.err != nil {
			return
		}
		x.posts[i].bm = d.bitmap()
	}
}

// readPages reads the doc table and returns, for each page, how many
// swatches its palettes hold.
func (x *Index) readPages(d *decoder) []int {
	n := d.count(1<<(32-pageBits), "pages")
	x.docs.pages = make([]*docPage, 0, min(n, 1<<12))
	swatches := make([]int, 0, min(n, 1<<12))
	for range n {
		kind := d.byte()
		if d.err != nil {
			return nil
		}
		if kind == 0 {
			x.docs.pages = append(x.docs.pages, nil)
			swatches = append(swatches, 0)
			continue
		}
		if kind > 2 {
			d.invalid("page kind %d", kind)
			return nil
		}
		p := &docPage{}
		total, docs, sw := uint64(0), 0, 0
		for s := range pageSize {
			l := d.uvarint()
			p.off[s], p.ln[s] = uint32(total), uint32(l)
			if total += l; l > math.MaxInt32 || total > math.MaxInt32 {
				d.invalid("page of %d bytes", total)
				return nil
			}
			if l > 0 {
				docs++
			}
		}
		p.data = d.blob(int(total))
		years := d.next(2 * docs)
		if years == nil {
			return nil
		}
		for s := range pageSize {
			if p.ln[s] > 0 {
				p.year[s] = binary.LittleEndian.Uint16(years)
				years = years[2:]
			}
		}
		if kind == 2 {
			nsw := d.next(docs)
			if nsw == nil {
				return nil
			}
			for s := range pageSize {
				if p.ln[s] == 0 {
					continue
				}
				if p.nsw[s] = nsw[0]; p.nsw[s] > maxSwatches {
					d.invalid("palette of %d swatches", p.nsw[s])
					return nil
				}
				sw += int(nsw[0])
				nsw = nsw[1:]
			}
			// Unset until the grid says where each swatch sits.
			p.swAt = make([]uint32, pageSize*maxSwatches)
			p.swCel = make([]uint16, pageSize*maxSwatches)
			for i := range p.swAt {
				p.swAt[i] = math.MaxUint32
			}
		}
		x.docs.pages = append(x.docs.pages, p)
		swatches = append(swatches, sw)
	}
	if len(x.docs.pages) > 0 && x.docs.pages[len(x.docs.pages)-1] == nil {
		d.invalid("the doc table ends with an absent page")
	}
	return swatches
}

// readGrid reads the colour cells and points each doc's swatch slots at its
// entries; swatches is how many each page's palettes hold.
func (x *Index) readGrid(d *decoder, swatches []int) {
	// Where each live entry goes, gathered by page and applied page by
	// page: in cell order, the slots it sets are scattered over every page,
	// a cache miss or three each.
	type placement struct {
		slotK uint32 // slot<<3 | place in the doc's palette
		cell  uint16
		at    uint32
	}
	start := make([]int, len(swatches)+1)
	for pi, n := range swatches {
		start[pi+1] = start[pi] + n
	}
	next := slices.Clone(start[:len(swatches)])
	places := make([]placement, start[len(swatches)])

	switch d.byte() {
	case 0:
		if len(places) > 0 {
			d.invalid("%d swatches but no colour grid", len(places))
		}
		return
	case 1:
	default:
		d.invalid("grid kind")
		return
	}
	g := &x.grid
	g.cells = make([][]swatchEntry, numCells)
	g.dead = make([]int, numCells)
	n := d.count(numCells, "cells")
	prev := 0
	for range n {
		c := prev + d.count(numCells-1-prev, "cell index")
		prev = c + 1
		m := d.count(math.MaxInt32, "cell entries")
		cell := make([]swatchEntry, 0, min(m, 1<<20))
		for len(cell) < m && d.err == nil {
			b := d.next(min(m-len(cell), frameMax/entrySize) * entrySize)
			for ; len(b) > 0; b = b[entrySize:] {
				e := swatchEntry{
					id:    binary.LittleEndian.Uint32(b),
					l:     math.Float32frombits(binary.LittleEndian.Uint32(b[4:])),
					a:     math.Float32frombits(binary.LittleEndian.Uint32(b[8:])),
					b:     math.Float32frombits(binary.LittleEndian.Uint32(b[12:])),
					share: math.Float32frombits(binary.LittleEndian.Uint32(b[16:])),
				}
				if math.IsNaN(float64(e.share)) {
					g.dead[c]++ // a removed entry
					cell = append(cell, e)
					continue
				}
				if !finite(e.l) || !finite(e.a) || !finite(e.b) || !finite(e.share) || cellOf(Swatch{e.l, e.a, e.b, e.share}) != c {
					d.invalid("swatch %+v in cell %d", e, c)
					return
				}
				pi := int(e.id >> pageBits)
				if pi >= len(next) || next[pi] == start[pi+1] || b[20] >= maxSwatches {
					d.invalid("doc %d has no swatch %d", e.id, b[20])
					return
				}
				places[next[pi]] = placement{slotK: (e.id&(pageSize-1))<<3 | uint32(b[20]), cell: uint16(c), at: uint32(len(cell))}
				next[pi]++
				cell = append(cell, e)
			}
		}
		g.cells[c] = cell
	}
	if d.err != nil {
		return
	}
	for pi, p := range x.docs.pages {
		if next[pi] != start[pi+1] {
			d.invalid("page %d: %d swatches in palettes, %d in the grid", pi, swatches[pi], next[pi]-start[pi])
			return
		}
		for _, pl := range places[start[pi]:start[pi+1]] {
			s, k := int(pl.slotK>>3), int(pl.slotK&7)
			i := s*maxSwatches + k
			if k >= int(p.nsw[s]) || p.swAt[i] != math.MaxUint32 {
				d.invalid("doc %d: swatch %d", pi<<pageBits|s, k)
				return
			}
			p.swCel[i], p.swAt[i] = pl.cell, pl.at
		}
	}
	g.live = len(places)
}

// listCheck is what checkLists finds in the doc table.
type listCheck struct {
	held         []uint32        // by posting: how many lists hold it
	all, hasYear *roaring.Bitmap // the docs with a list, and those with a year
	err          error
}

// checkLists checks every doc list: well formed, with ids of postings of
// the list's segment. It runs beside the reading of the colour grid, which
// touches other parts of the pages.
func (x *Index) checkLists(segOf []uint8) listCheck {
	l := listCheck{held: make([]uint32, len(x.posts)), all: roaring.New(), hasYear: roaring.New()}
	var ids, yids []uint32
	for pi, p := range x.docs.pages {
		if p == nil {
			continue
		}
		ids, yids = ids[:0], yids[:0]
		for s := range pageSize {
			id := uint32(pi)<<pageBits | uint32(s)
			b := p.list(s)
			if len(b) == 0 {
				continue
			}
			ids = append(ids, id)
			if p.year[s] != 0 {
				yids = append(yids, id)
			}
			nl, k := binary.Uvarint(b)
			if k <= 0 || nl > uint64(len(b)-k) || !checkSegment(b[k:k+int(nl)], narrow, segOf, l.held) || !checkSegment(b[k+int(nl):], wide, segOf, l.held) {
				l.err = fmt.Errorf("doc %d: bad value list", id)
				return l
			}
		}
		l.all.AddMany(ids)
		l.hasYear.AddMany(yids)
	}
	return l
}

// derive checks the doc lists against the postings and all, and fills what
// the snapshot leaves out: the years, and the sums of the cost model.
func (x *Index) derive(segOf []uint8, l listCheck) error {
	if l.err != nil {
		return l.err
	}
	x.yearField, _ = x.lookup(FieldYear)
	x.decadeField, _ = x.lookup(FieldDecade)
	if x.yearField == nil || x.decadeField == nil {
		return errors.New("no year or decade field")
	}
	if !l.all.Equals(x.all) || !l.hasYear.Equals(x.hasYear) {
		return errors.New("the doc set disagrees with the doc table")
	}
	x.stats = make([]fieldStats, len(x.fields))
	for pid := range x.posts {
		p := &x.posts[pid]
		n := p.bm.GetCardinality()
		if n != uint64(l.held[pid]) {
			return fmt.Errorf("value %q has %d docs, and %d lists hold it", p.key, n, l.held[pid])
		}
		if n > 0 {
			if p.display == "" {
				return fmt.Errorf("value %q has docs and no display", p.key)
			}
			st := &x.stats[x.postField[pid]]
			st.values++
			st.entries += n
			x.entries[segOf[pid]] += n
		}
	}
	for _, pid := range x.yearField.posts {
		key := x.posts[pid].key
		y, err := strconv.Atoi(key)
		if err != nil || normYear(y) == 0 || strconv.Itoa(y) != key {
			return fmt.Errorf("year %q", key)
		}
		dec, ok := x.decadeField.ids[taxonomy.Decade(y)]
		if !ok {
			return fmt.Errorf("year %d has no decade", y)
		}
		x.yearPost[y], x.decadePost[y/10] = pid, dec
		x.years = append(x.years, y)
	}
	slices.Sort(x.years)
	return nil
}

// checkSegment checks one segment of a doc list: canonical uvarint deltas
// of strictly ascending posting ids of segment seg. It counts each id in
// cnt.
func checkSegment(b []byte, seg uint8, segOf []uint8, cnt []uint32) bool {
	prev := uint64(0)
	for i := 0; i < len(b); {
		// Inline fast paths, as in countIDs: narrow deltas fit one byte,
		// most wide ones two.
		v, k := uint64(b[i]), 1
		switch {
		case v < 0x80:
		case i+1 < len(b) && b[i+1] < 0x80 && b[i+1] != 0:
			v, k = v&0x7f|uint64(b[i+1])<<7, 2
		default:
			v, k = binary.Uvarint(b[i:])
			if k <= 0 || b[i+k-1] == 0 {
				return false
			}
		}
		if v == 0 && i > 0 {
			return false
		}
		prev += v
		if prev >= uint64(len(segOf)) || segOf[prev] != seg {
			return false
		}
		cnt[prev]++
		i += k
	}
	return true
}

// decoder reads a snapshot's frames into a buffer and sums every byte it
// reads. Errors are sticky: after the first, reads return zeros, and
// callers check d.err before trusting what they got.
type decoder struct {
	r        io.Reader
	buf      []byte
	pos, lim int    // buf[pos:lim] is read and not yet used
	left     int    // bytes of the current frame not yet read
	done     bool   // the end frame was read
	crc      uint32 // of every byte read
	err      error
}

func (d *decoder) invalid(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: "+format, append([]any{ErrInvalidSnapshot}, args...)...)
	}
}

// read reads exactly len(p) bytes from r and sums them.
func (d *decoder) read(p []byte) {
	if d.err != nil {
		return
	}
	n, err := io.ReadFull(d.r, p)
	d.crc = crc32.Update(d.crc, castagnoli, p[:n])
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		d.err = fmt.Errorf("%w: truncated: %w", ErrInvalidSnapshot, io.ErrUnexpectedEOF)
	case err != nil:
		d.err = fmt.Errorf("facets: read snapshot: %w", err)
	}
}

// frame starts the next frame, reporting false at the end of the payload.
func (d *decoder) frame() bool {
	var head [4]byte
	d.read(head[:])
	n := binary.LittleEndian.Uint32(head[:])
	switch {
	case d.err != nil:
		return false
	case n > frameMax:
		d.invalid("frame of %d bytes", n)
		return false
	case n == 0:
		d.done = true
		return false
	}
	d.left = int(n)
	return true
}

// fill makes n bytes (at most frameMax) available in buf[pos:lim].
func (d *decoder) fill(n int) bool {
	for d.lim-d.pos < n {
		if d.err != nil {
			return false
		}
		if d.left == 0 {
			if d.done || !d.frame() {
				d.invalid("the payload ends early")
				return false
			}
		}
		if d.pos > 0 {
			d.lim = copy(d.buf, d.buf[d.pos:d.lim])
			d.pos = 0
		}
		if len(d.buf) < 2*frameMax {
			// Small snapshots stay cheap; large ones soon read in big chunks.
			grown := make([]byte, 2*len(d.buf))
			copy(grown, d.buf[:d.lim])
			d.buf = grown
		}
		k := min(d.left, len(d.buf)-d.lim)
		d.read(d.buf[d.lim : d.lim+k])
		d.lim += k
		d.left -= k
	}
	return true
}

// next returns the next n bytes (at most frameMax), valid until the next
// read, or nil.
func (d *decoder) next(n int) []byte {
	if !d.fill(n) {
		return nil
	}
	b := d.buf[d.pos : d.pos+n]
	d.pos += n
	return b
}

func (d *decoder) byte() byte {
	if b := d.next(1); b != nil {
		return b[0]
	}
	return 0
}

func (d *decoder) uvarint() uint64 {
	if d.lim-d.pos < binary.MaxVarintLen64 {
		// Near a frame's end: gather the bytes one at a time.
		var b [binary.MaxVarintLen64]byte
		for i := range b {
			if b[i] = d.byte(); b[i] < 0x80 || d.err != nil {
				break
			}
		}
		v, k := binary.Uvarint(b[:])
		if k <= 0 {
			d.invalid("bad varint")
			return 0
		}
		return v
	}
	v, k := binary.Uvarint(d.buf[d.pos:d.lim])
	if k <= 0 {
		d.invalid("bad varint")
		return 0
	}
	d.pos += k
	return v
}

// count reads a count or index of at most limit, or returns 0.
func (d *decoder) count(limit int, what string) int {
	v := d.uvarint()
	if d.err != nil {
		return 0
	}
	if limit < 0 || v > uint64(limit) {
		d.invalid("%d %s", v, what)
		return 0
	}
	return int(v)
}

// blob reads n bytes into a new slice. A large one grows as its bytes
// arrive, so that a corrupt length cannot claim memory the stream does not
// back.
func (d *decoder) blob(n int) []byte {
	b := make([]byte, 0, min(n, 4<<20))
	for len(b) < n && d.err == nil {
		if d.pos == d.lim && d.left > 0 {
			// Straight from the frame, bypassing the buffer.
			k := min(n-len(b), d.left, max(len(b), 1<<20))
			b = slices.Grow(b, k)
			d.read(b[len(b) : len(b)+k])
			b = b[:len(b)+k]
			d.left -= k
			continue
		}
		if !d.fill(1) {
			break
		}
		k := min(n-len(b), d.lim-d.pos)
		b = append(b, d.buf[d.pos:d.pos+k]...)
		d.pos += k
	}
	return b
}

// Read reads payload bytes, for roaring's ReadFrom.
func (d *decoder) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if !d.fill(1) {
		return 0, d.err
	}
	n := copy(p, d.buf[d.pos:d.lim])
	d.pos += n
	return n, nil
}

// bitmap reads one roaring bitmap, copying it out of the stream.
func (d *decoder) bitmap() *roaring.Bitmap {
	bm := roaring.New()
	if d.err != nil {
		return bm
	}
	if _, err := bm.ReadFrom(d); err != nil {
		d.invalid("bitmap: %v", err)
		return roaring.New()
	}
	if err := bm.Validate(); err != nil {
		d.invalid("bitmap: %v", err)
		return roaring.New()
	}
	return bm
}

// end checks that the payload is used up and the checksum matches.
func (d *decoder) end() {
	if d.err != nil {
		return
	}
	if d.pos < d.lim || d.left > 0 || !d.done && d.frame() {
		d.invalid("bytes after the payload")
		return
	}
	want := d.crc
	var sum [4]byte
	d.read(sum[:])
	if d.err == nil && binary.LittleEndian.Uint32(sum[:]) != want {
		d.invalid("checksum mismatch")
	}
}
