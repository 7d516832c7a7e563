package app_test

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
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// productStandIn is a local HTTP server standing in for the product service (another team's
// Kotlin service): products with stock, idempotent reservations per reservationId, and a switch
// that makes it fail with 500 or hang, to drive the circuit breaker.
type productStandIn struct {
	server *httptest.Server

	mode   atomic.Value  // "ok", "fail" or "hang"
	unhang chan struct{} // closed when a hang ends

	mu           sync.Mutex
	products     map[string]*standInProduct
	reservations map[string]standInReservation // by reservationId
	reserveCalls int
	requestIDs   []string
}

type standInProduct struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Category   string `json:"category"`
	PriceCents int64  `json:"priceCents"`
	Currency   string `json:"currency"`
	Stock      int    `json:"stock"`
}

type standInReservation struct {
	productID string
	quantity  int
}

func newProductStandIn(t *testing.T) *productStandIn {
	p := &productStandIn{products: map[string]*standInProduct{}, reservations: map[string]standInReservation{}}
	p.mode.Store("ok")
	p.server = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.server.Close)
	t.Cleanup(func() { p.setMode("ok") }) // runs first: lets hanging handlers return
	return p
}

func (p *productStandIn) add(id, name string, priceCents int64, stock int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.products[id] = &standInProduct{ID: id, Name: name, Category: "Test", PriceCents: priceCents, Currency: "EUR", Stock: stock}
}

func (p *productStandIn) setMode(mode string) {
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

func (p *productStandIn) stock(id string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.products[id].Stock
}

func (p *productStandIn) setStock(id string, stock int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.products[id].Stock = stock
}

func (p *productStandIn) activeReservations() map[string]standInReservation {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]standInReservation, len(p.reservations))
	for k, v := range p.reservations {
		out[k] = v
	}
	return out
}

func (p *productStandIn) seenRequestIDs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requestIDs...)
}

func (p *productStandIn) serve(w http.ResponseWriter, r *http.Request) {
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
			writeStandInJSON(w, http.StatusNotFound, map[string]any{"status": 404, "detail": "no such product"})
			return
		}
		writeStandInJSON(w, http.StatusOK, product)
	case r.Method == http.MethodPost && len(parts) == 2 && parts[1] == "reservations":
		p.reserveCalls++
		var body struct {
			ReservationID string `json:"reservationId"`
			Quantity      int    `json:"quantity"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.ReservationID == "" || body.Quantity < 1 {
			writeStandInJSON(w, http.StatusBadRequest, map[string]any{"status": 400})
			return
		}
		if !ok {
			writeStandInJSON(w, http.StatusNotFound, map[string]any{"status": 404})
			return
		}
		answer := map[string]any{"reservationId": body.ReservationID, "productId": product.ID, "quantity": body.Quantity}
		if _, dup := p.reservations[body.ReservationID]; dup {
			answer["remainingStock"] = product.Stock
			writeStandInJSON(w, http.StatusOK, answer)
			return
		}
		if product.Stock < body.Quantity {
			writeStandInJSON(w, http.StatusConflict, map[string]any{"status": 409, "type": "https://ha-demo.dev/problems/insufficient-stock"})
			return
		}
		product.Stock -= body.Quantity
		p.reservations[body.ReservationID] = standInReservation{productID: product.ID, quantity: body.Quantity}
		answer["remainingStock"] = product.Stock
		writeStandInJSON(w, http.StatusCreated, answer)
	case r.Method == http.MethodDelete && len(parts) == 3 && parts[1] == "reservations":
		if res, exists := p.reservations[parts[2]]; exists {
			p.products[res.productID].Stock += res.quantity
			delete(p.reservations, parts[2])
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		writeStandInJSON(w, http.StatusNotFound, map[string]any{"status": 404})
	}
}

func writeStandInJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// issuerStandIn stands in for the user service (another team's Java service): it publishes a JWKS
// with an RSA key generated in the test and signs tokens the way CONVENTIONS.md describes.
type issuerStandIn struct {
	server *httptest.Server

	mu     sync.Mutex
	key    *rsa.PrivateKey
	kid    string
	served atomic.Int32
}

func newIssuerStandIn(t *testing.T) *issuerStandIn {
	u := &issuerStandIn{}
	u.rotate(t)
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
		writeStandInJSON(w, http.StatusOK, map[string]any{"keys": []map[string]string{{
			"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
			"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
			"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		}}})
	}))
	t.Cleanup(u.server.Close)
	return u
}

// rotate replaces the signing key (and key id), as a user service restart with a new key would.
func (u *issuerStandIn) rotate(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	u.key = key
	u.kid = "test-key-" + time.Now().Format("150405.000000")
}

// token signs a valid token for the user, with optional changes to the claims.
func (u *issuerStandIn) token(t *testing.T, userID string, edit ...func(jwt.MapClaims)) string {
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
	s, err := tok.SignedString(u.key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
