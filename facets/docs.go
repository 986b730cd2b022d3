package facets

import (
	"encoding/binary"
	"slices"
	"strconv"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// Docs live in pages of pageSize consecutive ids: image ids are SQLite row
// ids, dense from 1, so a two-level table is both compact and a plain index
// lookup, with no per-doc map entry.
const (
	pageBits = 12
	pageSize = 1 << pageBits
)

// docPage holds the per-doc data of pageSize consecutive ids.
type docPage struct {
	// Each doc's posting ids, in two segments, narrow fields (taxonomy,
	// year, decade) then wide ones (credits, tags, movie), each ascending as
	// uvarint deltas, behind the narrow segment's byte length: about 1.3
	// bytes per value instead of 4. The split lets counting walk the wide
	// values alone. The lists sit in one arena per page, in id order as
	// first written, so a pass over many docs reads memory sequentially
	// instead of chasing a pointer per doc.
	data    []byte
	off, ln [pageSize]uint32
	garbage int // bytes of data no list uses any more

	year [pageSize]uint16
	// Where each doc's swatches sit in the colour grid: cell and index of
	// up to maxSwatches entries, allocated with the page's first palette.
	nsw   [pageSize]uint8
	swAt  []uint32 // pageSize*maxSwatches entry indexes
	swCel []uint16 // pageSize*maxSwatches cells
}

// list returns the encoded value list of slot s.
func (p *docPage) list(s int) []byte {
	return p.data[p.off[s] : p.off[s]+p.ln[s]]
}

// setList stores the encoded value list of slot s.
func (p *docPage) setList(s int, b []byte) {
	old := int(p.ln[s])
	if len(b) <= old {
		copy(p.data[p.off[s]:], b) // in place; the tail it no longer uses is garbage
		p.garbage += old - len(b)
	} else {
		if need := len(p.data) + len(b); need > cap(p.data) {
			// Grow by a quarter, not append's doubling: a million docs'
			// lists are ~60 MB, and doubling would leave up to half unused.
			grown := make([]byte, len(p.data), max(need, cap(p.data)+cap(p.data)/4+1024))
			copy(grown, p.data)
			p.data = grown
		}
		p.off[s] = uint32(len(p.data))
		p.data = append(p.data, b...)
		p.garbage += old
	}
	p.ln[s] = uint32(len(b))
	if p.garbage > 4096 && p.garbage > len(p.data)/2 {
		p.compact()
	}
}

// compact rewrites the arena without its garbage.
func (p *docPage) compact() {
	data := make([]byte, 0, len(p.data)-p.garbage)
	for s := range pageSize {
		if p.ln[s] > 0 {
			start := len(data)
			data = append(data, p.list(s)...)
			p.off[s] = uint32(start)
		} else {
			// An empty slot's old offset may lie past the new arena's end,
			// and slicing there would panic.
			p.off[s] = 0
		}
	}
	p.data, p.garbage = data, 0
}

// Posting segments of a doc's value list.
const (
	narrow = 0
	wide   = 1
)

// segments splits an encoded value list into its narrow and wide parts.
func segments(b []byte) (n, w []byte) {
	if len(b) == 0 {
		return nil, nil
	}
	l, k := uvarint(b)
	return b[k : k+int(l)], b[k+int(l):]
}

// docTable maps doc ids to their page.
type docTable struct {
	pages []*docPage
}

// get returns the page and slot of id, or nil when no page holds it.
func (t *docTable) get(id uint32) (*docPage, int) {
	pi := int(id >> pageBits)
	if pi >= len(t.pages) {
		return nil, 0
	}
	return t.pages[pi], int(id & (pageSize - 1))
}

// make returns the page and slot of id, creating the page.
func (t *docTable) make(id uint32) (*docPage, int) {
	pi := int(id >> pageBits)
	if pi >= len(t.pages) {
		t.pages = append(t.pages, make([]*docPage, pi+1-len(t.pages))...)
	}
	if t.pages[pi] == nil {
		t.pages[pi] = &docPage{}
	}
	return t.pages[pi], int(id & (pageSize - 1))
}

// yearOf returns the stored year of id, 0 when unknown or not indexed.
func (t *docTable) yearOf(id uint32) int {
	p, s := t.get(id)
	if p == nil {
		return 0
	}
	return int(p.year[s])
}

// encodeIDs appends ascending ids as uvarint deltas.
func encodeIDs(dst []byte, ids []uint32) []byte {
	prev := uint32(0)
	for _, id := range ids {
		dst = binary.AppendUvarint(dst, uint64(id-prev))
		prev = id
	}
	return dst
}

// decodeIDs appends the ids encoded by encodeIDs to dst.
func decodeIDs(dst []uint32, b []byte) []uint32 {
	prev := uint32(0)
	for i := 0; i < len(b); {
		// Inline fast path: most deltas fit one byte.
		c := b[i]
		if c < 0x80 {
			prev += uint32(c)
			i++
		} else {
			v, n := uvarint(b[i:])
			prev += v
			i += n
		}
		dst = append(dst, prev)
	}
	return dst
}

// Put inserts d, or replaces every value, the year and the palette of the
// doc with d's id.
func (x *Index) Put(d Doc) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.gen++

	ids := &x.scratchNew
	ids[narrow], ids[wide] = ids[narrow][:0], ids[wide][:0]
	for name, vals := range d.Values {
		if name == FieldYear || name == FieldDecade {
			continue
		}
		f := x.field(name)
		for _, v := range vals {
			if id, ok := x.intern(f, v); ok {
				ids[f.seg] = append(ids[f.seg], id)
			}
		}
	}
	year := normYear(d.Year)
	if year != 0 {
		yid, did := x.yearIDs(year)
		ids[narrow] = append(ids[narrow], yid, did)
	}
	p, s := x.docs.make(d.ID)
	old := &x.scratchOld
	old[narrow], old[wide] = old[narrow][:0], old[wide][:0]
	if x.all.Contains(d.ID) {
		n, w := segments(p.list(s))
		old[narrow], old[wide] = decodeIDs(old[narrow], n), decodeIDs(old[wide], w)
	}
	for seg := range ids {
		slices.Sort(ids[seg])
		ids[seg] = slices.Compact(ids[seg])
		x.applyDiff(d.ID, seg, old[seg], ids[seg])
	}

	n := encodeIDs(x.scratchEnc[narrow][:0], ids[narrow])
	w := encodeIDs(x.scratchEnc[wide][:0], ids[wide])
	x.scratchEnc[narrow], x.scratchEnc[wide] = n, w
	b := binary.AppendUvarint(x.scratchEnc[2][:0], uint64(len(n)))
	b = append(append(b, n...), w...)
	x.scratchEnc[2] = b
	p.setList(s, b)

	p.year[s] = uint16(year)
	if year != 0 {
		x.hasYear.Add(d.ID)
	} else {
		x.hasYear.Remove(d.ID)
	}
	x.setSwatches(d.ID, p, s, d.Swatches)
	x.all.Add(d.ID)
}

