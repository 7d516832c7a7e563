// Package standin provides local HTTP servers standing in for the product service and the user
// service (other teams' services) in tests and benchmarks: a product catalog with idempotent
// reservations that can be switched to fail or hang, and a token issuer with a JWKS.
package standin

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Product is a local HTTP server standing in for the product service (another team's
// Kotlin service): products with stock, idempotent reservations per reservationId, and a switch
// that makes it fail with 500 or hang, to drive the circuit breaker.
type Product struct {
	server *httptest.Server

	mode   atomic.Value  // "ok", "fail" or "hang"
	unhang chan struct{} // closed when a hang ends

	mu           sync.Mutex
	products     map[string]*catalogProduct
	reservations map[string]Reservation // by reservationId
	reserveCalls int
	requestIDs   []string
}

type catalogProduct struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Category   string `json:"category"`
	PriceCents int64  `json:"priceCents"`
	Currency   string `json:"currency"`
	Stock      int    `json:"stock"`
}

// Reservation is one held reservation.
type Reservation struct {
	ProductID string
	Quantity  int
}

// NewProduct starts the product service stand-in; Close stops it.
func NewProduct() *Product {
	p := &Product{products: map[string]*catalogProduct{}, reservations: map[string]Reservation{}}
	p.mode.Store("ok")
	p.server = httptest.NewServer(http.HandlerFunc(p.serve))
	return p
}

// URL is the stand-in's base URL.
func (p *Product) URL() string { return p.server.URL }

// Close ends any hang and stops the server.
func (p *Product) Close() {
	p.SetMode("ok")
	p.server.Close()
}

// Add puts a product in the catalog.
func (p *Product) Add(id, name string, priceCents int64, stock int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.products[id] = &catalogProduct{ID: id, Name: name, Category: "Test", PriceCents: priceCents, Currency: "EUR", Stock: stock}
}

// SetMode switches between "ok", "fail" (500 to everything) and "hang" (no answer).
func (p *Product) SetMode(mode string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mode.Load() == "hang" && mode != "hang" {
		close(p.unhang)
	}
	if mode == "hang" && p.mode.Load() != "hang" {
		p.unhang = make(chan struct{})
	}
	p.mode.Store(mode)
}

// Stock is a product's current stock.
func (p *Product) Stock(id string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.products[id].Stock
}

// SetStock changes a product's stock, as sales elsewhere would.
func (p *Product) SetStock(id string, stock int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.products[id].Stock = stock
}

// ActiveReservations are the reservations held, by reservation id.
func (p *Product) ActiveReservations() map[string]Reservation {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]Reservation, len(p.reservations))
	for k, v := range p.reservations {
		out[k] = v
	}
	return out
}

// SeenRequestIDs are the X-Request-Id headers of the requests answered.
func (p *Product) SeenRequestIDs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requestIDs...)
}

func (p *Product) serve(w http.ResponseWriter, r *http.Request) {
	switch p.mode.Load().(string) {
	case "fail":
		http.Error(w, `{"status":500}`, http.StatusInternalServerError)
		return
	case "hang":
		p.mu.Lock()
		unhang := p.unhang
		p.mu.Unlock()
		select { // hold the request until the caller gives up or the hang ends
		case <-r.Context().Done():
		case <-unhang:
		}
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requestIDs = append(p.requestIDs, r.Header.Get("X-Request-Id"))

	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/api/v1/products/"), "/")
	product, ok := p.products[parts[0]]
	switch {
	case r.Method == http.MethodGet && len(parts) == 1:
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]any{"status": 404, "detail": "no such product"})
			return
		}
		writeJSON(w, http.StatusOK, product)
	case r.Method == http.MethodPost && len(parts) == 2 && parts[1] == "reservations":
		p.reserveCalls++
		var body struct {
			ReservationID string `json:"reservationId"`
			Quantity      int    `json:"quantity"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.ReservationID == "" || body.Quantity < 1 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"status": 400})
			return
		}
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]any{"status": 404})
			return
		}
		answer := map[string]any{"reservationId": body.ReservationID, "productId": product.ID, "quantity": body.Quantity}
		if _, dup := p.reservations[body.ReservationID]; dup {
			answer["remainingStock"] = product.Stock
			writeJSON(w, http.StatusOK, answer)
			return
		}
		if product.Stock < body.Quantity {
			writeJSON(w, http.StatusConflict, map[string]any{"status": 409, "type": "https://ha-demo.dev/problems/insufficient-stock"})
			return
		}
		product.Stock -= body.Quantity
		p.reservations[body.ReservationID] = Reservation{ProductID: product.ID, Quantity: body.Quantity}
		answer["remainingStock"] = product.Stock
		writeJSON(w, http.StatusCreated, answer)
	case r.Method == http.MethodDelete && len(parts) == 3 && parts[1] == "reservations":
		if res, exists := p.reservations[parts[2]]; exists {
			p.products[res.ProductID].Stock += res.Quantity
			delete(p.reservations, parts[2])
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"status": 404})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Issuer stands in for the user service (another team's Java service): it publishes a JWKS
// with an RSA key generated in the test and signs tokens the way CONVENTIONS.md describes.
type Issuer struct {
	server *httptest.Server

	mu     sync.Mutex
	key    *rsa.PrivateKey
	kid    string
	served atomic.Int32
}

// NewIssuer starts the user service stand-in; Close stops it.
func NewIssuer() (*Issuer, error) {
	u := &Issuer{}
	if err := u.Rotate(); err != nil {
		return nil, err
	}
	u.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/users/.well-known/jwks.json" {
			http.NotFound(w, r)
			return
		}
		u.served.Add(1)
		u.mu.Lock()
		pub := u.key.PublicKey
		kid := u.kid
		u.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"keys": []map[string]string{{
			"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
			"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
			"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		}}})
	}))
	return u, nil
}

// URL is the stand-in's base URL.
func (u *Issuer) URL() string { return u.server.URL }

// Close stops the server.
func (u *Issuer) Close() { u.server.Close() }

// KeySetFetches counts how often the JWKS was served.
func (u *Issuer) KeySetFetches() int32 { return u.served.Load() }

// Rotate replaces the signing key (and key id), as a user service restart with a new key would.
func (u *Issuer) Rotate() error {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.key = key
	u.kid = "test-key-" + time.Now().Format("150405.000000")
	return nil
}

// Token signs a valid token for the user, with optional changes to the claims.
func (u *Issuer) Token(userID string, edit ...func(jwt.MapClaims)) (string, error) {
	claims := jwt.MapClaims{
		"iss": "ha-demo-user-service", "aud": "ha-demo", "sub": userID,
		"email": userID + "@shop.example", "name": "Test " + userID,
		"iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix(),
	}
	for _, e := range edit {
		e(claims)
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = u.kid
	return tok.SignedString(u.key)
}
