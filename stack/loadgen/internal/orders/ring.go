// Package orders remembers the orders the shop accepted, so a chaos test can
// later check that every one of them is stored exactly once.
package orders

import (
	"encoding/json"
	"io"
	"sync"
	"time"
)

// Order is one accepted order as the shop answered it.
type Order struct {
	Seq            uint64    `json:"seq"`
	ID             string    `json:"id"`
	Status         string    `json:"status"`
	Degraded       bool      `json:"degraded"`
	TotalCents     int64     `json:"totalCents"`
	IdempotencyKey string    `json:"idempotencyKey"`
	User           string    `json:"user"`
	AcceptedAt     time.Time `json:"acceptedAt"`
}

// Ring keeps the newest orders up to a fixed capacity and, optionally, appends
// every order as a JSON line to a journal (a file in a volume survives restarts).
type Ring struct {
	mu      sync.Mutex
	items   []Order
	next    uint64 // sequence number of the next order; also the count ever added
	journal io.Writer
}

// NewRing keeps up to capacity orders in memory; journal may be nil.
func NewRing(capacity int, journal io.Writer) *Ring {
	return &Ring{items: make([]Order, 0, capacity), next: 1, journal: journal}
}

// Add stores an order and returns it with its sequence number. A journal
// write error is returned but the order is kept in memory regardless.
func (r *Ring) Add(o Order) (Order, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	o.Seq = r.next
	r.next++
	if len(r.items) < cap(r.items) {
		r.items = append(r.items, o)
	} else {
		r.items[int((o.Seq-1)%uint64(cap(r.items)))] = o
	}
	if r.journal == nil {
		return o, nil
	}
	line, _ := json.Marshal(o)
	_, err := r.journal.Write(append(line, '\n'))
	return o, err
}

// Page is a slice of the remembered orders, oldest first.
type Page struct {
	Items    []Order `json:"items"`
	Total    uint64  `json:"total"`    // accepted since start
	Evicted  uint64  `json:"evicted"`  // fell out of memory (still in the journal, if any)
	Capacity int     `json:"capacity"` // orders kept in memory
	NextSeq  uint64  `json:"nextAfter"`
}

// After lists up to limit orders with a sequence number greater than after.
func (r *Ring) After(after uint64, limit int) Page {
	r.mu.Lock()
	defer r.mu.Unlock()
	total := r.next - 1
	oldest := uint64(1)
	if total > uint64(cap(r.items)) {
		oldest = total - uint64(cap(r.items)) + 1
	}
	p := Page{Items: []Order{}, Total: total, Evicted: oldest - 1, Capacity: cap(r.items), NextSeq: after}
	for seq := max(after+1, oldest); seq <= total && len(p.Items) < limit; seq++ {
		o := r.items[int((seq-1)%uint64(cap(r.items)))]
		p.Items = append(p.Items, o)
		p.NextSeq = seq
	}
	return p
}
