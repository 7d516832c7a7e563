// Package engine schedules arrivals in an open model: requests are due at a
// constant rate whether or not earlier ones have been answered, the way real
// visitors arrive at a shop.
package engine

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"hademo/loadgen/internal/measure"
)

// Arrival is one visitor action that is due at Intended.
type Arrival struct {
	Step     string
	Intended time.Time
}

// Executor performs an arrival and records its requests. Run must honour ctx.
type Executor interface {
	Run(ctx context.Context, a Arrival)
}

// Options fix the engine's bounds at creation.
type Options struct {
	TargetRPS   float64
	Mix         Mix
	MaxInFlight int
	// MaxLag: arrivals that fall further behind than this because the
	// scheduler itself was stalled (a paused container, a starved CPU) are
	// skipped and counted, instead of being fired in one burst afterwards.
	MaxLag time.Duration
}

// Snapshot is the engine's state for the status API.
type Snapshot struct {
	Running     bool
	TargetRPS   float64
	Mix         Mix
	StartedAt   *time.Time
	InFlight    int
	MaxInFlight int
	Skipped     uint64
}

// Engine runs one schedule at a time; Start, Stop and Configure take effect at
// once, without a restart.
type Engine struct {
	exec Executor
	rec  measure.Recorder
	slot chan struct{} // a token per in-flight arrival: the in-flight cap
	lag  time.Duration

	mu        sync.Mutex
	running   bool
	rate      float64
	mix       Mix
	startedAt time.Time
	changes   uint64 // bumped on every start and reconfiguration
	wake      chan struct{}

	inFlight atomic.Int64
	skipped  atomic.Uint64
	work     sync.WaitGroup
}

// New creates a stopped engine.
func New(exec Executor, rec measure.Recorder, o Options) *Engine {
	if o.MaxLag <= 0 {
		o.MaxLag = 2 * time.Second
	}
	return &Engine{
		exec: exec, rec: rec, slot: make(chan struct{}, o.MaxInFlight), lag: o.MaxLag,
		rate: o.TargetRPS, mix: o.Mix.Clone(), wake: make(chan struct{}, 1),
	}
}

func (e *Engine) changed() {
	e.changes++
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Start begins (or keeps) sending at the target rate.
func (e *Engine) Start() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.running {
		e.running, e.startedAt = true, time.Now()
		e.changed()
	}
}

// Stop sends no new arrivals; requests in flight finish on their own.
func (e *Engine) Stop() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.running {
		e.running = false
		e.changed()
	}
}

// Configure changes rate and/or mix (nil leaves a value as it is). Callers validate.
func (e *Engine) Configure(rate *float64, mix Mix) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if rate != nil {
		e.rate = *rate
	}
	if mix != nil {
		e.mix = mix.Clone()
	}
	e.changed()
}

// Snapshot reads the current state.
func (e *Engine) Snapshot() Snapshot {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := Snapshot{Running: e.running, TargetRPS: e.rate, Mix: e.mix.Clone(),
		InFlight: int(e.inFlight.Load()), MaxInFlight: cap(e.slot), Skipped: e.skipped.Load()}
	if e.running {
		started := e.startedAt
		s.StartedAt = &started
	}
	return s
}

type schedule struct {
	changes uint64
	base    time.Time
	n       int64 // arrivals sent since base
	rate    float64
	picker  picker
}

// due is the intended time of the next arrival, computed from the base rather
// than by adding intervals, so rounding never drifts the rate.
func (s *schedule) due() time.Time {
	return s.base.Add(time.Duration(float64(s.n) * float64(time.Second) / s.rate))
}

// Run schedules arrivals until ctx ends, then waits for the requests in flight.
func (e *Engine) Run(ctx context.Context) {
	defer e.work.Wait()
	rng := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	var cur schedule
	for {
		e.mu.Lock()
		running, changes := e.running, e.changes
		if running && changes != cur.changes {
			// A new rate or mix starts a fresh schedule now: it takes effect with
			// the next arrival, not after the old interval runs out.
			cur = schedule{changes: changes, base: time.Now(), rate: e.rate, picker: newPicker(e.mix)}
		}
		e.mu.Unlock()

		wait := time.Hour
		if running {
			now := time.Now()
			for next := cur.due(); !next.After(now); next = cur.due() {
				if now.Sub(next) > e.lag {
					e.skipped.Add(1)
				} else {
					e.dispatch(ctx, Arrival{Step: cur.picker.pick(rng), Intended: next})
				}
				cur.n++
			}
			wait = time.Until(cur.due())
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-e.wake:
		case <-timer.C:
		}
	}
}

func (e *Engine) dispatch(ctx context.Context, a Arrival) {
	select {
	case e.slot <- struct{}{}:
	default:
		e.rec.Record(measure.Result{Step: a.Step, Outcome: measure.Dropped, At: time.Now()})
		return
	}
	e.inFlight.Add(1)
	e.work.Add(1)
	go func() {
		defer func() {
			e.inFlight.Add(-1)
			<-e.slot
			e.work.Done()
		}()
		e.exec.Run(ctx, a)
	}()
}
