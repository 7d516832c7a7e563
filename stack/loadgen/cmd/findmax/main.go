// Command findmax is the load benchmark (not a test): against a running stack
// it raises the load generator's rate step by step through its API and prints
// the highest rate that keeps p95 < 100 ms, errors < 1 % and the achieved rate
// within 5 % of the target — measured by the load generator and cross-checked
// against HAProxy's own counters in Prometheus.
//
//	go run ./cmd/findmax -start 50 -step 50 -max 600 -hold 30s
//
// It restores the load generator's previous rate and state when done or interrupted.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"hademo/loadgen/internal/allowedtarget"
)

type options struct {
	loadgen, prometheus         string
	start, step, max            float64
	warmup, hold                time.Duration
	p95Limit                    time.Duration
	errorLimit, achievedAtLeast float64
}

func main() { os.Exit(run()) }

func run() int {
	var o options
	flag.StringVar(&o.loadgen, "loadgen", "http://127.0.0.1:8089", "load generator API")
	flag.StringVar(&o.prometheus, "prometheus", "http://127.0.0.1:9090", "Prometheus for the HAProxy cross-check (empty: skip)")
	flag.Float64Var(&o.start, "start", 50, "first rate (req/s)")
	flag.Float64Var(&o.step, "step", 50, "rate increase per step (req/s)")
	flag.Float64Var(&o.max, "max", 600, "highest rate to try (req/s)")
	flag.DurationVar(&o.warmup, "warmup", 10*time.Second, "time at a new rate before measuring")
	flag.DurationVar(&o.hold, "hold", 30*time.Second, "measuring time per step")
	flag.DurationVar(&o.p95Limit, "p95", 100*time.Millisecond, "p95 limit")
	flag.Float64Var(&o.errorLimit, "errors", 0.01, "error ratio limit")
	flag.Float64Var(&o.achievedAtLeast, "achieved", 0.95, "achieved/target ratio required")
	flag.Parse()
	for _, u := range []string{o.loadgen, o.prometheus} {
		if u != "" && !allowed(u) {
			return fail(fmt.Errorf("refusing %s: use a loopback address or the stack's service name", u))
		}
	}
	if o.step <= 0 || o.start <= 0 || o.max < o.start {
		return fail(errors.New("need 0 < start <= max and step > 0"))
	}

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	before, err := status(o.loadgen)
	if err != nil {
		return fail(fmt.Errorf("load generator not reachable at %s: %w", o.loadgen, err))
	}
	defer restore(o.loadgen, before)

	steps := int(math.Floor((o.max-o.start)/o.step)) + 1
	fmt.Printf("findmax: %d steps from %g to %g req/s, %v warm-up + %v measured each (at most %v)\n",
		steps, o.start, o.max, o.warmup, o.hold, time.Duration(steps)*(o.warmup+o.hold))
	fmt.Printf("limits: p95 < %v, errors < %.1f %%, achieved >= %.0f %% of target\n\n", o.p95Limit, o.errorLimit*100, o.achievedAtLeast*100)
	fmt.Printf("%8s | %9s %8s %8s %8s %8s | %9s %8s %9s | %s\n",
		"target", "achieved", "p50 ms", "p95 ms", "p99 ms", "errors", "LB req/s", "LB 5xx", "LB avg ms", "verdict")

	if err := post(o.loadgen, "/api/v1/loadgen/start", nil); err != nil {
		return fail(err)
	}
	best := 0.0
	for rate := o.start; rate <= o.max+1e-9; rate += o.step {
		r, err := measure(ctx, o, rate)
		if err != nil {
			if ctx.Err() != nil {
				fmt.Println("interrupted")
				return 1
			}
			return fail(err)
		}
		verdict := r.verdict(o, rate)
		fmt.Printf("%8.0f | %9.1f %8.1f %8.1f %8.1f %7.2f%% | %s | %s\n", rate, r.achieved,
			ms(r.p50), ms(r.p95), ms(r.p99), r.errorRatio*100, r.lb.String(), verdict)
		if verdict != "ok" {
			break
		}
		best = rate
	}
	fmt.Println()
	if best == 0 {
		fmt.Printf("no rate from %g req/s up kept p95 < %v and errors < %.1f %%\n", o.start, o.p95Limit, o.errorLimit*100)
		return 0
	}
	fmt.Printf("highest rate within limits: %g req/s (p95 < %v, errors < %.1f %%)\n", best, o.p95Limit, o.errorLimit*100)
	return 0
}

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "findmax:", err)
	return 1
}

