// Package bench sends HTTP requests at a constant arrival rate (an open model) and measures each
// latency from the moment the request was due, not from when it was actually sent. A stalled
// server therefore shows up in the figures instead of silently lowering the request rate
// (no coordinated omission).
package bench

import (
	"context"
	"io"
	"net/http"
	"sync"
	"time"
)

// Config is one constant-rate run.
type Config struct {
	URLs        []string      // requests cycle through these, in order
	Rate        float64       // requests per second
	Duration    time.Duration // measured phase
	Warmup      time.Duration // sent at the same rate before the measured phase, not recorded
	Timeout     time.Duration // per request, counted as an error when exceeded
	MaxInFlight int           // requests beyond this wait for a slot; the wait counts as latency
	Client      *http.Client
}

// Result is what one run measured.
type Result struct {
	Rate        float64       `json:"targetRate"`
	Duration    time.Duration `json:"duration"`
	Sent        int           `json:"sent"`
	OK          int           `json:"ok"`
	Errors      int           `json:"errors"`
	Achieved    float64       `json:"achievedRate"`
	MaxSendLag  time.Duration `json:"maxSendLag"`
	Latency     Summary       `json:"latency"`
	StatusCodes map[int]int   `json:"statusCodes"`
}

// ErrorRate is the share of measured requests that failed or answered with a status >= 400.
func (r Result) ErrorRate() float64 {
	if r.Sent == 0 {
		return 0
	}
	return float64(r.Errors) / float64(r.Sent)
}

type sample struct {
	latency  time.Duration
	status   int
	measured bool
}

// Run sends requests on schedule until the warm-up and measured phases are over, waits for
// the answers, and summarises the measured phase.
func Run(ctx context.Context, cfg Config) Result {
	interval := time.Duration(float64(time.Second) / cfg.Rate)
	client := cfg.Client
	if client == nil {
		client = NewClient(cfg.MaxInFlight, cfg.Timeout)
	}
	slots := make(chan struct{}, max(1, cfg.MaxInFlight))
	samples := make(chan sample, 1024)

	var collected []sample
	collectorDone := make(chan struct{})
	go func() {
		for s := range samples {
			collected = append(collected, s)
		}
		close(collectorDone)
	}()

	start := time.Now()
	measureFrom := start.Add(cfg.Warmup)
	end := measureFrom.Add(cfg.Duration)
	var inFlight sync.WaitGroup
	var maxLag time.Duration
	for i := 0; ; i++ {
		due := start.Add(time.Duration(i) * interval)
		if !due.Before(end) || ctx.Err() != nil {
			break
		}
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		} else {
			maxLag = max(maxLag, -wait)
		}
		url := cfg.URLs[i%len(cfg.URLs)]
		measured := !due.Before(measureFrom)
		inFlight.Add(1)
		go func() {
			defer inFlight.Done()
			slots <- struct{}{}
			status := send(ctx, client, url)
			<-slots
			samples <- sample{latency: time.Since(due), status: status, measured: measured}
		}()
	}
	inFlight.Wait()
	close(samples)
	<-collectorDone

	result := Result{Rate: cfg.Rate, Duration: cfg.Duration, MaxSendLag: maxLag, StatusCodes: map[int]int{}}
	latencies := make([]time.Duration, 0, len(collected))
	for _, s := range collected {
		if !s.measured {
			continue
		}
		result.Sent++
		result.StatusCodes[s.status]++
		if s.status == 0 || s.status >= 400 {
			result.Errors++
		} else {
			result.OK++
		}
		latencies = append(latencies, s.latency)
	}
	result.Latency = Summarize(latencies)
	result.Achieved = float64(result.OK) / cfg.Duration.Seconds()
	return result
}

// send performs one GET and reads the whole body; status 0 means a transport error or timeout.
func send(ctx context.Context, client *http.Client, url string) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0
	}
	return resp.StatusCode
}

// NewClient returns a keep-alive client sized for maxInFlight concurrent requests.
func NewClient(maxInFlight int, timeout time.Duration) *http.Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConns = maxInFlight
	transport.MaxIdleConnsPerHost = maxInFlight
	transport.DisableCompression = true
	return &http.Client{Transport: transport, Timeout: timeout}
}
