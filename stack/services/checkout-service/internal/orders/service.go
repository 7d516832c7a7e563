package orders

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"hademo/checkout-service/internal/cart"
	"hademo/checkout-service/internal/catalog"
	"hademo/checkout-service/internal/events"
	"hademo/checkout-service/internal/metrics"
	"hademo/checkout-service/internal/resilience"
)

var (
	// ErrCartEmpty means there is nothing to order.
	ErrCartEmpty = errors.New("the cart is empty")
	// ErrStillPlacing means a duplicate request waited in vain for the first one to finish.
	ErrStillPlacing = errors.New("an order with this Idempotency-Key is still being placed")
	// ErrPricesUnavailable means the product service is down and some product has no known price.
	ErrPricesUnavailable = errors.New("the product service is unavailable and not every product has a known price")
)

// UnknownProductError names a cart product the product service does not know.
type UnknownProductError struct{ ProductID string }

func (e UnknownProductError) Error() string {
	return fmt.Sprintf("product %s in the cart does not exist", e.ProductID)
}

// Config tunes the service.
type Config struct {
	// Owner identifies this replica in leases.
	Owner string
	// Lease is how long one replica may work on an order before another may take over.
	Lease time.Duration
	// DuplicateWait is how long a duplicate request waits for the first one's result.
	DuplicateWait time.Duration
	// RetryInterval spaces the reconciler's attempts at a queued reservation.
	RetryInterval time.Duration
}

// Service places and settles orders.
type Service struct {
	cfg     Config
	repo    *Repository
	carts   *cart.Store
	catalog *catalog.Client
	prices  *catalog.PriceCache
	events  *events.Publisher
	metrics *metrics.Metrics
	log     *slog.Logger
}

// NewService wires the service.
func NewService(cfg Config, repo *Repository, carts *cart.Store, catalogClient *catalog.Client,
	prices *catalog.PriceCache, publisher *events.Publisher, m *metrics.Metrics, log *slog.Logger) *Service {
	return &Service{cfg: cfg, repo: repo, carts: carts, catalog: catalogClient, prices: prices,
		events: publisher, metrics: m, log: log}
}

// Placement is the result of Place.
type Placement struct {
	Order Order
	// Replayed is true when the Idempotency-Key had been used before and this is that order.
	Replayed bool
}

// Place turns the user's cart into an order, exactly once per idempotency key: every duplicate,
// concurrent or later, gets the same order.
func (s *Service) Place(ctx context.Context, userID, idempotencyKey string) (Placement, error) {
	id := OrderID(userID, idempotencyKey)
	deadline := time.Now().Add(s.cfg.DuplicateWait)
	for {
		existing, err := s.repo.Get(ctx, id)
		switch {
		case errors.Is(err, ErrNotFound):
			o, err := s.claim(ctx, id, userID, idempotencyKey)
			if errors.Is(err, ErrExists) {
				continue // a duplicate claimed it first: wait for its result
			}
			if err != nil {
				return Placement{}, err
			}
			o, err = s.complete(ctx, o)
			return Placement{Order: o}, err
		case err != nil:
			return Placement{}, err
		case existing.Status != StatusPlacing:
			return Placement{Order: existing, Replayed: true}, nil
		case existing.leaseExpired(time.Now()):
			// The first request's replica died mid-way: finish the same order here.
			if err := s.takeLease(ctx, &existing); err == nil {
				o, err := s.complete(ctx, existing)
				return Placement{Order: o, Replayed: true}, err
			}
		}
		if time.Now().After(deadline) {
			return Placement{}, ErrStillPlacing
		}
		if err := resilience.Sleep(ctx, 25*time.Millisecond); err != nil {
			return Placement{}, err
		}
	}
}

// claim writes the order as PLACING with this replica's lease. The record is the claim on the
// idempotency key: only one request can create it.
func (s *Service) claim(ctx context.Context, id, userID, idempotencyKey string) (Order, error) {
	lines, err := s.carts.Items(ctx, userID)
	if err != nil {
		return Order{}, err
	}
	if len(lines) == 0 {
		return Order{}, ErrCartEmpty
	}
	now := time.Now()
	o := Order{
		ID: id, UserID: userID, IdempotencyKey: idempotencyKey, Status: StatusPlacing,
		CreatedAt: formatTime(now), UpdatedAt: formatTime(now),
	}
	for _, l := range lines {
		o.Items = append(o.Items, Item{ProductID: l.ProductID, Quantity: l.Quantity})
	}
	s.leaseTo(&o, now)
	return o, s.repo.Create(ctx, &o)
}

