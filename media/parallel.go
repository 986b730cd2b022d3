package media

import (
	"runtime"
	"sync"
)

// minParallelWork is the number of source pixels below which splitting a
// pass across goroutines costs more than it saves.
const minParallelWork = 1 << 18

// parallelRows calls fn over [0, n) split into one contiguous chunk per CPU.
// work estimates the pixels touched, to keep small jobs on one goroutine.
func parallelRows(n, work int, fn func(lo, hi int)) {
	k := runtime.GOMAXPROCS(0)
	if k > n {
		k = n
	}
	if k <= 1 || work < minParallelWork {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	for i := 0; i < k; i++ {
		lo, hi := n*i/k, n*(i+1)/k
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	wg.Wait()
}
