package library

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/shotdeck/shotdeck/store"
)

// MaxLineBytes bounds one manifest line; a longer line fails on its own.
const MaxLineBytes = 1 << 20

// maxReported bounds the failures and warnings kept for the summary; all
// are counted.
const maxReported = 10000

// batchSize is how many lines share one write transaction.
const batchSize = 1000

// LineError is a manifest line that failed or warned, with its 1-based number.
type LineError struct {
	Line  int    `json:"line"`
	Error string `json:"error"`
}

// Progress is a running count, reported while an import runs.
type Progress struct {
	Lines    int // lines read so far
	Created  int
	Updated  int
	Failed   int
	Warnings int
	Elapsed  time.Duration
}

// Summary is the outcome of an import.
type Summary struct {
	Progress
	FailedLines  []LineError // first maxReported failures
	WarningLines []LineError // first maxReported warnings
}

// ImportOptions configure Import.
type ImportOptions struct {
	// Files resolves "file" paths (relative to the manifest's folder). Nil
	// means catalog-only: a line with a file fails.
	Files fs.FS
	// Progress, when set, is called about four times a second and at the end.
	Progress func(Progress)
	// FirstLine numbers the first line of r (1 when zero), for callers that
	// send a manifest in chunks.
	FirstLine int
}

// item is one line on its way through the pipeline.
type item struct {
	n        int // order of arrival; results are committed in this order
	lineNo   int
	raw      []byte
	line     *Line
	warnings []string
	err      error
	file     *processed
}

