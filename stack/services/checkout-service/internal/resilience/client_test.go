package resilience_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hademo/checkout-service/internal/logging"
	"hademo/checkout-service/internal/resilience"
)

func newClient(t *testing.T, handler http.HandlerFunc) *resilience.Client {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	transitions := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "t"}, []string{"dependency", "to"})
	return resilience.NewClient(resilience.Settings{
		Dependency: "product-service", BaseURL: srv.URL, Timeout: 200 * time.Millisecond,
		Attempts: 3, BaseDelay: 5 * time.Millisecond, Failures: 4, OpenTimeout: 200 * time.Millisecond,
	}, transitions)
}

func TestIdempotentCall_isRetriedAfterServerError(t *testing.T) {
	var calls atomic.Int32
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) < 3 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	resp, err := c.Do(context.Background(), resilience.Request{Method: http.MethodGet, Path: "/x", Idempotent: true})
	if err != nil || resp.Status != http.StatusOK || calls.Load() != 3 {
		t.Fatalf("err %v, calls %d", err, calls.Load())
	}
}

func TestNonIdempotentCall_isSentOnce(t *testing.T) {
	var calls atomic.Int32
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	_, err := c.Do(context.Background(), resilience.Request{Method: http.MethodPost, Path: "/x"})
	if !errors.Is(err, resilience.ErrUnavailable) || calls.Load() != 1 {
		t.Fatalf("err %v, calls %d", err, calls.Load())
	}
}

func TestBreaker_opensAfterConsecutiveFailures_andClosesAfterProbe(t *testing.T) {
	var healthy atomic.Bool
	var calls atomic.Int32
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if !healthy.Load() {
			w.WriteHeader(http.StatusInternalServerError)
		}
	})
	get := resilience.Request{Method: http.MethodGet, Path: "/x", Idempotent: true}
	for range 3 {
		_, _ = c.Do(context.Background(), get) // 3 attempts each, until the 4th failure opens it
	}
	if s := c.Snapshot(); s.State != "open" || calls.Load() != 4 || s.Totals.Rejected == 0 {
		t.Fatalf("state %s after %d calls (rejected %d), want open after 4", s.State, calls.Load(), s.Totals.Rejected)
	}
	healthy.Store(true)
	time.Sleep(250 * time.Millisecond)
	if _, err := c.Do(context.Background(), get); err != nil {
		t.Fatalf("probe after open period: %v", err)
	}
	if s := c.Snapshot(); s.State != "closed" || s.Transitions["open"] != 1 || s.Transitions["half-open"] != 1 {
		t.Errorf("snapshot %+v", s)
	}
}

func TestClientErrors_doNotOpenBreaker(t *testing.T) {
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusConflict) })
	for range 10 {
		resp, err := c.Do(context.Background(), resilience.Request{Method: http.MethodGet, Path: "/x", Idempotent: true})
		if err != nil || resp.Status != http.StatusConflict {
			t.Fatalf("err %v", err)
		}
	}
	if s := c.Snapshot(); s.State != "closed" || s.Totals.Attempts != 10 {
		t.Errorf("state %s after 409s, attempts %d", s.State, s.Totals.Attempts)
	}
}

func TestHangingDependency_timesOutAndRequestIDIsPassedOn(t *testing.T) {
	var seen atomic.Value
	c := newClient(t, func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.Header.Get("X-Request-Id"))
		<-r.Context().Done()
	})
	ctx := logging.WithRequestID(context.Background(), "req-7")
	start := time.Now()
	_, err := c.Do(ctx, resilience.Request{Method: http.MethodGet, Path: "/x"})
	if !errors.Is(err, resilience.ErrUnavailable) || time.Since(start) > time.Second {
		t.Fatalf("err %v after %s", err, time.Since(start))
	}
	if seen.Load() != "req-7" {
		t.Errorf("X-Request-Id %v", seen.Load())
	}
}
