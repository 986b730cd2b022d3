package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
)

// batchSize is how many documents go to Bleve in one batch. Batches of 500
// to 10,000 index at about the same rate (see BenchmarkApply); this size
// keeps a batch's memory small.
const batchSize = 2000

// Apply indexes upserts (replacing earlier versions of the same ids), deletes
// the deletes, and records lastSeq as the last applied outbox sequence. An id
// in both lists is deleted; of an id upserted twice, the later Doc wins.
//
// Up to batchSize upserts, the deletes and lastSeq go in one Bleve batch.
// Larger inputs flush batches of batchSize first, several at once, and
// lastSeq rides in the last batch; so an index never holds lastSeq without
// every change before it. After a crash some earlier batches may have landed
// without it, which is harmless: applying the same outbox rows again gives
// the same index. Apply returns once the batches are on disk.
func (x *Index) Apply(upserts []Doc, deletes []uint32, lastSeq int64) error {
	gone := make(map[uint32]bool, len(deletes))
	for _, id := range deletes {
		gone[id] = true
	}
	last := make(map[uint32]int, len(upserts))
	for i := range upserts {
		last[upserts[i].ID] = i
	}
	docs := make([]*Doc, 0, len(upserts))
	for i := range upserts {
		if id := upserts[i].ID; !gone[id] && last[id] == i {
			docs = append(docs, &upserts[i])
		}
	}

	head := 0
	if len(docs) > batchSize {
		head = (len(docs) - 1) / batchSize * batchSize
		if err := x.indexChunks(docs[:head]); err != nil {
			return err
		}
	}
	b := x.bleve.NewBatch()
	if err := addDocs(b, docs[head:]); err != nil {
		return err
	}
	for _, id := range deletes {
		b.Delete(docID(id))
	}
	var seq [8]byte
	binary.BigEndian.PutUint64(seq[:], uint64(lastSeq))
	b.SetInternal(keyLastSeq, seq[:])
	if err := x.bleve.Batch(b); err != nil {
		return fmt.Errorf("index: apply: %w", err)
	}
	return nil
}

// indexChunks indexes docs (distinct ids) in batches of batchSize, one
// batch per core at a time: Bleve builds a batch's segment mostly on one
// core, so this is what keeps a reindex from using half the machine.
func (x *Index) indexChunks(docs []*Doc) error {
	chunks := (len(docs) + batchSize - 1) / batchSize
	workers := min(runtime.GOMAXPROCS(0), chunks)
	var next atomic.Int64
	var failed atomic.Bool
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := x.bleve.NewBatch()
			for !failed.Load() {
				i := int(next.Add(1)) - 1
				if i >= chunks {
					return
				}
				b.Reset()
				err := addDocs(b, docs[i*batchSize:min((i+1)*batchSize, len(docs))])
				if err == nil {
					if err = x.bleve.Batch(b); err != nil {
						err = fmt.Errorf("index: apply: %w", err)
					}
				}
				if err != nil {
					errs[w] = err
					failed.Store(true)
					return
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func addDocs(b *bleve.Batch, docs []*Doc) error {
	for _, d := range docs {
		if err := b.Index(docID(d.ID), d.fields()); err != nil {
			return fmt.Errorf("index: apply: doc %d: %w", d.ID, err)
		}
	}
	return nil
}
