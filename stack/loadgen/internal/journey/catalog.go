package journey

import (
	"math/rand/v2"
	"sync"
	"time"
)

// catalog remembers what browsing has shown so far, so later steps open real
// products. It is filled from the shop's own answers: no fixture to keep in sync.
type catalog struct {
	mu           sync.Mutex
	categories   []string
	categoriesAt time.Time
	products     []string
	known        map[string]struct{}
}

// maxProducts bounds memory however large the shop's catalog grows.
const maxProducts = 2000

// categoriesMaxAge: after this long, the next browse refreshes the category list.
const categoriesMaxAge = time.Minute

func newCatalog() *catalog { return &catalog{known: map[string]struct{}{}} }

func (c *catalog) setCategories(names []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.categories, c.categoriesAt = names, time.Now()
}

// category returns a random category, or false when the list should be (re)loaded.
func (c *catalog) category(r *rand.Rand) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.categories) == 0 || time.Since(c.categoriesAt) > categoriesMaxAge {
		return "", false
	}
	return c.categories[r.IntN(len(c.categories))], true
}

func (c *catalog) addProducts(ids []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		if _, seen := c.known[id]; seen || len(c.products) >= maxProducts {
			continue
		}
		c.known[id] = struct{}{}
		c.products = append(c.products, id)
	}
}

func (c *catalog) product(r *rand.Rand) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.products) == 0 {
		return "", false
	}
	return c.products[r.IntN(len(c.products))], true
}
