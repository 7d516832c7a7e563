package orders

import (
	"context"
	"errors"
	"time"

	"hademo/checkout-service/internal/events"
)

// Reconciler finishes what placement left open: queued reservations of degraded orders, claims
// whose replica died, releases and events that could not be sent. Several replicas may run it at
// once: each order is taken with a versioned write of its lease, so only one works on it.
type Reconciler struct {
	svc      *Service
	interval time.Duration
	batch    int32
}

// NewReconciler runs a pass every interval.
func NewReconciler(svc *Service, interval time.Duration) *Reconciler {
	return &Reconciler{svc: svc, interval: interval, batch: 25}
}

// Run passes until ctx ends.
func (r *Reconciler) Run(ctx context.Context) {
	t := time.NewTicker(r.interval)
	defer t.Stop()
	for {
		r.RunOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce works on the orders that are due now and returns how many it took on.
func (r *Reconciler) RunOnce(ctx context.Context) int {
	s := r.svc
	due, err := s.repo.DueWork(ctx, time.Now(), r.batch)
	if err != nil {
		if ctx.Err() == nil {
			s.log.WarnContext(ctx, "reconciler could not read its queue", "error", err)
		}
		return 0
	}
	taken := 0
	for _, candidate := range due {
		if ctx.Err() != nil {
			break
		}
		o, ok := r.take(ctx, candidate.ID)
		if !ok {
			continue
		}
		taken++
		s.settle(ctx, o)
	}
	if n, err := s.repo.CountPendingReservations(ctx); err == nil {
		s.metrics.PendingReservations.Set(float64(n))
	}
	return taken
}

// take leases an order to this replica if it is still due and nobody else holds it.
func (r *Reconciler) take(ctx context.Context, id string) (Order, bool) {
	s := r.svc
	o, err := s.repo.Get(ctx, id) // the index may lag: decide on the record itself
	if err != nil {
		return Order{}, false
	}
	now := time.Now()
	if o.WorkQueue == "" || o.WorkDueAt > now.UnixMilli() || !o.leaseExpired(now) {
		return Order{}, false
	}
	if err := s.takeLease(ctx, &o); err != nil {
		if !errors.Is(err, ErrVersionConflict) {
			s.log.WarnContext(ctx, "reconciler could not lease order", "orderId", id, "error", err)
		}
		return Order{}, false
	}
	return o, true
}

// settle moves a leased order on as far as it can now.
func (s *Service) settle(ctx context.Context, o Order) {
	if o.Status == StatusPlacing {
		if _, err := s.complete(ctx, o); err != nil {
			s.log.WarnContext(ctx, "could not complete abandoned placement", "orderId", o.ID, "error", err)
		}
		return
	}
	changed := false
	if o.Status == StatusPendingReservation {
		switch outcome := s.reserve(ctx, &o); outcome.kind {
		case reserved:
			o.Status = StatusConfirmed
			o.StatusReason = ""
			o.PendingEvents = append(o.PendingEvents, events.OrderConfirmed)
			changed = true
		case refused:
			o.Status = StatusCancelled
			o.StatusReason = "The stock reservation queued while the product service was unavailable failed: " +
				outcome.reason + " The order was cancelled and nothing will be charged."
			o.ReleasePending = true
			o.PendingEvents = append(o.PendingEvents, events.OrderCancelled)
			changed = true
		case queued:
			o.ReconcileAttempts++
		}
		if changed {
			s.metrics.OrderReachedStatus(string(o.Status), o.Degraded)
			s.log.InfoContext(ctx, "degraded order settled", "orderId", o.ID, "status", o.Status)
		}
	}
	if o.ReleasePending && s.releaseAll(ctx, o) {
		o.ReleasePending = false
		changed = true
	}
	if changed {
		// Record the decision before announcing it.
		s.leaseTo(&o, time.Now())
		if err := s.repo.Save(ctx, &o); err != nil {
			s.log.WarnContext(ctx, "could not record settled order", "orderId", o.ID, "error", err)
			return
		}
	}
	s.flushEvents(ctx, &o)
}
