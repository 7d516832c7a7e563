// Package cart keeps each user's cart in Redis as a hash of product id → quantity,
// expiring a day after its last change.
package cart

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// TTL is how long an untouched cart lives.
const TTL = 24 * time.Hour

// Item is one line of a cart.
type Item struct {
	ProductID string `json:"productId"`
	Quantity  int    `json:"quantity"`
}

// Store reads and writes carts.
type Store struct {
	rdb *redis.Client
}

// NewStore returns a store on rdb.
func NewStore(rdb *redis.Client) *Store { return &Store{rdb: rdb} }

func key(userID string) string { return "checkout:cart:" + userID }

// Items returns the user's cart, sorted by product id; an expired or new cart is empty.
func (s *Store) Items(ctx context.Context, userID string) ([]Item, error) {
	fields, err := s.rdb.HGetAll(ctx, key(userID)).Result()
	if err != nil {
		return nil, fmt.Errorf("reading cart: %w", err)
	}
	items := make([]Item, 0, len(fields))
	for id, q := range fields {
		n, err := strconv.Atoi(q)
		if err != nil || n <= 0 {
			continue
		}
		items = append(items, Item{ProductID: id, Quantity: n})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].ProductID < items[j].ProductID })
	return items, nil
}

// Set puts quantity units of a product in the cart (replacing any previous quantity).
func (s *Store) Set(ctx context.Context, userID, productID string, quantity int) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, key(userID), productID, quantity)
		p.Expire(ctx, key(userID), TTL)
		return nil
	})
	if err != nil {
		return fmt.Errorf("writing cart: %w", err)
	}
	return nil
}

// Remove takes a product out of the cart. Removing an absent product is not an error.
func (s *Store) Remove(ctx context.Context, userID, productID string) error {
	if err := s.rdb.HDel(ctx, key(userID), productID).Err(); err != nil {
		return fmt.Errorf("writing cart: %w", err)
	}
	return nil
}

// Clear empties the cart.
func (s *Store) Clear(ctx context.Context, userID string) error {
	if err := s.rdb.Del(ctx, key(userID)).Err(); err != nil {
		return fmt.Errorf("clearing cart: %w", err)
	}
	return nil
}
