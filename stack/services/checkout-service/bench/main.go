// Command bench measures order placement: rate and latency percentiles at a constant arrival
// rate, and the breaker reaction time (product-service outage → first degraded order).
// It prints figures; it is not a test. See bench/README.md.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"hademo/checkout-service/internal/app"
	"hademo/checkout-service/internal/config"
	"hademo/checkout-service/internal/standin"
	"hademo/checkout-service/internal/testenv"
)

func main() {
	mode := flag.String("mode", "local", "local: in-process checkout on real redis-server/moto_server with local product/user stand-ins; remote: running services")
	checkoutURL := flag.String("checkout", "http://127.0.0.1:8084", "remote: checkout-service base URL")
	usersURL := flag.String("users", "http://127.0.0.1:8082", "remote: user-service base URL (login)")
	accountPattern := flag.String("accounts", "loadtest-%03d@shop.example", "remote: account e-mail pattern")
	password := flag.String("password", "demo1234", "remote: account password")
	products := flag.String("products", "p-0001,p-0002,p-0003,p-0004,p-0005", "remote: product ids to order")
	users := flag.Int("users-count", 20, "number of users placing orders (one cart each)")
	rate := flag.Float64("rate", 20, "orders per second (constant arrival rate)")
	duration := flag.Duration("duration", 20*time.Second, "length of the rate measurement")
	outage := flag.String("outage", "fail,hang", "local: product stand-in outage kinds for the breaker measurement (empty: skip)")
	flag.Parse()

	var err error
	switch *mode {
	case "local":
		err = runLocal(*users, *rate, *duration, *outage)
	case "remote":
		err = runRemote(*checkoutURL, *usersURL, *accountPattern, *password, strings.Split(*products, ","), *users, *rate, *duration)
	default:
		err = fmt.Errorf("unknown -mode %q", *mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// shopper places orders as one user: put one product in the cart, then POST the order.
type shopper struct {
	token string
	mu    sync.Mutex // one cart per user: a user's orders go one after another
}

type result struct {
	sent     time.Time     // intended send time
	latency  time.Duration // POST /orders, from its own start
	total    time.Duration // cart + order, from the intended send time (includes waiting)
	status   int
	degraded bool
	err      error
}

type client struct {
	base     string
	http     *http.Client
	products []string
}

func (c *client) placeOne(s *shopper, productID string, intended time.Time) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := result{sent: intended}
	put, err := c.call(http.MethodPut, "/api/v1/checkout/cart/items/"+productID, s.token, `{"quantity":1}`, nil)
	if err != nil || put.StatusCode != http.StatusOK {
		r.err = fmt.Errorf("cart: %v %v", statusOf(put), err)
		return r
	}
	start := time.Now()
	resp, err := c.call(http.MethodPost, "/api/v1/checkout/orders", s.token, "", map[string]string{"Idempotency-Key": uuid.NewString()})
	r.latency = time.Since(start)
	r.total = time.Since(intended)
	if err != nil {
		r.err = err
		return r
	}
	r.status = resp.StatusCode
	var body struct {
		Degraded bool `json:"degraded"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	r.degraded = body.Degraded
	return r
}

func (c *client) call(method, path, token, body string, headers map[string]string) (*http.Response, error) {
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, reader)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err == nil && method != http.MethodPost {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return resp, err
}

func statusOf(r *http.Response) any {
	if r == nil {
		return "no response"
	}
	return r.StatusCode
}

// run places orders at a constant arrival rate (open model: a slow answer does not slow the
// arrivals) until stop is closed or the duration passes, calling observe for each result.
func (c *client) run(shoppers []*shopper, rate float64, duration time.Duration, stop <-chan struct{}, observe func(result)) {
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; ; i++ {
		intended := start.Add(time.Duration(i) * interval)
		if duration > 0 && intended.Sub(start) >= duration {
			break
		}
		select {
		case <-stop:
			wg.Wait()
			return
		case <-time.After(time.Until(intended)):
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			observe(c.placeOne(shoppers[i%len(shoppers)], c.products[i%len(c.products)], intended))
		}()
	}
	wg.Wait()
}

func report(name string, results []result, elapsed time.Duration) {
	var lat, total []time.Duration
	statuses := map[string]int{}
	for _, r := range results {
		if r.err != nil {
			statuses["error"]++
			continue
		}
		statuses[fmt.Sprint(r.status)]++
		lat = append(lat, r.latency)
		total = append(total, r.total)
	}
	fmt.Printf("%s: %d orders in %.1f s = %.1f orders/s; statuses %v\n", name, len(results), elapsed.Seconds(),
		float64(len(results))/elapsed.Seconds(), statuses)
	fmt.Printf("  POST /orders latency   p50 %s  p95 %s  p99 %s  max %s\n", pct(lat, 50), pct(lat, 95), pct(lat, 99), pct(lat, 100))
	fmt.Printf("  cart+order from intended send time  p50 %s  p95 %s  p99 %s\n", pct(total, 50), pct(total, 95), pct(total, 99))
}

func pct(d []time.Duration, p int) string {
	if len(d) == 0 {
		return "-"
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	i := (len(d)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	return d[i-1].Round(100 * time.Microsecond).String()
}

func runRemote(checkoutURL, usersURL, accountPattern, password string, products []string, users int, rate float64, duration time.Duration) error {
	c := &client{base: strings.TrimRight(checkoutURL, "/"), http: &http.Client{Timeout: 30 * time.Second}, products: products}
	var shoppers []*shopper
	for i := 1; i <= users; i++ {
		token, err := login(usersURL, fmt.Sprintf(accountPattern, i), password)
		if err != nil {
			return err
		}
		shoppers = append(shoppers, &shopper{token: token})
	}
	var mu sync.Mutex
	var results []result
	start := time.Now()
	c.run(shoppers, rate, duration, nil, func(r result) { mu.Lock(); results = append(results, r); mu.Unlock() })
	report(fmt.Sprintf("remote %s at %.0f/s", checkoutURL, rate), results, time.Since(start))
	return nil
}

func login(usersURL, email, password string) (string, error) {
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	resp, err := http.Post(strings.TrimRight(usersURL, "/")+"/api/v1/users/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("login %s: %w", email, err)
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"accessToken"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.AccessToken == "" {
		return "", fmt.Errorf("login %s: status %d", email, resp.StatusCode)
	}
	return out.AccessToken, nil
}

func runLocal(users int, rate float64, duration time.Duration, outages string) error {
	redisServer, err := testenv.StartRedis()
	if err != nil {
		return err
	}
	defer redisServer.Stop()
	motoServer, err := testenv.StartMoto()
	if err != nil {
		return err
	}
	defer motoServer.Stop()
	product := standin.NewProduct()
	defer product.Close()
	issuer, err := standin.NewIssuer()
	if err != nil {
		return err
	}
	defer issuer.Close()
	var ids []string
	for i := 1; i <= 20; i++ {
		id := fmt.Sprintf("p-%04d", i)
		product.Add(id, "Produkt "+id, int64(1000+i*100), 1_000_000)
		ids = append(ids, id)
	}
	os.Setenv("AWS_ACCESS_KEY_ID", "test")
	os.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	cfg := config.Config{
		AWSRegion: "eu-central-1", DynamoDBEndpoint: "http://" + motoServer.Addr(), RedisURL: "redis://" + redisServer.Addr(),
		ProductServiceURL: product.URL(), UserServiceURL: issuer.URL(), LogLevel: "error", Version: "bench",
		// The service's defaults (CONVENTIONS/Compose), except a faster reconciler for the recovery figure.
		DependencyTimeout: 2 * time.Second, RetryAttempts: 3, RetryBaseDelay: 50 * time.Millisecond,
		BreakerFailures: 5, BreakerOpenTimeout: 10 * time.Second, ReconcileInterval: time.Second,
		ProcessingLease: 30 * time.Second, DuplicateWaitTimeout: 10 * time.Second,
	}
	a, err := app.New(context.Background(), cfg, io.Discard)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.Reconciler.Run(ctx)
	server := httptest.NewServer(a.Handler)
	defer server.Close()

	var shoppers []*shopper
	for i := range users {
		token, err := issuer.Token(fmt.Sprintf("bench-user-%03d", i))
		if err != nil {
			return err
		}
		shoppers = append(shoppers, &shopper{token: token})
	}
	c := &client{base: server.URL, http: &http.Client{Timeout: 30 * time.Second}, products: ids}

	fmt.Printf("local: checkout in-process on redis-server %s and moto_server %s; product and user services are local stand-ins\n",
		redisServer.Addr(), motoServer.Addr())
	c.run(shoppers, rate, 3*time.Second, nil, func(result) {}) // warm-up; also caches every price
	var mu sync.Mutex
	var results []result
	start := time.Now()
	c.run(shoppers, rate, duration, nil, func(r result) { mu.Lock(); results = append(results, r); mu.Unlock() })
	report(fmt.Sprintf("order placement at %.0f/s", rate), results, time.Since(start))

	for _, kind := range strings.Split(outages, ",") {
		if kind = strings.TrimSpace(kind); kind != "" {
			breakerReaction(a, product, c, shoppers, rate, kind)
		}
	}
	return nil
}

// breakerReaction places orders at the constant rate, makes the product stand-in fail or hang,
// and reports when the breaker opened and when the first degraded order was answered; then it
// recovers the stand-in and reports how long until the reconciler had settled every order.
func breakerReaction(a *app.App, product *standin.Product, c *client, shoppers []*shopper, rate float64, kind string) {
	stop := make(chan struct{})
	var mu sync.Mutex
	var outageAt, firstDegraded time.Time
	var degradedLatency time.Duration
	degradedCount := 0
	done := make(chan struct{})
	go func() {
		c.run(shoppers, rate, 0, stop, func(r result) {
			mu.Lock()
			defer mu.Unlock()
			if r.degraded && r.status == http.StatusAccepted {
				degradedCount++
				if firstDegraded.IsZero() {
					firstDegraded = time.Now()
					degradedLatency = r.latency
				}
			}
		})
		close(done)
	}()
	time.Sleep(2 * time.Second) // steady state first
	mu.Lock()
	outageAt = time.Now()
	mu.Unlock()
	product.SetMode(kind)
	var openedAt time.Time
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if openedAt.IsZero() && a.ProductService.Snapshot().State == "open" {
			openedAt = time.Now()
		}
		mu.Lock()
		got := !firstDegraded.IsZero()
		mu.Unlock()
		if got && !openedAt.IsZero() {
			break
		}
	}
	time.Sleep(3 * time.Second) // orders keep coming in, degraded
	product.SetMode("ok")
	recoveredAt := time.Now()
	close(stop)
	<-done

	settled := time.Duration(-1)
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if n, err := a.Repo.CountPendingReservations(context.Background()); err == nil && n == 0 {
			settled = time.Since(recoveredAt)
			break
		}
	}
	mu.Lock()
	defer mu.Unlock()
	fmt.Printf("breaker reaction, product stand-in %s (threshold %d consecutive failures, timeout %s, %d attempts):\n",
		kind, a.Config.BreakerFailures, a.Config.DependencyTimeout, a.Config.RetryAttempts)
	fmt.Printf("  outage → breaker open           %s\n", since(outageAt, openedAt))
	fmt.Printf("  outage → first degraded order   %s (that POST took %s)\n", since(outageAt, firstDegraded), degradedLatency.Round(time.Millisecond))
	fmt.Printf("  degraded orders accepted        %d\n", degradedCount)
	if settled >= 0 {
		fmt.Printf("  recovery → all reservations settled  %s (breaker open period %s, reconciler every %s)\n",
			settled.Round(10*time.Millisecond), a.Config.BreakerOpenTimeout, a.Config.ReconcileInterval)
	} else {
		fmt.Println("  recovery → pending reservations not settled within 90 s")
	}
}

func since(from, to time.Time) string {
	if to.IsZero() {
		return "not reached"
	}
	return to.Sub(from).Round(time.Millisecond).String()
}
