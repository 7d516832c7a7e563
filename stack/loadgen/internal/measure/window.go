package measure

import (
	"math"
	"sync"
	"time"
)

// Latency buckets of the window grow geometrically by 2 % from 100 µs to about
// 2 minutes: any percentile is reported within 2 % of the true value while the
// whole window stays a few tens of kilobytes however long the test runs.
const (
	minLatency   = 100 * time.Microsecond
	bucketGrowth = 1.02
	bucketCount  = 700
)

var logGrowth = math.Log(bucketGrowth)

func bucketOf(d time.Duration) int {
	if d <= minLatency {
		return 0
	}
	i := int(math.Ceil(math.Log(float64(d)/float64(minLatency)) / logGrowth))
	return min(i, bucketCount-1)
}

// upperBound is the largest latency that falls into bucket i.
func upperBound(i int) time.Duration {
	return time.Duration(float64(minLatency) * math.Pow(bucketGrowth, float64(i)))
}

type second struct {
	unix     int64
	requests uint64
	errors   uint64
	dropped  uint64
	buckets  [bucketCount]uint32
}

// Window keeps the last few seconds of results for live figures: achieved rate,
// error rate and latency percentiles. Memory is fixed at creation.
type Window struct {
	mu      sync.Mutex
	seconds []second
	now     func() time.Time
}

// NewWindow keeps `span` whole seconds plus the one in progress.
func NewWindow(span int) *Window {
	return &Window{seconds: make([]second, span+1), now: time.Now}
}

func (w *Window) slot(unix int64) *second {
	s := &w.seconds[int(unix%int64(len(w.seconds)))]
	if s.unix != unix {
		*s = second{unix: unix}
	}
	return s
}

// Record counts one result in the second it finished.
func (w *Window) Record(r Result) {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.slot(r.At.Unix())
	if r.Outcome == Dropped {
		s.dropped++
		s.errors++
		return
	}
	s.requests++
	if r.Outcome.IsError() {
		s.errors++
	}
	s.buckets[bucketOf(r.Latency)]++
}

// Summary describes the last whole seconds of a window.
type Summary struct {
	Seconds  int
	Requests uint64 // sent and answered (or timed out); drops excluded
	Errors   uint64 // includes drops
	Dropped  uint64
	// Rate is requests per second over the span.
	Rate float64
	// ErrorRatio is errors / (requests + dropped); 0 without traffic.
	ErrorRatio float64
	// P50, P95 and P99 are false in Valid when there was no request.
	P50, P95, P99 time.Duration
	Valid         bool
}

// Summarize adds up the last `span` whole seconds (the current, partial second is left out).
func (w *Window) Summarize(span int) Summary {
	w.mu.Lock()
	defer w.mu.Unlock()
	span = min(span, len(w.seconds)-1)
	current := w.now().Unix()
	var sum Summary
	var buckets [bucketCount]uint64
	for back := int64(1); back <= int64(span); back++ {
		s := &w.seconds[int((current-back)%int64(len(w.seconds)))]
		if s.unix != current-back {
			continue
		}
		sum.Requests += s.requests
		sum.Errors += s.errors
		sum.Dropped += s.dropped
		for i, n := range s.buckets {
			buckets[i] += uint64(n)
		}
	}
	sum.Seconds = span
	sum.Rate = float64(sum.Requests) / float64(span)
	if attempts := sum.Requests + sum.Dropped; attempts > 0 {
		sum.ErrorRatio = float64(sum.Errors) / float64(attempts)
	}
	if sum.Requests > 0 {
		sum.Valid = true
		sum.P50 = quantile(&buckets, sum.Requests, 0.50)
		sum.P95 = quantile(&buckets, sum.Requests, 0.95)
		sum.P99 = quantile(&buckets, sum.Requests, 0.99)
	}
	return sum
}

func quantile(buckets *[bucketCount]uint64, total uint64, q float64) time.Duration {
	rank := uint64(math.Ceil(q * float64(total)))
	var seen uint64
	for i, n := range buckets {
		seen += n
		if seen >= rank {
			return upperBound(i)
		}
	}
	return upperBound(bucketCount - 1)
}
