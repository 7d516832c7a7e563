package main

import (
	"math"
	"testing"
)

func TestQuantileInterpolatesLikeHistogramQuantile(t *testing.T) {
	// 10 requests ≤ 25 ms, 18 ≤ 50 ms, 19 ≤ 100 ms, 20 in all.
	s := sample{buckets: map[float64]float64{0.025: 10, 0.05: 18, 0.1: 19, math.Inf(1): 20}}
	for _, c := range []struct{ q, want float64 }{{0.5, 0.025}, {0.95, 0.1}, {0.7, 0.025 + 0.025*4/8}} {
		if got := s.quantile(c.q); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
	if got := (sample{buckets: map[float64]float64{0.1: 0, math.Inf(1): 0}}).quantile(0.95); !math.IsNaN(got) {
		t.Errorf("quantile without requests = %v, want NaN", got)
	}
}

func TestBenchmarkTalksOnlyToLoopbackOrTheStacksServices(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8089", "http://localhost:9090", "http://prometheus:9090", "http://loadgen:8089"} {
		if !allowed(ok) {
			t.Errorf("%s refused", ok)
		}
	}
	for _, bad := range []string{"http://example.com:9090", "http://10.1.2.3:8089", "file:///etc/passwd"} {
		if allowed(bad) {
			t.Errorf("%s accepted", bad)
		}
	}
}
