package facets

import (
	"bytes"
	"testing"
)

// TestCompactLeavesEmptySlotsUsable: after a compaction, a slot whose list
// was emptied can be read and written again (its old offset used to point
// past the shrunken arena).
func TestCompactLeavesEmptySlotsUsable(t *testing.T) {
	p := &docPage{}
	big := bytes.Repeat([]byte{7}, 3000)
	p.setList(0, big)
	p.setList(1, big)
	p.setList(2, []byte{1, 2, 3})
	p.setList(1, nil) // slot 1 empties; its 3000 bytes become garbage
	p.setList(0, nil) // 6000 garbage of 6003: compacts
	if p.garbage != 0 || len(p.data) != 3 {
		t.Fatalf("no compaction: garbage %d, data %d", p.garbage, len(p.data))
	}
	if got := p.list(1); len(got) != 0 {
		t.Fatalf("empty slot reads %v", got)
	}
	p.setList(1, nil)
	p.setList(1, []byte{9})
	if !bytes.Equal(p.list(1), []byte{9}) || !bytes.Equal(p.list(2), []byte{1, 2, 3}) {
		t.Fatalf("lists after reuse: %v %v", p.list(1), p.list(2))
	}
}
