// Package resilience calls the other services through a circuit breaker per dependency,
// with a timeout per attempt and jittered retries for idempotent calls.
package resilience

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/sony/gobreaker/v2"

	"hademo/checkout-service/internal/logging"
)

// ErrUnavailable means the dependency could not answer: unreachable, timed out, a 5xx answer,
// or its breaker is open. Callers degrade on it; any other error is a real answer.
var ErrUnavailable = errors.New("dependency unavailable")

// Settings tune one dependency's client.
type Settings struct {
	Dependency  string        // e.g. "product-service"
	BaseURL     string        // e.g. "http://product-service:8081"
	Timeout     time.Duration // per attempt
	Attempts    int           // total attempts for idempotent requests
	BaseDelay   time.Duration // first retry delay before jitter; doubles per attempt
	Failures    uint32        // consecutive failures that open the breaker
	OpenTimeout time.Duration // open period before a half-open probe
}

// Response is a dependency's answer with the body already read, so the breaker can judge it.
type Response struct {
	Status int
	Body   []byte
}

// DecodeJSON unmarshals the body into v.
func (r *Response) DecodeJSON(v any) error {
	return json.Unmarshal(r.Body, v)
}

// Client is the resilient HTTP client for one dependency.
type Client struct {
	settings Settings
	http     *http.Client
	breaker  *gobreaker.CircuitBreaker[*Response]
	stats    stats
}

type stats struct {
	attempts, successes, failures, rejected, retries atomic.Uint64
	mu                                               sync.Mutex
	transitions                                      map[string]uint64
	since                                            time.Time
}

// NewClient builds a client; its breaker reports transitions to the given counter.
func NewClient(s Settings, transitions *prometheus.CounterVec) *Client {
	c := &Client{
		settings: s,
		// The per-attempt timeout is set through contexts; this is a safety net.
		http: &http.Client{Timeout: s.Timeout + time.Second},
	}
	c.stats.transitions = map[string]uint64{}
	c.stats.since = time.Now()
	c.breaker = gobreaker.NewCircuitBreaker[*Response](gobreaker.Settings{
		Name:        s.Dependency,
		MaxRequests: 1,
		Timeout:     s.OpenTimeout,
		ReadyToTrip: func(counts gobreaker.Counts) bool {
			return counts.ConsecutiveFailures >= s.Failures
		},
		// Called with the breaker's lock held: only record, never call back into the breaker.
		OnStateChange: func(_ string, _, to gobreaker.State) {
			name := StateName(to)
			transitions.WithLabelValues(s.Dependency, name).Inc()
			c.stats.mu.Lock()
			c.stats.transitions[name]++
			c.stats.since = time.Now()
			c.stats.mu.Unlock()
		},
		// A caller that gave up says nothing about the dependency's health.
		IsExcluded: func(err error) bool { return errors.Is(err, context.Canceled) },
	})
	return c
}

// Dependency names the service this client calls.
func (c *Client) Dependency() string { return c.settings.Dependency }

// Request describes one call. Idempotent requests are retried; others are sent once.
type Request struct {
	Method     string
	Path       string
	Body       any
	Idempotent bool
}

// Do sends the request. It returns ErrUnavailable (wrapped) when no real answer came back;
// 4xx answers are real answers and are returned as a Response.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	attempts := 1
	if req.Idempotent {
		attempts = c.settings.Attempts
	}
	var lastErr error
	for attempt := 1; attempt <= attempts; attempt++ {
		if attempt > 1 {
			c.stats.retries.Add(1)
			if err := Sleep(ctx, c.backoff(attempt)); err != nil {
				return nil, err
			}
		}
		resp, err := c.breaker.Execute(func() (*Response, error) { return c.attempt(ctx, req) })
		if err == nil {
			return resp, nil
		}
		if errors.Is(err, gobreaker.ErrOpenState) || errors.Is(err, gobreaker.ErrTooManyRequests) {
			c.stats.rejected.Add(1)
			return nil, fmt.Errorf("%s: circuit breaker %s: %w", c.settings.Dependency, c.breaker.State(), ErrUnavailable)
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		lastErr = err
	}
	return nil, lastErr
}

func (c *Client) attempt(ctx context.Context, req Request) (*Response, error) {
	c.stats.attempts.Add(1)
	ctx, cancel := context.WithTimeout(ctx, c.settings.Timeout)
	defer cancel()

	var body io.Reader
	if req.Body != nil {
		b, err := json.Marshal(req.Body)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
	}
	httpReq, err := http.NewRequestWithContext(ctx, req.Method, c.settings.BaseURL+req.Path, body)
	if err != nil {
		return nil, err
	}
	httpReq.Header.Set("Accept", "application/json")
	if body != nil {
		httpReq.Header.Set("Content-Type", "application/json")
	}
	if id := logging.RequestID(ctx); id != "" {
		httpReq.Header.Set(logging.RequestIDHeader, id)
	}
	httpResp, err := c.http.Do(httpReq)
	if err != nil && errors.Is(ctx.Err(), context.Canceled) {
		return nil, context.Canceled // the caller gave up; excluded from the breaker's counts
	}
	if err != nil {
		c.stats.failures.Add(1)
		return nil, fmt.Errorf("%s %s: %v: %w", req.Method, req.Path, err, ErrUnavailable)
	}
	defer httpResp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(httpResp.Body, 1<<20))
	if err != nil {
		c.stats.failures.Add(1)
		return nil, fmt.Errorf("%s %s: reading body: %v: %w", req.Method, req.Path, err, ErrUnavailable)
	}
	if httpResp.StatusCode >= 500 || httpResp.StatusCode == http.StatusTooManyRequests {
		c.stats.failures.Add(1)
		return nil, fmt.Errorf("%s %s: status %d: %w", req.Method, req.Path, httpResp.StatusCode, ErrUnavailable)
	}
	c.stats.successes.Add(1)
	return &Response{Status: httpResp.StatusCode, Body: data}, nil
}