// Import reads a JSON Lines manifest and stores every good line, idempotent
// by external id. Lines are parsed and their files processed in parallel;
// they are committed in manifest order, a thousand to a transaction, so a
// later line for the same id always wins. A bad line is reported and
// skipped. The returned error is for the import as a whole (unreadable
// input, a failing database); line failures are in the summary.
func (s *Service) Import(ctx context.Context, r io.Reader, opt ImportOptions) (*Summary, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := s.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	jobs := make(chan item, workers*16)
	results := make(chan item, workers*16)
	readErr := make(chan error, 1)
	go func() { readErr <- readLines(ctx, r, max(opt.FirstLine, 1), jobs) }()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range jobs {
				s.prepare(&it, opt.Files)
				results <- it
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	sum, err := s.commitInOrder(ctx, results, opt.Progress)
	if err != nil {
		cancel()
		for range results { // let the workers finish so no goroutine leaks
		}
		return sum, err
	}
	if err := <-readErr; err != nil {
		return sum, err
	}
	return sum, nil
}

// readLines splits r into numbered lines for the workers.
func readLines(ctx context.Context, r io.Reader, first int, jobs chan<- item) error {
	defer close(jobs)
	n := 0
	return Lines(r, first, func(lineNo int, raw []byte, tooLong bool) error {
		it := item{n: n, lineNo: lineNo, raw: bytes.Clone(raw)}
		if tooLong {
			it.err = fmt.Errorf("line is longer than %d bytes", MaxLineBytes)
		}
		select {
		case jobs <- it:
			n++
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
}

// Lines calls fn for every non-blank line of a manifest, numbered from
// first. Blank lines are skipped but counted, so numbers match what an
// editor shows. A line over MaxLineBytes is consumed and passed as tooLong,
// without its bytes. raw is only valid during the call.
func Lines(r io.Reader, first int, fn func(lineNo int, raw []byte, tooLong bool) error) error {
	br := bufio.NewReaderSize(r, 256<<10)
	for lineNo := first; ; lineNo++ {
		raw, tooLong, err := readLine(br)
		if len(bytes.TrimSpace(raw)) > 0 || tooLong {
			if ferr := fn(lineNo, raw, tooLong); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("library: read manifest: %w", err)
		}
	}
}

// readLine returns the next line without its newline. A line over
// MaxLineBytes is consumed and reported as tooLong.
func readLine(br *bufio.Reader) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) > MaxLineBytes {
			tooLong = true
			buf = buf[:0]
		} else {
			buf = append(buf, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimRight(buf, "\r\n"), tooLong, err
	}
}

// prepare parses a line and processes its file; it runs on a worker.
func (s *Service) prepare(it *item, files fs.FS) {
	if it.err != nil {
		return
	}
	it.line, it.warnings, it.err = ParseLine(it.raw)
	it.raw = nil
	if it.err != nil {
		return
	}
	if it.line.ID == "" {
		it.err = &FieldError{"id", "is required in a manifest line"}
		return
	}
	if it.line.File == "" {
		return
	}
	if files == nil {
		it.err = &FieldError{"file", "is not accepted here: upload files with POST /api/v1/images or import the manifest with its files"}
		return
	}
	data, err := ReadManifestFile(files, it.line.File, s.maxBytes())
	if err != nil {
		it.err = err
		return
	}
	it.file, it.err = s.processFile(data)
}

// ReadManifestFile reads a file named by a manifest line, refusing paths
// that leave the manifest's folder and files over the size limit.
func ReadManifestFile(files fs.FS, name string, limit int64) ([]byte, error) {
	clean := path.Clean(strings.ReplaceAll(name, "\\", "/"))
	if !fs.ValidPath(clean) || clean == "." {
		return nil, &FieldError{"file", fmt.Sprintf("%q must be a path inside the manifest's folder", name)}
	}
	info, err := fs.Stat(files, clean)
	if err != nil {
		return nil, &FieldError{"file", fmt.Sprintf("cannot read %q: %v", name, errors.Unwrap(err))}
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("file %q is %d bytes, over the %d byte limit: %w", name, info.Size(), limit, ErrTooLarge)
	}
	data, err := fs.ReadFile(files, clean)
	if err != nil {
		return nil, &FieldError{"file", fmt.Sprintf("cannot read %q: %v", name, err)}
	}
	return data, nil
}

// commitInOrder restores manifest order and writes lines in batches.
func (s *Service) commitInOrder(ctx context.Context, results <-chan item, report func(Progress)) (*Summary, error) {
	sum := &Summary{}
	start := time.Now()
	pending := map[int]item{}
	next := 0
	var batch []item
	lastReport := time.Now()
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.commitBatch(ctx, batch, sum)
		batch = batch[:0]
		return err
	}
	tell := func() {
		if report != nil {
			sum.Elapsed = time.Since(start)
			report(sum.Progress)
		}
	}
	for it := range results {
		pending[it.n] = it
		for {
			it, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			sum.Lines++
			batch = append(batch, it)
			if len(batch) >= batchSize {
				if err := flush(); err != nil {
					return sum, err
				}
			}
		}
		if time.Since(lastReport) > 250*time.Millisecond {
			if err := flush(); err != nil { // count what is stored, not what is read
				return sum, err
			}
			tell()
			lastReport = time.Now()
		}
	}
	if err := flush(); err != nil {
		return sum, err
	}
	sum.Elapsed = time.Since(start)
	tell()
	return sum, nil
}

// errSlowPath asks commitBatch to redo a batch line by line.
var errSlowPath = errors.New("a line failed: redo the batch with savepoints")

// commitBatch stores a batch in one transaction. The fast path writes every
// line straight into the transaction; if one fails (rare: lines are checked
// before they get here), the batch is rolled back and redone with each line
// in a savepoint, so that the failing line leaves the others in. Savepoints
// on every line would cost a tenth of the import: SQLite copies each page a
// savepoint touches into its sub-journal.
func (s *Service) commitBatch(ctx context.Context, batch []item, sum *Summary) error {
	res, err := s.writeBatch(ctx, batch, false)
	if errors.Is(err, errSlowPath) {
		res, err = s.writeBatch(ctx, batch, true)
	}
	if err != nil {
		return fmt.Errorf("library: import batch: %w", err)
	}
	sum.Created += res.created
	sum.Updated += res.updated
	sum.Failed += len(res.failed)
	sum.Warnings += len(res.warned)
	sum.FailedLines = appendCapped(sum.FailedLines, res.failed)
	sum.WarningLines = appendCapped(sum.WarningLines, res.warned)
	return nil
}

type batchResult struct {
	created, updated int
	failed, warned   []LineError
}

func (s *Service) writeBatch(ctx context.Context, batch []item, savepoints bool) (batchResult, error) {
	var res batchResult
	err := s.DB.Write(ctx, func(tx *store.Tx) error {
		res = batchResult{}
		for i := range batch {
			it := &batch[i]
			for _, w := range it.warnings {
				res.warned = append(res.warned, LineError{it.lineNo, w})
			}
			if it.err != nil {
				res.failed = append(res.failed, LineError{it.lineNo, describe(it.err)})
				continue
			}
			var isNew bool
			save := func() error {
				var err error
				_, isNew, err = saveLine(ctx, tx, it.line, it.file)
				return err
			}
			var err error
			if savepoints {
				err = tx.Savepoint(ctx, save)
			} else if err = save(); err != nil && ctx.Err() == nil {
				return errSlowPath
			}
			switch {
			case err != nil && ctx.Err() != nil:
				return ctx.Err()
			case err != nil:
				res.failed = append(res.failed, LineError{it.lineNo, describe(err)})
			case isNew:
				res.created++
			default:
				res.updated++
			}
		}
		return nil
	})
	return res, err
}

func appendCapped(dst, src []LineError) []LineError {
	if room := maxReported - len(dst); room < len(src) {
		src = src[:max(room, 0)]
	}
	return append(dst, src...)
}
