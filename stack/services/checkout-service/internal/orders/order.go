// Package orders places orders exactly once per Idempotency-Key and settles degraded ones.
//
// An order's life in the `orders` table:
//
//	PLACING ──► CONFIRMED                   (priced and reserved at once)
//	   │  └───► PENDING_RESERVATION ──► CONFIRMED | CANCELLED   (degraded; settled by the reconciler)
//	   └──────► CANCELLED                   (stock short at once)
//
// PLACING is internal: the record is written first, with a conditional put keyed by the
// Idempotency-Key, and only then does the owner of its lease price and reserve. Whoever crashes,
// the record remains, and a retry or the reconciler finishes the same order once the lease lapses.
package orders

import (
	"time"

	"github.com/google/uuid"
)

// Status is an order's state.
type Status string

// Statuses. PLACING never leaves the service.
const (
	StatusPlacing            Status = "PLACING"
	StatusConfirmed          Status = "CONFIRMED"
	StatusPendingReservation Status = "PENDING_RESERVATION"
	StatusCancelled          Status = "CANCELLED"
)

// Item is one line of an order. Name and price are filled in when the order is priced.
type Item struct {
	ProductID      string `dynamodbav:"productId" json:"productId"`
	Name           string `dynamodbav:"name" json:"name"`
	Quantity       int    `dynamodbav:"quantity" json:"quantity"`
	UnitPriceCents int64  `dynamodbav:"unitPriceCents" json:"unitPriceCents"`
}

// workQueueName marks records that need background work; it is the hash key of a sparse index,
// so the reconciler finds them without scanning the table.
const workQueueName = "reconcile"

// Order is the stored record, including the bookkeeping that never reaches the API.
type Order struct {
	ID             string `dynamodbav:"id"`
	UserID         string `dynamodbav:"userId"`
	IdempotencyKey string `dynamodbav:"idempotencyKey"`
	Status         Status `dynamodbav:"status"`
	StatusReason   string `dynamodbav:"statusReason,omitempty"`
	Degraded       bool   `dynamodbav:"degraded"`
	Items          []Item `dynamodbav:"items"`
	TotalCents     int64  `dynamodbav:"totalCents"`
	Currency       string `dynamodbav:"currency,omitempty"`
	CreatedAt      string `dynamodbav:"createdAt"` // fixed-width UTC, so it sorts as text
	UpdatedAt      string `dynamodbav:"updatedAt"`

	// Version guards every write: a write succeeds only on the version it read.
	Version int64 `dynamodbav:"version"`
	// LeaseOwner may work on the order until LeaseUntil (Unix ms); then anyone may take over.
	LeaseOwner string `dynamodbav:"leaseOwner,omitempty"`
	LeaseUntil int64  `dynamodbav:"leaseUntil,omitempty"`
	// WorkQueue/WorkDueAt are set while the order needs the reconciler (see needsWork).
	WorkQueue string `dynamodbav:"workQueue,omitempty"`
	WorkDueAt int64  `dynamodbav:"workDueAt,omitempty"`
	// PendingEvents are stream events decided but not yet known to be published (an outbox).
	PendingEvents []string `dynamodbav:"pendingEvents,omitempty"`
	// ReleasePending: a cancelled order whose reservations could not all be released yet.
	ReleasePending    bool `dynamodbav:"releasePending,omitempty"`
	ReconcileAttempts int  `dynamodbav:"reconcileAttempts,omitempty"`
}

// View is the order as the API shows it.
type View struct {
	ID           string    `json:"id"`
	UserID       string    `json:"userId"`
	Status       Status    `json:"status"`
	Degraded     bool      `json:"degraded"`
	Items        []Item    `json:"items"`
	TotalCents   int64     `json:"totalCents"`
	Currency     string    `json:"currency"`
	CreatedAt    time.Time `json:"createdAt"`
	StatusReason string    `json:"statusReason,omitempty"`
}

// View returns the public view of the order.
func (o Order) View() View {
	created, _ := time.Parse(timeLayout, o.CreatedAt)
	items := o.Items
	if items == nil {
		items = []Item{}
	}
	return View{
		ID: o.ID, UserID: o.UserID, Status: o.Status, Degraded: o.Degraded, Items: items,
		TotalCents: o.TotalCents, Currency: o.Currency, CreatedAt: created, StatusReason: o.StatusReason,
	}
}

// ReservationID names the reservation of one order line at the product service.
func ReservationID(orderID, productID string) string { return orderID + ":" + productID }

// orderNamespace scopes order ids derived from idempotency keys.
var orderNamespace = uuid.MustParse("6f1c1d0e-9a4b-4f0e-9d6c-2b7f3c1a8e55")

// OrderID derives the order id from the user and their Idempotency-Key, so every duplicate of a
// request names the same record and the conditional put can let only one of them create it.
func OrderID(userID, idempotencyKey string) string {
	return uuid.NewSHA1(orderNamespace, []byte(userID+"\x00"+idempotencyKey)).String()
}

const timeLayout = "2006-01-02T15:04:05.000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// needsWork reports whether the reconciler still has something to do for the order.
func (o *Order) needsWork() bool {
	return o.Status == StatusPlacing || o.Status == StatusPendingReservation ||
		o.ReleasePending || len(o.PendingEvents) > 0
}

// scheduleWork puts the order in the reconciler's queue, due at dueAt, or takes it out when
// nothing is left to do.
func (o *Order) scheduleWork(dueAt time.Time) {
	if o.needsWork() {
		o.WorkQueue = workQueueName
		o.WorkDueAt = dueAt.UnixMilli()
	} else {
		o.WorkQueue = ""
		o.WorkDueAt = 0
	}
}

func (o *Order) leaseExpired(now time.Time) bool {
	return o.LeaseOwner == "" || now.UnixMilli() >= o.LeaseUntil
}

func (o *Order) setLease(owner string, until time.Time) {
	o.LeaseOwner = owner
	o.LeaseUntil = until.UnixMilli()
}

func (o *Order) clearLease() {
	o.LeaseOwner = ""
	o.LeaseUntil = 0
}

// price fills names and prices into the lines and totals them.
func (o *Order) price(lookup func(productID string) (name string, unitPriceCents int64, currency string)) {
	var total int64
	for i := range o.Items {
		name, price, currency := lookup(o.Items[i].ProductID)
		o.Items[i].Name = name
		o.Items[i].UnitPriceCents = price
		total += price * int64(o.Items[i].Quantity)
		if o.Currency == "" {
			o.Currency = currency
		}
	}
	o.TotalCents = total
}
