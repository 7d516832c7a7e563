package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// priceTTL bounds how stale a "last known price" may be before checkout refuses to sell from it.
const priceTTL = 7 * 24 * time.Hour

// Price is a product's last known price.
type Price struct {
	ProductID  string    `json:"productId"`
	Name       string    `json:"name"`
	PriceCents int64     `json:"priceCents"`
	Currency   string    `json:"currency"`
	SeenAt     time.Time `json:"seenAt"`
}

// PriceFromProduct takes the price of a freshly fetched product.
func PriceFromProduct(p Product) Price {
	return Price{ProductID: p.ID, Name: p.Name, PriceCents: p.PriceCents, Currency: p.Currency, SeenAt: time.Now().UTC()}
}

// PriceCache keeps the last known price of every product checkout has seen, in Redis,
// shared by all checkout replicas.
type PriceCache struct {
	rdb *redis.Client
}

// NewPriceCache returns a cache on rdb.
func NewPriceCache(rdb *redis.Client) *PriceCache { return &PriceCache{rdb: rdb} }

func priceKey(productID string) string { return "checkout:price:" + productID }

// Put stores a price.
func (c *PriceCache) Put(ctx context.Context, p Price) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return c.rdb.Set(ctx, priceKey(p.ProductID), b, priceTTL).Err()
}

// Get returns the known prices among productIDs; unknown products are missing from the map.
func (c *PriceCache) Get(ctx context.Context, productIDs []string) (map[string]Price, error) {
	if len(productIDs) == 0 {
		return map[string]Price{}, nil
	}
	keys := make([]string, len(productIDs))
	for i, id := range productIDs {
		keys[i] = priceKey(id)
	}
	values, err := c.rdb.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, fmt.Errorf("reading cached prices: %w", err)
	}
	prices := make(map[string]Price, len(values))
	for _, v := range values {
		s, ok := v.(string)
		if !ok {
			continue
		}
		var p Price
		if err := json.Unmarshal([]byte(s), &p); err == nil {
			prices[p.ProductID] = p
		}
	}
	return prices, nil
}
