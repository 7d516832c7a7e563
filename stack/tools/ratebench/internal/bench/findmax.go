package bench

import (
	"context"
	"time"
)

// Goal is what a rate must achieve to pass a step.
type Goal struct {
	P95          time.Duration
	MaxErrorRate float64
}

// Passes reports whether a step met the goal: p95 under target, few errors, and the load
// generator itself kept up with the schedule.
func (g Goal) Passes(r Result) bool {
	return r.Sent > 0 && r.Latency.P95 < g.P95 && r.ErrorRate() <= g.MaxErrorRate && r.Achieved >= 0.95*r.Rate
}

// Search raises the rate geometrically from start until a step fails, then bisects between the
// last passing and the first failing rate. When the start rate already fails, it lowers the rate
// by the same factor (not below MinRate) until one passes. Each step reuses cfg with its own rate.
type Search struct {
	Start, Factor, MinRate, MaxRate float64
	Refinements                     int
	StepPause                       time.Duration
}

// FindMax returns every step run, in order, and the highest passing rate (0 if none passed).
func FindMax(ctx context.Context, cfg Config, goal Goal, search Search, onStep func(Result, bool)) ([]Result, float64) {
	var steps []Result
	step := func(rate float64) bool {
		c := cfg
		c.Rate = rate
		r := Run(ctx, c)
		ok := goal.Passes(r)
		steps = append(steps, r)
		if onStep != nil {
			onStep(r, ok)
		}
		time.Sleep(search.StepPause)
		return ok
	}

	best, failed := 0.0, 0.0
	for rate := search.Start; rate <= search.MaxRate && ctx.Err() == nil; rate *= search.Factor {
		if !step(rate) {
			failed = rate
			break
		}
		best = rate
	}
	for rate := failed / search.Factor; best == 0 && failed > 0 && rate >= search.MinRate && ctx.Err() == nil; rate /= search.Factor {
		if step(rate) {
			best = rate
		} else {
			failed = rate
		}
	}
	if failed == 0 || best == 0 {
		return steps, best
	}
	for i := 0; i < search.Refinements && ctx.Err() == nil; i++ {
		mid := (best + failed) / 2
		if step(mid) {
			best = mid
		} else {
			failed = mid
		}
	}
	return steps, best
}