// leaseTo gives this replica the order's lease and keeps the reconciler away until it lapses;
// if the replica dies, the order becomes due exactly then.
func (s *Service) leaseTo(o *Order, now time.Time) {
	until := now.Add(s.cfg.Lease)
	o.setLease(s.cfg.Owner, until)
	o.scheduleWork(until)
}

func (s *Service) takeLease(ctx context.Context, o *Order) error {
	s.leaseTo(o, time.Now())
	return s.repo.Save(ctx, o)
}

// complete prices and reserves a PLACING order whose lease this replica holds, and records the
// outcome. It runs on a context of its own: a client that hangs up must not leave it half done.
func (s *Service) complete(ctx context.Context, o Order) (Order, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.Lease*9/10)
	defer cancel()

	degraded, err := s.price(ctx, &o)
	if err != nil {
		// Nothing was reserved: give the key back so a retry starts afresh.
		if delErr := s.repo.Delete(ctx, o); delErr != nil {
			s.log.WarnContext(ctx, "could not release order claim", "orderId", o.ID, "error", delErr)
		}
		return Order{}, err
	}

	outcome := reservation{kind: queued}
	if !degraded {
		outcome = s.reserve(ctx, &o)
	}
	switch outcome.kind {
	case reserved:
		o.Status = StatusConfirmed
		o.PendingEvents = []string{events.OrderPlaced}
	case queued:
		o.Status = StatusPendingReservation
		o.Degraded = true
		o.StatusReason = "The product service is unavailable: the order was accepted at the last known prices " +
			"and its stock reservation is queued."
		if !degraded {
			o.StatusReason = "The product service became unavailable during the stock reservation: " +
				"the order was accepted and its reservation is queued."
		}
		o.PendingEvents = []string{events.OrderPlaced}
	case refused:
		o.Status = StatusCancelled
		o.StatusReason = outcome.reason + " Nothing was reserved and the cart is unchanged."
		o.ReleasePending = !s.releaseAll(ctx, o)
	}

	s.leaseTo(&o, time.Now()) // keep the lease while the events go out
	if err := s.repo.Save(ctx, &o); err != nil {
		if errors.Is(err, ErrVersionConflict) {
			// Our lease lapsed and another replica took over; its result is the order.
			return s.current(ctx, o.ID)
		}
		return Order{}, err
	}
	s.metrics.OrderReachedStatus(string(o.Status), o.Degraded)
	if o.Status != StatusCancelled {
		s.metrics.OrderAccepted(o.TotalCents)
	}
	s.log.InfoContext(ctx, "order placed", "orderId", o.ID, "status", o.Status, "degraded", o.Degraded,
		"totalCents", o.TotalCents)
	if o.Status != StatusCancelled {
		if err := s.carts.Clear(ctx, o.UserID); err != nil {
			s.log.WarnContext(ctx, "could not clear cart", "orderId", o.ID, "error", err)
		}
	}
	s.flushEvents(ctx, &o)
	return o, nil
}

// current returns the order unless it is still being placed.
func (s *Service) current(ctx context.Context, id string) (Order, error) {
	o, err := s.repo.Get(ctx, id)
	if err != nil {
		return Order{}, err
	}
	if o.Status == StatusPlacing {
		return Order{}, ErrStillPlacing
	}
	return o, nil
}

// price fills in names and prices from the product service, or, when it is unavailable, from
// the last known prices (degraded is then true).
func (s *Service) price(ctx context.Context, o *Order) (degraded bool, err error) {
	products := make(map[string]catalog.Product, len(o.Items))
	for _, it := range o.Items {
		p, err := s.catalog.Product(ctx, it.ProductID)
		switch {
		case err == nil:
			products[it.ProductID] = p
			continue
		case errors.Is(err, catalog.ErrNotFound):
			return false, UnknownProductError{ProductID: it.ProductID}
		case errors.Is(err, resilience.ErrUnavailable):
			return true, s.priceFromCache(ctx, o)
		default:
			return false, err
		}
	}
	o.price(func(id string) (string, int64, string) {
		p := products[id]
		return p.Name, p.PriceCents, p.Currency
	})
	return false, nil
}

