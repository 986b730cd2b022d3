package search

import "time"

// AppliedSeq is the outbox sequence number the indexes have applied. Caches
// of index-backed answers put it in their keys, so an answer computed
// before the index caught up with a write is never served after it has.
func (s *Service) AppliedSeq() int64 { return s.applied.Load() }

// ObserveBatches has fn called after every outbox batch the indexer
// applies, with its duration and number of entries (for /metrics).
func (s *Service) ObserveBatches(fn func(d time.Duration, entries int)) { s.onBatch.Store(&fn) }
