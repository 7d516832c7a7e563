// Package catalog talks to the product service: product lookups, stock reservations and their
// release. Every price it sees is remembered in Redis, so checkout can keep selling from the
// last known prices while the product service is down.
package catalog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"

	"hademo/checkout-service/internal/resilience"
)

var (
	// ErrNotFound means the product service does not know the product.
	ErrNotFound = errors.New("product not found")
	// ErrInsufficientStock means the product service refused a reservation for lack of stock.
	ErrInsufficientStock = errors.New("insufficient stock")
)

// Product is the part of the product service's product that checkout uses.
type Product struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	PriceCents int64  `json:"priceCents"`
	Currency   string `json:"currency"`
	Stock      int    `json:"stock"`
}

// Client calls the product service through its circuit breaker.
type Client struct {
	http   *resilience.Client
	prices *PriceCache
	log    *slog.Logger
}

// NewClient returns a client that records every price it sees in prices.
func NewClient(http *resilience.Client, prices *PriceCache, log *slog.Logger) *Client {
	return &Client{http: http, prices: prices, log: log}
}

// Product fetches one product. Errors: ErrNotFound, resilience.ErrUnavailable, or another error.
func (c *Client) Product(ctx context.Context, id string) (Product, error) {
	resp, err := c.http.Do(ctx, resilience.Request{
		Method: http.MethodGet, Path: "/api/v1/products/" + url.PathEscape(id), Idempotent: true,
	})
	if err != nil {
		return Product{}, err
	}
	switch resp.Status {
	case http.StatusOK:
	case http.StatusNotFound:
		return Product{}, ErrNotFound
	default:
		return Product{}, fmt.Errorf("product %s: unexpected status %d", id, resp.Status)
	}
	var p Product
	if err := resp.DecodeJSON(&p); err != nil {
		return Product{}, fmt.Errorf("product %s: %w", id, err)
	}
	if p.Currency == "" {
		p.Currency = "EUR"
	}
	if err := c.prices.Put(ctx, PriceFromProduct(p)); err != nil {
		// A missing cache entry only matters during a later outage; the order goes on.
		c.log.WarnContext(ctx, "could not cache price", "productId", id, "error", err)
	}
	return p, nil
}

// Reserve reserves quantity units of a product under reservationID. The product service treats
// a repeated reservationID as the same reservation, which makes retries safe.
func (c *Client) Reserve(ctx context.Context, productID, reservationID string, quantity int) error {
	resp, err := c.http.Do(ctx, resilience.Request{
		Method:     http.MethodPost,
		Path:       "/api/v1/products/" + url.PathEscape(productID) + "/reservations",
		Body:       map[string]any{"reservationId": reservationID, "quantity": quantity},
		Idempotent: true,
	})
	if err != nil {
		return err
	}
	switch resp.Status {
	case http.StatusCreated, http.StatusOK:
		return nil
	case http.StatusConflict:
		return ErrInsufficientStock
	case http.StatusNotFound:
		return ErrNotFound
	default:
		return fmt.Errorf("reserve %s: unexpected status %d: %s", reservationID, resp.Status, resp.Body)
	}
}

// Release cancels a reservation. Releasing one that does not exist (any more) is fine.
func (c *Client) Release(ctx context.Context, productID, reservationID string) error {
	resp, err := c.http.Do(ctx, resilience.Request{
		Method: http.MethodDelete,
		Path: "/api/v1/products/" + url.PathEscape(productID) + "/reservations/" +
			url.PathEscape(reservationID),
		Idempotent: true,
	})
	if err != nil {
		return err
	}
	if resp.Status == http.StatusNoContent || resp.Status == http.StatusOK || resp.Status == http.StatusNotFound {
		return nil
	}
	return fmt.Errorf("release %s: unexpected status %d", reservationID, resp.Status)
}
