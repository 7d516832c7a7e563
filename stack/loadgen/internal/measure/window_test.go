package measure

import (
	"testing"
	"time"
)

func TestWindowPercentilesAreWithinTwoPercent(t *testing.T) {
	w := NewWindow(10)
	base := time.Unix(1_000_000, 0)
	w.now = func() time.Time { return base.Add(2 * time.Second) }
	// 1000 requests with latencies 1 ms … 1000 ms, all in the last whole second.
	for i := 1; i <= 1000; i++ {
		w.Record(Result{Step: "browse", Outcome: Success, Latency: time.Duration(i) * time.Millisecond, At: base.Add(time.Second)})
	}
	s := w.Summarize(5)
	for _, c := range []struct {
		name string
		got  time.Duration
		want time.Duration
	}{{"p50", s.P50, 500 * time.Millisecond}, {"p95", s.P95, 950 * time.Millisecond}, {"p99", s.P99, 990 * time.Millisecond}} {
		if c.got < c.want || float64(c.got) > float64(c.want)*1.02 {
			t.Errorf("%s = %v, want within 2 %% above %v", c.name, c.got, c.want)
		}
	}
	if s.Requests != 1000 || s.Rate != 200 {
		t.Errorf("requests=%d rate=%v, want 1000 and 200/s over 5 s", s.Requests, s.Rate)
	}
}

func TestWindowCountsDropsAsErrorsAndForgetsOldSeconds(t *testing.T) {
	w := NewWindow(10)
	base := time.Unix(2_000_000, 0)
	w.now = func() time.Time { return base.Add(30 * time.Second) }
	w.Record(Result{Outcome: ServerError, Latency: time.Millisecond, At: base}) // too old
	w.Record(Result{Outcome: Success, Latency: time.Millisecond, At: base.Add(29 * time.Second)})
	w.Record(Result{Outcome: Dropped, At: base.Add(29 * time.Second)})
	s := w.Summarize(10)
	if s.Requests != 1 || s.Errors != 1 || s.Dropped != 1 || s.ErrorRatio != 0.5 {
		t.Errorf("got %+v, want 1 request, 1 drop counted as the only error", s)
	}
}
