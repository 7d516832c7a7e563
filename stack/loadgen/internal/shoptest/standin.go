// Package shoptest is a local stand-in for the shop behind the load balancer,
// for the load generator's own tests: the routes and answers of
// CONVENTIONS.md, in memory, with knobs to slow it down or stall it.
package shoptest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Shop is a running stand-in. Read its counters after the load has stopped,
// or through the accessor methods while it runs.
type Shop struct {
	*httptest.Server
	// Delay, when set, is called at the start of every request and may block
	// (a slow or stalled shop).
	Delay func(r *http.Request)
	// TokenLifetime is the exp of issued tokens from now; default one hour.
	TokenLifetime time.Duration
	// LoginStatus, when set, is the answer to every login (e.g. 503: a failing user service).
	LoginStatus int

	mu          sync.Mutex
	arrivals    []time.Time // when each request reached the shop
	logins      int
	loginTries  int
	orders      map[string]string // Idempotency-Key → order id
	orderKeys   []string          // keys of every order request, in arrival order
	missingAuth int
	carts       map[string]int // user → items
	inFlight    atomic.Int64
	maxInFlight atomic.Int64
}

// Categories and products the stand-in serves.
var (
	Categories = []string{"books", "garden"}
	Products   = []string{"p-0001", "p-0002", "p-0003", "p-0004"}
)

// Start runs a stand-in on a loopback port; it is closed when the test ends.
func Start(t interface{ Cleanup(func()) }) *Shop {
	s := &Shop{orders: map[string]string{}, carts: map[string]int{}, TokenLifetime: time.Hour}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *Shop) serve(w http.ResponseWriter, r *http.Request) {
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for {
		peak := s.maxInFlight.Load()
		if n <= peak || s.maxInFlight.CompareAndSwap(peak, n) {
			break
		}
	}
	s.mu.Lock()
	s.arrivals = append(s.arrivals, time.Now())
	s.mu.Unlock()
	if s.Delay != nil {
		s.Delay(r)
	}

	path := r.URL.Path
	switch {
	case r.Method == http.MethodGet && path == "/api/v1/products/categories":
		items := []map[string]any{}
		for _, c := range Categories {
			items = append(items, map[string]any{"name": c, "productCount": 2})
		}
		reply(w, http.StatusOK, map[string]any{"items": items})
	case r.Method == http.MethodGet && path == "/api/v1/products":
		items := []map[string]any{}
		for _, id := range Products {
			items = append(items, map[string]any{"id": id, "category": r.URL.Query().Get("category"), "priceCents": 999})
		}
		reply(w, http.StatusOK, map[string]any{"items": items, "nextCursor": nil})
	case r.Method == http.MethodGet && strings.HasPrefix(path, "/api/v1/products/"):
		reply(w, http.StatusOK, map[string]any{"id": strings.TrimPrefix(path, "/api/v1/products/"), "priceCents": 999})
	case r.Method == http.MethodPost && path == "/api/v1/users/login":
		s.login(w, r)
	case strings.HasPrefix(path, "/api/v1/checkout/"):
		s.checkout(w, r)
	case r.Method == http.MethodGet && path == "/api/v1/users/me":
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			s.mu.Lock()
			s.missingAuth++
			s.mu.Unlock()
			reply(w, http.StatusUnauthorized, map[string]any{"title": "Unauthorized"})
			return
		}
		reply(w, http.StatusOK, map[string]any{"id": "u-1", "email": "loadtest-001@shop.example"})
	case r.Method == http.MethodGet && path == "/api/v1/analytics/business":
		reply(w, http.StatusOK, map[string]any{"ordersPerMinute": 1})
	default:
		reply(w, http.StatusNotFound, map[string]any{"title": "Not Found"})
	}
}

func (s *Shop) login(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.loginTries++
	s.mu.Unlock()
	if s.LoginStatus != 0 {
		reply(w, s.LoginStatus, map[string]any{"title": "Unavailable"})
		return
	}
	var body struct{ Email, Password string }
	if json.NewDecoder(r.Body).Decode(&body) != nil || body.Password != "demo1234" {
		reply(w, http.StatusUnauthorized, map[string]any{"title": "Unauthorized"})
		return
	}
	s.mu.Lock()
	s.logins++
	s.mu.Unlock()
	claims, _ := json.Marshal(map[string]any{"sub": body.Email, "exp": time.Now().Add(s.TokenLifetime).Unix()})
	token := "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString(claims) + ".c2lnbmF0dXJl"
	reply(w, http.StatusOK, map[string]any{"accessToken": token, "tokenType": "Bearer"})
}

func (s *Shop) checkout(w http.ResponseWriter, r *http.Request) {
	user, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	defer s.mu.Unlock()
	if !ok || user == "" {
		s.missingAuth++
		reply(w, http.StatusUnauthorized, map[string]any{"title": "Unauthorized"})
		return
	}
	switch {
	case r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/api/v1/checkout/cart/items/"):
		s.carts[user]++
		reply(w, http.StatusOK, map[string]any{"items": []any{}})
	case r.Method == http.MethodDelete && strings.HasPrefix(r.URL.Path, "/api/v1/checkout/cart/items/"):
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodPost && r.URL.Path == "/api/v1/checkout/orders":
		key := r.Header.Get("Idempotency-Key")
		s.orderKeys = append(s.orderKeys, key)
		if key == "" {
			reply(w, http.StatusBadRequest, map[string]any{"title": "Idempotency-Key missing"})
			return
		}
		id, seen := s.orders[key]
		if !seen {
			if s.carts[user] == 0 {
				reply(w, http.StatusBadRequest, map[string]any{"title": "Cart is empty"})
				return
			}
			id = fmt.Sprintf("o-%04d", len(s.orders)+1)
			s.orders[key] = id
			s.carts[user] = 0
		}
		reply(w, http.StatusCreated, map[string]any{"id": id, "status": "CONFIRMED", "degraded": false, "totalCents": 999})
	default:
		reply(w, http.StatusNotFound, map[string]any{"title": "Not Found"})
	}
}

func reply(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// ArrivalsBetween counts requests that reached the shop in [from, to).
func (s *Shop) ArrivalsBetween(from, to time.Time) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, t := range s.arrivals {
		if !t.Before(from) && t.Before(to) {
			n++
		}
	}
	return n
}

// Logins counts successful logins.
func (s *Shop) Logins() int { s.mu.Lock(); defer s.mu.Unlock(); return s.logins }

// LoginAttempts counts login requests, successful or not.
func (s *Shop) LoginAttempts() int { s.mu.Lock(); defer s.mu.Unlock(); return s.loginTries }

// Orders returns the stored orders by Idempotency-Key.
func (s *Shop) Orders() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := make(map[string]string, len(s.orders))
	for k, v := range s.orders {
		c[k] = v
	}
	return c
}

// OrderKeys lists the Idempotency-Key of every order request received.
func (s *Shop) OrderKeys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.orderKeys...)
}

// MissingAuth counts checkout requests without a token.
func (s *Shop) MissingAuth() int { s.mu.Lock(); defer s.mu.Unlock(); return s.missingAuth }

// MaxInFlight is the highest number of requests the shop served at once.
func (s *Shop) MaxInFlight() int { return int(s.maxInFlight.Load()) }
