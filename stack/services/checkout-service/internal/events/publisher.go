// Package events appends order events to the Redis stream that the analytics service consumes.
package events

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// Stream is the Redis stream of order events (CONVENTIONS.md "Order events").
const Stream = "orders.events"

// Event types.
const (
	OrderPlaced    = "order.placed"
	OrderConfirmed = "order.confirmed"
	OrderCancelled = "order.cancelled"
)

// maxLen trims the stream approximately, so a long demo cannot fill Redis.
const maxLen = 100_000

// Publisher appends events to the stream.
type Publisher struct {
	rdb *redis.Client
}

// NewPublisher returns a publisher on rdb.
func NewPublisher(rdb *redis.Client) *Publisher { return &Publisher{rdb: rdb} }

// Publish appends one entry with fields type and data (data as JSON).
func (p *Publisher) Publish(ctx context.Context, eventType string, data any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	err = p.rdb.XAdd(ctx, &redis.XAddArgs{
		Stream: Stream,
		MaxLen: maxLen,
		Approx: true,
		Values: []any{"type", eventType, "data", string(b)},
	}).Err()
	if err != nil {
		return fmt.Errorf("publishing %s: %w", eventType, err)
	}
	return nil
}