// allowed keeps benchmark traffic on this machine and the stack's own containers.
func allowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	switch u.Hostname() {
	case "loadgen", "prometheus":
		return true
	}
	_, err = allowedtarget.Parse(raw)
	return err == nil && u.Hostname() != allowedtarget.LoadBalancerHost
}

func ms(seconds float64) float64 { return seconds * 1000 }

type result struct {
	achieved, errorRatio, p50, p95, p99 float64
	lb                                  lbFigures
}

func (r result) verdict(o options, rate float64) string {
	var why []string
	if r.p95 >= o.p95Limit.Seconds() {
		why = append(why, "p95 too high")
	}
	if r.errorRatio >= o.errorLimit {
		why = append(why, "too many errors")
	}
	if r.achieved < rate*o.achievedAtLeast {
		why = append(why, "rate not reached")
	}
	if r.lb.ok && r.lb.rate < r.achieved*0.9 {
		why = append(why, "HAProxy saw fewer requests than the load generator sent")
	}
	if r.lb.ok && r.lb.errorRatio >= o.errorLimit {
		why = append(why, "HAProxy 5xx too high")
	}
	if len(why) == 0 {
		return "ok"
	}
	return strings.Join(why, ", ")
}

func measure(ctx context.Context, o options, rate float64) (result, error) {
	body, _ := json.Marshal(map[string]float64{"targetRps": rate})
	if err := put(o.loadgen, "/api/v1/loadgen/config", body); err != nil {
		return result{}, err
	}
	if err := sleep(ctx, o.warmup); err != nil {
		return result{}, err
	}
	first, err := scrape(o.loadgen)
	if err != nil {
		return result{}, err
	}
	began := time.Now()
	if err := sleep(ctx, o.hold); err != nil {
		return result{}, err
	}
	last, err := scrape(o.loadgen)
	if err != nil {
		return result{}, err
	}
	elapsed := time.Since(began).Seconds()
	d := last.minus(first)
	r := result{achieved: d.answered / elapsed}
	if attempts := d.answered + d.dropped; attempts > 0 {
		r.errorRatio = d.errors / attempts
	}
	r.p50, r.p95, r.p99 = d.quantile(0.50), d.quantile(0.95), d.quantile(0.99)
	if o.prometheus != "" {
		r.lb = haproxy(o.prometheus, o.hold)
	}
	return r, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// sample is the part of the load generator's /metrics the benchmark reads.
type sample struct {
	answered, errors, dropped float64
	buckets                   map[float64]float64 // le → cumulative count, summed over steps
}

func (s sample) minus(o sample) sample {
	d := sample{answered: s.answered - o.answered, errors: s.errors - o.errors, dropped: s.dropped - o.dropped,
		buckets: map[float64]float64{}}
	for le, n := range s.buckets {
		d.buckets[le] = n - o.buckets[le]
	}
	return d
}

// quantile interpolates within histogram buckets the way Prometheus'
// histogram_quantile does.
func (s sample) quantile(q float64) float64 {
	les := make([]float64, 0, len(s.buckets))
	for le := range s.buckets {
		les = append(les, le)
	}
	sort.Float64s(les)
	if len(les) == 0 || s.buckets[les[len(les)-1]] == 0 {
		return math.NaN()
	}
	rank := q * s.buckets[les[len(les)-1]]
	lower, below := 0.0, 0.0
	for _, le := range les {
		n := s.buckets[le]
		if n >= rank {
			if math.IsInf(le, 1) {
				return lower
			}
			return lower + (le-lower)*(rank-below)/math.Max(n-below, 1e-12)
		}
		lower, below = le, n
	}
	return lower
}

func scrape(base string) (sample, error) {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return sample{}, err
	}
	defer resp.Body.Close()
	s := sample{buckets: map[float64]float64{}}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		series, raw, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			continue
		}
		switch {
		case strings.HasPrefix(series, "loadgen_requests_total{"):
			switch outcome := label(series, "outcome"); outcome {
			case "dropped":
				s.dropped += v
				s.errors += v
			case "success", "rejected":
				s.answered += v
			default:
				s.answered += v
				s.errors += v
			}
		case strings.HasPrefix(series, "loadgen_request_duration_seconds_bucket{"):
			le, err := strconv.ParseFloat(label(series, "le"), 64)
			if err == nil {
				s.buckets[le] += v
			}
		}
	}
	return s, sc.Err()
}

