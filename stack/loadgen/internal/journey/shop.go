// Package journey walks the shop as visitors do, through the load balancer:
// browse a category, open a product, log in, fill the cart, place an order.
package journey

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"hademo/loadgen/internal/engine"
	"hademo/loadgen/internal/measure"
	"hademo/loadgen/internal/orders"
)

// Config describes the shop and the accounts to use.
type Config struct {
	Target         *url.URL
	Users          int    // number of seeded load-test accounts
	EmailPattern   string // fmt pattern taking the account number, e.g. loadtest-%03d@shop.example
	Password       string
	LoginPath      string
	RequestTimeout time.Duration
	// MaxIdleConns keeps connections to the load balancer alive across
	// requests; it should be at least the in-flight cap.
	MaxIdleConns int
}

// Shop performs arrivals against the shop. It implements engine.Executor.
type Shop struct {
	cfg     Config
	base    string // target URL without a trailing slash
	client  *http.Client
	rec     measure.Recorder
	onOrder func(orders.Order)
	users   *users
	catalog *catalog
}

// maxBody bounds what is read of any answer: the load generator must not grow
// with the shop's responses.
const maxBody = 1 << 20

// New creates a shop walker; onOrder is called for every accepted order.
func New(cfg Config, rec measure.Recorder, onOrder func(orders.Order)) *Shop {
	transport := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 2 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        cfg.MaxIdleConns,
		MaxIdleConnsPerHost: cfg.MaxIdleConns,
		IdleConnTimeout:     60 * time.Second,
	}
	return &Shop{
		cfg:     cfg,
		base:    strings.TrimRight(cfg.Target.String(), "/"),
		client:  &http.Client{Transport: transport, Timeout: cfg.RequestTimeout},
		rec:     rec,
		onOrder: onOrder,
		users:   newUsers(cfg.Users, cfg.EmailPattern),
		catalog: newCatalog(),
	}
}

// Run performs one arrival. Steps that need data the walker has not seen yet
// (a product id, a filled cart) first do what a visitor would do to get it.
func (s *Shop) Run(ctx context.Context, a engine.Arrival) {
	r := mrand.New(mrand.NewPCG(mrand.Uint64(), mrand.Uint64()))
	// The first request of an arrival is timed from the intended send time;
	// one that must follow another is timed from when it could start.
	clock := a.Intended
	switch a.Step {
	case "product":
		if id, ok := s.catalog.product(r); ok {
			s.openProduct(ctx, clock, id)
			return
		}
		s.browse(ctx, clock, r)
	case "profile":
		s.viewProfile(ctx, clock, r)
	case "cart", "order":
		s.asUser(ctx, clock, a.Step, r)
	case "insights":
		s.call(ctx, clock, "insights", http.MethodGet, "/api/v1/analytics/business", "", nil, nil, nil)
	default:
		s.browse(ctx, clock, r)
	}
}

func (s *Shop) browse(ctx context.Context, clock time.Time, r *mrand.Rand) {
	category, ok := s.catalog.category(r)
	if !ok {
		var body struct {
			Items []struct {
				Name string `json:"name"`
			} `json:"items"`
		}
		if s.call(ctx, clock, "browse", http.MethodGet, "/api/v1/products/categories", "", nil, nil, &body).ok() {
			names := make([]string, 0, len(body.Items))
			for _, c := range body.Items {
				names = append(names, c.Name)
			}
			s.catalog.setCategories(names)
		}
		return
	}
	var page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	path := "/api/v1/products?limit=20&category=" + url.QueryEscape(category)
	if s.call(ctx, clock, "browse", http.MethodGet, path, "", nil, nil, &page).ok() {
		ids := make([]string, 0, len(page.Items))
		for _, p := range page.Items {
			ids = append(ids, p.ID)
		}
		s.catalog.addProducts(ids)
	}
}

func (s *Shop) openProduct(ctx context.Context, clock time.Time, id string) {
	s.call(ctx, clock, "product", http.MethodGet, "/api/v1/products/"+url.PathEscape(id), "", nil, nil, nil)
}