// backoff is "full jitter": a random delay up to BaseDelay·2^(attempt-2), so retries
// of many clients do not arrive in waves.
func (c *Client) backoff(attempt int) time.Duration {
	ceiling := c.settings.BaseDelay << (attempt - 2)
	if ceiling <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(ceiling))) + time.Millisecond
}

// Sleep waits for d, or returns the context's error as soon as it is done.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// StateName is the breaker state as shown in metrics labels and the resilience API.
func StateName(s gobreaker.State) string {
	switch s {
	case gobreaker.StateClosed:
		return "closed"
	case gobreaker.StateHalfOpen:
		return "half-open"
	default:
		return "open"
	}
}

// stateValue is the gauge value per CONVENTIONS.md: 0 closed, 1 half-open, 2 open.
func stateValue(s gobreaker.State) float64 {
	switch s {
	case gobreaker.StateClosed:
		return 0
	case gobreaker.StateHalfOpen:
		return 1
	default:
		return 2
	}
}

// StateGauge reports the breaker state at scrape time: the breaker moves from open to
// half-open lazily, so a stored gauge would lag behind.
func (c *Client) StateGauge() prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name:        "checkout_circuit_breaker_state",
		Help:        "Circuit breaker state per dependency: 0 closed, 1 half-open, 2 open.",
		ConstLabels: prometheus.Labels{"dependency": c.settings.Dependency},
	}, func() float64 { return stateValue(c.breaker.State()) })
}

// Snapshot is the breaker's state and counts for the resilience API.
type Snapshot struct {
	Dependency  string            `json:"dependency"`
	State       string            `json:"state"`
	StateSince  time.Time         `json:"stateSince"`
	Window      WindowCounts      `json:"window"`
	Totals      TotalCounts       `json:"totals"`
	Transitions map[string]uint64 `json:"transitions"`
	Settings    SnapshotSettings  `json:"settings"`
}

// WindowCounts are the breaker's counts since its last state change.
type WindowCounts struct {
	Requests             uint32 `json:"requests"`
	Successes            uint32 `json:"successes"`
	Failures             uint32 `json:"failures"`
	ConsecutiveSuccesses uint32 `json:"consecutiveSuccesses"`
	ConsecutiveFailures  uint32 `json:"consecutiveFailures"`
}

// TotalCounts are counted since the process started.
type TotalCounts struct {
	Attempts  uint64 `json:"attempts"`
	Successes uint64 `json:"successes"`
	Failures  uint64 `json:"failures"`
	Rejected  uint64 `json:"rejected"`
	Retries   uint64 `json:"retries"`
}

// SnapshotSettings shows the configured thresholds.
type SnapshotSettings struct {
	FailureThreshold   uint32  `json:"failureThreshold"`
	OpenTimeoutSeconds float64 `json:"openTimeoutSeconds"`
	TimeoutSeconds     float64 `json:"timeoutSeconds"`
	MaxAttempts        int     `json:"maxAttempts"`
}

// Snapshot returns the current state and counts.
func (c *Client) Snapshot() Snapshot {
	state := c.breaker.State() // first: it may move open → half-open and update since
	counts := c.breaker.Counts()
	c.stats.mu.Lock()
	transitions := make(map[string]uint64, len(c.stats.transitions))
	for k, v := range c.stats.transitions {
		transitions[k] = v
	}
	since := c.stats.since
	c.stats.mu.Unlock()
	return Snapshot{
		Dependency: c.settings.Dependency,
		State:      StateName(state),
		StateSince: since.UTC(),
		Window: WindowCounts{
			Requests:             counts.Requests,
			Successes:            counts.TotalSuccesses,
			Failures:             counts.TotalFailures,
			ConsecutiveSuccesses: counts.ConsecutiveSuccesses,
			ConsecutiveFailures:  counts.ConsecutiveFailures,
		},
		Totals: TotalCounts{
			Attempts:  c.stats.attempts.Load(),
			Successes: c.stats.successes.Load(),
			Failures:  c.stats.failures.Load(),
			Rejected:  c.stats.rejected.Load(),
			Retries:   c.stats.retries.Load(),
		},
		Transitions: transitions,
		Settings: SnapshotSettings{
			FailureThreshold:   c.settings.Failures,
			OpenTimeoutSeconds: c.settings.OpenTimeout.Seconds(),
			TimeoutSeconds:     c.settings.Timeout.Seconds(),
			MaxAttempts:        c.settings.Attempts,
		},
	}
}