func label(series, name string) string {
	_, rest, ok := strings.Cut(series, name+`="`)
	if !ok {
		return ""
	}
	value, _, _ := strings.Cut(rest, `"`)
	return value
}

// lbFigures is what HAProxy itself counted on its public frontend.
type lbFigures struct {
	ok                    bool
	rate, errorRatio, avg float64
	err                   string
}

func (f lbFigures) String() string {
	if !f.ok {
		return fmt.Sprintf("%9s %8s %9s", "n/a", "", "")
	}
	return fmt.Sprintf("%9.1f %7.2f%% %9.1f", f.rate, f.errorRatio*100, ms(f.avg))
}

func haproxy(base string, window time.Duration) lbFigures {
	w := fmt.Sprintf("%ds", int(window.Seconds()))
	rate, err1 := promScalar(base, `sum(rate(haproxy_frontend_http_requests_total{proxy="public"}[`+w+`]))`)
	errs, err2 := promScalar(base, `sum(rate(haproxy_frontend_http_responses_total{proxy="public",code="5xx"}[`+w+`]))`)
	avg, err3 := promScalar(base, `avg(backend:haproxy_backend_total_time:avg_seconds)`)
	if err := errors.Join(err1, err2); err != nil {
		return lbFigures{err: err.Error()}
	}
	f := lbFigures{ok: true, rate: rate, avg: avg}
	if err3 != nil {
		f.avg = math.NaN()
	}
	if rate > 0 {
		f.errorRatio = errs / rate
	}
	return f
}

func promScalar(base, query string) (float64, error) {
	resp, err := http.Get(base + "/api/v1/query?query=" + url.QueryEscape(query))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var body struct {
		Status string `json:"status"`
		Data   struct {
			Result []struct {
				Value [2]any `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Status != "success" {
		return 0, fmt.Errorf("prometheus query %q failed", query)
	}
	if len(body.Data.Result) == 0 {
		return 0, fmt.Errorf("prometheus query %q returned no data", query)
	}
	s, _ := body.Data.Result[0].Value[1].(string)
	return strconv.ParseFloat(s, 64)
}

type loadgenStatus struct {
	Running   bool    `json:"running"`
	TargetRPS float64 `json:"targetRps"`
}

func status(base string) (loadgenStatus, error) {
	resp, err := http.Get(base + "/api/v1/loadgen/status")
	if err != nil {
		return loadgenStatus{}, err
	}
	defer resp.Body.Close()
	var s loadgenStatus
	return s, json.NewDecoder(resp.Body).Decode(&s)
}

func restore(base string, s loadgenStatus) {
	body, _ := json.Marshal(map[string]float64{"targetRps": s.TargetRPS})
	err := put(base, "/api/v1/loadgen/config", body)
	if !s.Running {
		err = errors.Join(err, post(base, "/api/v1/loadgen/stop", nil))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "findmax: could not restore the load generator:", err)
		return
	}
	fmt.Printf("load generator restored to %g req/s, running=%v\n", s.TargetRPS, s.Running)
}

func put(base, path string, body []byte) error  { return send(http.MethodPut, base+path, body) }
func post(base, path string, body []byte) error { return send(http.MethodPost, base+path, body) }

func send(method, u string, body []byte) error {
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return fmt.Errorf("%s %s: %s %s", method, u, resp.Status, b)
	}
	return nil
}