// viewProfile opens a logged-in user's account page.
func (s *Shop) viewProfile(ctx context.Context, clock time.Time, r *mrand.Rand) {
	vu, err := s.users.acquire(ctx)
	if err != nil {
		return
	}
	defer s.users.release(vu)
	clock, ok := s.actAsUser(ctx, clock, vu, r)
	if !ok {
		return
	}
	res := s.call(ctx, clock, "profile", http.MethodGet, "/api/v1/users/me", vu.token, nil, nil, nil)
	s.forgetTokenIfRejected(vu, res)
}

// asUser runs a cart or order step as one virtual user, logging in first when
// the user's cached token is missing or about to expire.
func (s *Shop) asUser(ctx context.Context, clock time.Time, step string, r *mrand.Rand) {
	product, ok := s.catalog.product(r)
	if !ok {
		s.browse(ctx, clock, r)
		return
	}
	vu, err := s.users.acquire(ctx)
	if err != nil {
		return // shutting down
	}
	defer s.users.release(vu)

	clock, ok = s.actAsUser(ctx, clock, vu, r)
	if !ok {
		return
	}
	if step == "cart" || len(vu.cart) == 0 {
		// One unit per line: the demo's stock must last through a long talk.
		if !s.addToCart(ctx, clock, vu, product, 1) || step == "cart" {
			return
		}
		clock = time.Now()
	}
	s.placeOrder(ctx, clock, vu)
}

type loginState int

const (
	loggedIn       loginState = iota
	loginFailed               // tried now and failed (counted as an error)
	waitingToRetry            // a recent login failed; not trying again yet
)

// ensureLogin makes sure vu holds a fresh token, logging in when needed, and
// returns the clock for the next request.
func (s *Shop) ensureLogin(ctx context.Context, clock time.Time, vu *virtualUser) (time.Time, loginState) {
	now := time.Now()
	if vu.hasFreshToken(now) {
		return clock, loggedIn
	}
	if now.Before(vu.retryLoginAt) {
		return clock, waitingToRetry
	}
	if !s.login(ctx, clock, vu) {
		vu.loginFailures++
		vu.retryLoginAt = time.Now().Add(loginBackoff(vu.loginFailures))
		return clock, loginFailed
	}
	vu.loginFailures = 0
	return time.Now(), loggedIn
}

// actAsUser logs vu in if needed. A visitor whose login failed a moment ago
// keeps browsing until the backoff ends instead.
func (s *Shop) actAsUser(ctx context.Context, clock time.Time, vu *virtualUser, r *mrand.Rand) (time.Time, bool) {
	clock, state := s.ensureLogin(ctx, clock, vu)
	if state == waitingToRetry {
		s.browse(ctx, clock, r)
	}
	return clock, state == loggedIn
}

func (s *Shop) login(ctx context.Context, clock time.Time, vu *virtualUser) bool {
	var body struct {
		AccessToken string `json:"accessToken"`
		Token       string `json:"token"`
		ExpiresIn   int64  `json:"expiresIn"`
	}
	req := map[string]string{"email": vu.email, "password": s.cfg.Password}
	if !s.call(ctx, clock, "login", http.MethodPost, s.cfg.LoginPath, "", nil, req, &body).ok() {
		return false
	}
	vu.token = body.AccessToken
	if vu.token == "" {
		vu.token = body.Token
	}
	exp, ok := tokenExpiry(vu.token)
	if !ok {
		// Without a readable exp claim, trust expiresIn, else assume the
		// conventional hour.
		lifetime := time.Hour
		if body.ExpiresIn > 0 {
			lifetime = time.Duration(body.ExpiresIn) * time.Second
		}
		exp = time.Now().Add(lifetime)
	}
	vu.expiresAt = exp
	return vu.token != ""
}

func (s *Shop) addToCart(ctx context.Context, clock time.Time, vu *virtualUser, product string, quantity int) bool {
	path := "/api/v1/checkout/cart/items/" + url.PathEscape(product)
	res := s.call(ctx, clock, "cart", http.MethodPut, path, vu.token, nil, map[string]int{"quantity": quantity}, nil)
	s.forgetTokenIfRejected(vu, res)
	if res.ok() {
		vu.cart[product] = struct{}{}
	}
	return res.ok()
}

