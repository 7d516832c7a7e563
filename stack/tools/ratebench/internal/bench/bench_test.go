package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

func TestPercentileNearestRank(t *testing.T) {
	samples := make([]time.Duration, 100)
	for i := range samples {
		samples[i] = time.Duration(100-i) * time.Millisecond
	}
	s := Summarize(samples)
	if s.P50 != 50*time.Millisecond || s.P95 != 95*time.Millisecond || s.P99 != 99*time.Millisecond || s.Max != 100*time.Millisecond {
		t.Fatalf("unexpected summary %+v", s)
	}
}

func TestRunSendsAtTheTargetRate(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer server.Close()

	r := Run(context.Background(), Config{URLs: []string{server.URL}, Rate: 100, Duration: time.Second, Timeout: time.Second, MaxInFlight: 10})

	if r.Sent != 100 || r.Errors != 0 {
		t.Fatalf("sent %d with %d errors, want 100 and 0", r.Sent, r.Errors)
	}
}

// A server that stalls once for 500 ms must show up in the tail: the requests due during the
// stall wait too, and their latency counts from when they were due.
func TestStallIsNotHiddenByCoordinatedOmission(t *testing.T) {
	var once sync.Once
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { time.Sleep(500 * time.Millisecond) })
	}))
	defer server.Close()

	r := Run(context.Background(), Config{URLs: []string{server.URL}, Rate: 100, Duration: 2 * time.Second, Timeout: 2 * time.Second, MaxInFlight: 1})

	// With one slot, ~50 requests queue behind the stall: well over 1% of 200 are >= 250 ms late.
	if r.Latency.P99 < 250*time.Millisecond {
		t.Fatalf("p99 %v hides the 500 ms stall", r.Latency.P99)
	}
}

func TestFindMaxStopsAtTheFirstFailingRateAndBisects(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer server.Close()
	cfg := Config{URLs: []string{server.URL}, Duration: 200 * time.Millisecond, Timeout: time.Second, MaxInFlight: 10}

	// An impossible goal fails every step, also on the way down to the minimum: nothing passes.
	steps, best := FindMax(context.Background(), cfg, Goal{P95: time.Nanosecond}, Search{Start: 100, Factor: 2, MinRate: 25, MaxRate: 400, Refinements: 2}, nil)
	if best != 0 || len(steps) != 3 {
		t.Fatalf("best %v after %d steps, want 0 after 3 (100, 50, 25)", best, len(steps))
	}
	// An easy goal passes every step up to the ceiling.
	steps, best = FindMax(context.Background(), cfg, Goal{P95: time.Second, MaxErrorRate: 0}, Search{Start: 50, Factor: 2, MaxRate: 200, Refinements: 2}, nil)
	if best != 200 || len(steps) != 3 {
		t.Fatalf("best %v after %d steps, want 200 after 3", best, len(steps))
	}
}