func (s *Service) priceFromCache(ctx context.Context, o *Order) error {
	ids := make([]string, len(o.Items))
	for i, it := range o.Items {
		ids[i] = it.ProductID
	}
	known, err := s.prices.Get(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, ok := known[id]; !ok {
			return fmt.Errorf("%w (no price known for %s)", ErrPricesUnavailable, id)
		}
	}
	o.price(func(id string) (string, int64, string) {
		p := known[id]
		return p.Name, p.PriceCents, p.Currency
	})
	return nil
}

type reservationKind int

const (
	reserved reservationKind = iota // every line is reserved
	queued                          // the product service is unavailable: try again later
	refused                         // the product service said no (stock short, product gone)
)

type reservation struct {
	kind   reservationKind
	reason string
}

// reserve reserves every line. Reservation ids are derived from the order, so repeating this
// (after a crash, or by the reconciler) never reserves a line twice.
func (s *Service) reserve(ctx context.Context, o *Order) reservation {
	for _, it := range o.Items {
		err := s.catalog.Reserve(ctx, it.ProductID, ReservationID(o.ID, it.ProductID), it.Quantity)
		switch {
		case err == nil:
		case errors.Is(err, catalog.ErrInsufficientStock):
			return reservation{refused, fmt.Sprintf("Insufficient stock for product %s (%d requested).", it.ProductID, it.Quantity)}
		case errors.Is(err, catalog.ErrNotFound):
			return reservation{refused, fmt.Sprintf("Product %s no longer exists.", it.ProductID)}
		case errors.Is(err, resilience.ErrUnavailable), ctx.Err() != nil:
			return reservation{kind: queued}
		default:
			return reservation{refused, fmt.Sprintf("The product service refused the reservation of product %s.", it.ProductID)}
		}
	}
	return reservation{kind: reserved}
}

// releaseAll releases every line's reservation (compensation); releasing one that was never
// made is harmless. It reports whether all releases went through.
func (s *Service) releaseAll(ctx context.Context, o Order) bool {
	ok := true
	for _, it := range o.Items {
		if err := s.catalog.Release(ctx, it.ProductID, ReservationID(o.ID, it.ProductID)); err != nil {
			s.log.WarnContext(ctx, "could not release reservation; will retry", "orderId", o.ID,
				"productId", it.ProductID, "error", err)
			ok = false
		}
	}
	return ok
}

// flushEvents publishes the order's pending events, then gives up the lease and reschedules the
// order (or takes it out of the queue). A crash before that write republishes the events later:
// delivery is at least once, and each event id is stable so consumers can drop duplicates.
func (s *Service) flushEvents(ctx context.Context, o *Order) {
	for len(o.PendingEvents) > 0 {
		eventType := o.PendingEvents[0]
		if err := s.events.Publish(ctx, eventType, newEventData(*o, eventType)); err != nil {
			s.log.WarnContext(ctx, "could not publish event; will retry", "orderId", o.ID, "type", eventType, "error", err)
			break
		}
		o.PendingEvents = o.PendingEvents[1:]
	}
	now := time.Now()
	o.clearLease()
	if len(o.PendingEvents) > 0 {
		o.scheduleWork(now)
	} else {
		o.scheduleWork(now.Add(s.cfg.RetryInterval))
	}
	if err := s.repo.Save(ctx, o); err != nil {
		s.log.WarnContext(ctx, "could not record published events", "orderId", o.ID, "error", err)
	}
}

type eventData struct {
	EventID    string    `json:"eventId"`
	OrderID    string    `json:"orderId"`
	UserID     string    `json:"userId"`
	Status     Status    `json:"status"`
	Degraded   bool      `json:"degraded"`
	Items      []Item    `json:"items"`
	TotalCents int64     `json:"totalCents"`
	Currency   string    `json:"currency"`
	OccurredAt time.Time `json:"occurredAt"`
}

func newEventData(o Order, eventType string) eventData {
	return eventData{
		EventID: o.ID + ":" + eventType, OrderID: o.ID, UserID: o.UserID, Status: o.Status,
		Degraded: o.Degraded, Items: o.Items, TotalCents: o.TotalCents, Currency: o.Currency,
		OccurredAt: time.Now().UTC(),
	}
}