func (s *Shop) placeOrder(ctx context.Context, clock time.Time, vu *virtualUser) {
	if vu.pendingKey == "" {
		vu.pendingKey = newUUID()
	}
	key := vu.pendingKey
	var order struct {
		ID         string `json:"id"`
		Status     string `json:"status"`
		Degraded   bool   `json:"degraded"`
		TotalCents int64  `json:"totalCents"`
	}
	header := http.Header{"Idempotency-Key": {key}}
	res := s.call(ctx, clock, "order", http.MethodPost, "/api/v1/checkout/orders", vu.token, header, struct{}{}, &order)
	s.forgetTokenIfRejected(vu, res)
	if res.outcome == measure.Timeout || res.outcome == measure.NetworkError || res.outcome == measure.ServerError ||
		res.problem == stillPlacing {
		return // keep the key: the order may have been stored; the retry must not buy twice
	}
	vu.pendingKey = ""
	if res.outcome == measure.Rejected {
		// A sold-out item would refuse every later order of this user: empty the cart.
		s.emptyCart(ctx, vu)
		return
	}
	if !res.ok() {
		return
	}
	clear(vu.cart)
	if order.ID != "" && s.onOrder != nil {
		s.onOrder(orders.Order{ID: order.ID, Status: order.Status, Degraded: order.Degraded,
			TotalCents: order.TotalCents, IdempotencyKey: key, User: vu.email, AcceptedAt: time.Now().UTC()})
	}
}

func (s *Shop) emptyCart(ctx context.Context, vu *virtualUser) {
	for product := range vu.cart {
		path := "/api/v1/checkout/cart/items/" + url.PathEscape(product)
		if s.call(ctx, time.Now(), "cart", http.MethodDelete, path, vu.token, nil, nil, nil).ok() {
			delete(vu.cart, product)
		}
	}
}

func (s *Shop) forgetTokenIfRejected(vu *virtualUser, res result) {
	if res.status == http.StatusUnauthorized {
		vu.token = ""
	}
}

type result struct {
	status  int
	outcome measure.Outcome
	problem string // the problem+json type of an error answer, if any
}

// stillPlacing is checkout's answer while another request with the same
// Idempotency-Key is being placed: retry with that key.
const stillPlacing = "https://ha-demo.dev/problems/conflict"

func (r result) ok() bool { return r.outcome == measure.Success }

// call sends one request, records its outcome with latency since clock, and
// decodes a successful JSON answer into out (when out is not nil).
func (s *Shop) call(ctx context.Context, clock time.Time, step, method, path, token string, header http.Header, in, out any) result {
	res := s.send(ctx, method, path, token, header, in, out)
	if ctx.Err() != nil {
		return res // shutting down: not the shop's failure
	}
	now := time.Now()
	s.rec.Record(measure.Result{Step: step, Outcome: res.outcome, Latency: now.Sub(clock), At: now})
	return res
}

func (s *Shop) send(ctx context.Context, method, path, token string, header http.Header, in, out any) result {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			panic(fmt.Sprintf("journey: request body does not encode: %v", err))
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, body)
	if err != nil {
		return result{outcome: measure.ClientError}
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Request-Id", newUUID())
	req.Header.Set("User-Agent", "ha-demo-loadgen")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return result{outcome: classifyError(err)}
	}
	defer resp.Body.Close()
	limited := io.LimitReader(resp.Body, maxBody)
	res := result{status: resp.StatusCode, outcome: classifyStatus(resp.StatusCode)}
	if !res.ok() && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
		var p struct {
			Type string `json:"type"`
		}
		if json.NewDecoder(limited).Decode(&p) == nil {
			res.problem = p.Type
		}
	}
	if res.ok() && out != nil {
		if err := json.NewDecoder(limited).Decode(out); err != nil {
			// A 2xx the client cannot read is a broken answer, not a success.
			res.outcome = measure.ServerError
		}
	}
	_, _ = io.Copy(io.Discard, limited) // drain, so the connection is reused
	return res
}

func classifyStatus(status int) measure.Outcome {
	switch {
	case status >= 200 && status < 300:
		return measure.Success
	case status == http.StatusConflict:
		// Sold out (order cancelled) or a concurrent duplicate still being
		// placed: the shop answered correctly.
		return measure.Rejected
	case status >= 400 && status < 500:
		return measure.ClientError
	default:
		return measure.ServerError
	}
}

func classifyError(err error) measure.Outcome {
	var netErr net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()) {
		return measure.Timeout
	}
	return measure.NetworkError
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
