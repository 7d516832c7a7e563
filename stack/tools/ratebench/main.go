// Command ratebench is an open-model HTTP GET benchmark: requests are due at a constant rate and
// each latency is measured from its due time, so a slow server cannot hide behind a slower load
// (no coordinated omission).
//
//	ratebench -url http://127.0.0.1:8081/api/v1/products/p-0001 -rate 200 -duration 30s
//	ratebench -urls urls.txt -find-max -p95 10ms
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"hademo/ratebench/internal/bench"
)

type urlList []string

func (u *urlList) String() string     { return strings.Join(*u, ",") }
func (u *urlList) Set(v string) error { *u = append(*u, v); return nil }

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ratebench:", err)
		os.Exit(2)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("ratebench", flag.ContinueOnError)
	var urls urlList
	fs.Var(&urls, "url", "URL to GET; repeat to cycle through several")
	urlsFile := fs.String("urls", "", "file with one URL per line (# comments allowed)")
	rate := fs.Float64("rate", 100, "requests per second (constant arrival rate)")
	duration := fs.Duration("duration", 30*time.Second, "measured duration (per step with -find-max)")
	warmup := fs.Duration("warmup", 0, "unmeasured lead-in at the same rate (per step with -find-max)")
	timeout := fs.Duration("timeout", 5*time.Second, "per-request timeout, counted as an error")
	maxInFlight := fs.Int("max-in-flight", 1000, "concurrent requests at most; waiting for a slot counts as latency")
	findMax := fs.Bool("find-max", false, "step the rate up until the goal fails, then bisect")
	p95 := fs.Duration("p95", 10*time.Millisecond, "with -find-max: p95 must stay below this")
	maxErrors := fs.Float64("max-error-rate", 0.001, "with -find-max: highest share of failed requests")
	startRate := fs.Float64("start-rate", 100, "with -find-max: first rate")
	factor := fs.Float64("step-factor", 1.5, "with -find-max: rate multiplier between steps")
	minRate := fs.Float64("min-rate", 10, "with -find-max: never go below this rate")
	maxRate := fs.Float64("max-rate", 50000, "with -find-max: never go above this rate")
	refine := fs.Int("refine", 3, "with -find-max: bisection steps after the first failure")
	pause := fs.Duration("step-pause", 2*time.Second, "with -find-max: idle time between steps")
	jsonOut := fs.String("json", "", "also write the results as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *urlsFile != "" {
		fromFile, err := readURLs(*urlsFile)
		if err != nil {
			return err
		}
		urls = append(urls, fromFile...)
	}
	if len(urls) == 0 {
		return errors.New("no URL: pass -url or -urls")
	}
	if *rate <= 0 || *duration <= 0 || *startRate <= 0 || *factor <= 1 {
		return errors.New("-rate, -duration and -start-rate must be positive and -step-factor above 1")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg := bench.Config{
		URLs: urls, Rate: *rate, Duration: *duration, Warmup: *warmup,
		Timeout: *timeout, MaxInFlight: *maxInFlight,
	}
	cfg.Client = bench.NewClient(cfg.MaxInFlight, cfg.Timeout)

	var report any
	if *findMax {
		goal := bench.Goal{P95: *p95, MaxErrorRate: *maxErrors}
		search := bench.Search{Start: *startRate, Factor: *factor, MinRate: *minRate, MaxRate: *maxRate, Refinements: *refine, StepPause: *pause}
		fmt.Fprintf(out, "find-max: p95 < %v, errors <= %.2f%%, %v per step over %d URL(s)\n",
			goal.P95, 100*goal.MaxErrorRate, cfg.Duration, len(urls))
		steps, best := bench.FindMax(ctx, cfg, goal, search, func(r bench.Result, ok bool) {
			verdict := "FAIL"
			if ok {
				verdict = "pass"
			}
			fmt.Fprintf(out, "  %s  %s\n", verdict, line(r))
		})
		fmt.Fprintf(out, "highest rate with p95 < %v: %.0f req/s\n", goal.P95, best)
		report = map[string]any{"goal": goal, "steps": steps, "maxRate": best}
	} else {
		r := bench.Run(ctx, cfg)
		fmt.Fprintln(out, line(r))
		fmt.Fprintf(out, "status codes: %v; scheduler max lag %v\n", r.StatusCodes, r.MaxSendLag.Round(time.Microsecond))
		report = r
	}
	if *jsonOut != "" {
		data, err := json.MarshalIndent(report, "", "  ")
		if err != nil {
			return err
		}
		return os.WriteFile(*jsonOut, data, 0o644)
	}
	return nil
}

func line(r bench.Result) string {
	l := r.Latency
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }
	return fmt.Sprintf("rate %7.1f/s for %v: sent %d, errors %d, achieved %.1f/s | p50 %s p90 %s p95 %s p99 %s p99.9 %s max %s",
		r.Rate, r.Duration, r.Sent, r.Errors, r.Achieved, ms(l.P50), ms(l.P90), ms(l.P95), ms(l.P99), ms(l.P999), ms(l.Max))
}

func readURLs(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var urls []string
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		if text := strings.TrimSpace(scanner.Text()); text != "" && !strings.HasPrefix(text, "#") {
			urls = append(urls, text)
		}
	}
	return urls, scanner.Err()
}
