package main

import (
	"os"
	"testing"
	"time"
)

// These tests need the whole stack up (npm run stack:up) and talk to it over
// 127.0.0.1 only. They are skipped unless HA_DEMO_STACK_TEST=1:
//
//	HA_DEMO_STACK_TEST=1 go test -count=1 -v -run Stack ./cmd/findmax
const (
	stackLoadgen    = "http://127.0.0.1:8089"
	stackPrometheus = "http://127.0.0.1:9090"
)

func needStack(t *testing.T) loadgenStatus {
	t.Helper()
	if os.Getenv("HA_DEMO_STACK_TEST") != "1" {
		t.Skip("set HA_DEMO_STACK_TEST=1 with the stack up")
	}
	before, err := status(stackLoadgen)
	if err != nil {
		t.Fatalf("load generator not reachable: %v", err)
	}
	t.Cleanup(func() { restore(stackLoadgen, before) })
	return before
}

func TestStackServes100RequestsPerSecondWithinTheDemoPromise(t *testing.T) {
	needStack(t)
	// The promise is about the running demo: `npm test` comes here straight from a stack the lifecycle suite
	// restarted, whose JVMs are still compiling (p95 101 ms after a 10 s warm-up once, 70-78 ms otherwise).
	o := options{loadgen: stackLoadgen, prometheus: stackPrometheus, warmup: 45 * time.Second, hold: 60 * time.Second}
	if err := post(stackLoadgen, "/api/v1/loadgen/start", nil); err != nil {
		t.Fatal(err)
	}
	r, err := measure(t.Context(), o, 100)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("load generator: %.1f req/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, errors %.3f %%",
		r.achieved, ms(r.p50), ms(r.p95), ms(r.p99), r.errorRatio*100)
	t.Logf("HAProxy (public frontend): %.1f req/s, 5xx %.3f %%, backend avg %.1f ms", r.lb.rate, r.lb.errorRatio*100, ms(r.lb.avg))
	if r.achieved < 95 || r.p95 >= 0.1 || r.errorRatio >= 0.01 {
		t.Errorf("the demo promise does not hold: want ≥ 95 req/s, p95 < 100 ms, errors < 1 %%")
	}
	if !r.lb.ok {
		t.Fatalf("no HAProxy figures in Prometheus: %s", r.lb.err)
	}
	// Generous bounds: Prometheus' rate() over 60 s against the load generator's own counters.
	if r.lb.rate < r.achieved*0.9 || r.lb.rate > r.achieved*1.1 || r.lb.errorRatio >= 0.01 {
		t.Errorf("HAProxy saw %.1f req/s with %.3f %% 5xx, the load generator %.1f req/s", r.lb.rate, r.lb.errorRatio*100, r.achieved)
	}
}

func TestStackRateChangeOverHTTPTakesEffectWithin2s(t *testing.T) {
	needStack(t)
	if err := post(stackLoadgen, "/api/v1/loadgen/start", nil); err != nil {
		t.Fatal(err)
	}
	if err := put(stackLoadgen, "/api/v1/loadgen/config", []byte(`{"targetRps": 50}`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * time.Second)
	if err := put(stackLoadgen, "/api/v1/loadgen/config", []byte(`{"targetRps": 150}`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second) // the new rate must be in force by now
	first, err := scrape(stackLoadgen)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * time.Second)
	last, err := scrape(stackLoadgen)
	if err != nil {
		t.Fatal(err)
	}
	d := last.minus(first)
	if rate := (d.answered + d.dropped) / 3; rate < 135 || rate > 170 {
		t.Errorf("%.1f req/s from 2 s to 5 s after setting 150 req/s, want about 150", rate)
	}
}