// yearIDs returns the postings of year y and its decade, without
// formatting strings once both exist.
func (x *Index) yearIDs(y int) (uint32, uint32) {
	if id, ok := x.yearPost[y]; ok {
		dec := x.decadePost[y/10]
		for _, pid := range [2]uint32{id, dec} {
			if x.posts[pid].display == "" {
				x.posts[pid].display = x.posts[pid].key
			}
		}
		return id, dec
	}
	id, _ := x.intern(x.yearField, strconv.Itoa(y))
	dec, _ := x.intern(x.decadeField, taxonomy.Decade(y))
	x.decadePost[y/10] = dec
	return id, dec
}

// applyDiff moves doc id from the postings in old but not in cur to those in
// cur but not in old; both are ascending and of segment seg.
func (x *Index) applyDiff(id uint32, seg int, old, cur []uint32) {
	i, j := 0, 0
	for i < len(old) || j < len(cur) {
		switch {
		case j == len(cur) || (i < len(old) && old[i] < cur[j]):
			x.removeFrom(old[i], seg, id)
			i++
		case i == len(old) || cur[j] < old[i]:
			x.addTo(cur[j], seg, id)
			j++
		default:
			i++
			j++
		}
	}
}

// removeFrom takes doc id out of posting pid of segment seg.
func (x *Index) removeFrom(pid uint32, seg int, id uint32) {
	p := &x.posts[pid]
	if !p.bm.CheckedRemove(id) {
		return
	}
	x.entries[seg]--
	st := &x.stats[x.postField[pid]]
	st.entries--
	if p.bm.IsEmpty() {
		st.values--
		p.display = "" // the next doc to hold the value names it afresh
	}
}

// addTo puts doc id into posting pid of segment seg.
func (x *Index) addTo(pid uint32, seg int, id uint32) {
	bm := x.posts[pid].bm
	if bm.IsEmpty() {
		x.stats[x.postField[pid]].values++
	}
	bm.Add(id)
	x.entries[seg]++
	x.stats[x.postField[pid]].entries++
}

// Delete removes the doc with id from the index; unknown ids are ignored.
func (x *Index) Delete(id uint32) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.all.Contains(id) {
		return
	}
	x.gen++
	p, s := x.docs.get(id)
	n, w := segments(p.list(s))
	for seg, b := range [2][]byte{n, w} {
		x.scratchOld[seg] = decodeIDs(x.scratchOld[seg][:0], b)
		for _, pid := range x.scratchOld[seg] {
			x.removeFrom(pid, seg, id)
		}
	}
	p.setList(s, nil)
	p.year[s] = 0
	x.setSwatches(id, p, s, nil)
	x.hasYear.Remove(id)
	x.all.Remove(id)
}

// uvarint decodes a delta written by encodeIDs (at most 32 bits).
func uvarint(b []byte) (uint32, int) {
	var v uint32
	var shift uint
	for i, c := range b {
		if c < 0x80 {
			return v | uint32(c)<<shift, i + 1
		}
		v |= uint32(c&0x7f) << shift
		shift += 7
	}
	return v, len(b)
}
