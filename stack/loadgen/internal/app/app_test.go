package app

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"hademo/loadgen/internal/engine"
	"hademo/loadgen/internal/shoptest"
)

// harness runs a load generator against a stand-in shop and serves its control API.
type harness struct {
	app  *App
	api  *httptest.Server
	shop *shoptest.Shop
}

func start(t *testing.T, shop *shoptest.Shop, rate float64, mix engine.Mix, tweak func(*Config)) *harness {
	t.Helper()
	target, _ := url.Parse(shop.URL)
	cfg := Config{
		Target: target, Rate: rate, MaxRPS: 1000, Mix: mix, MaxInFlight: 256, RequestTimeout: 5 * time.Second,
		Users: 10, EmailPattern: "loadtest-%03d@shop.example", Password: "demo1234",
		LoginPath: "/api/v1/users/login", OrdersCapacity: 1000,
	}
	if tweak != nil {
		tweak(&cfg)
	}
	a := New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { a.Run(ctx); close(done) }()
	api := httptest.NewServer(a.Handler)
	t.Cleanup(func() { api.Close(); cancel(); <-done })
	a.Engine.Start()
	return &harness{app: a, api: api, shop: shop}
}

func (h *harness) call(t *testing.T, method, path, body string) (*http.Response, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, h.api.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var decoded map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&decoded)
	return resp, decoded
}

// scrape reads the load generator's /metrics once, by series; absent series read as 0.
func (h *harness) scrape(t *testing.T) map[string]float64 {
	t.Helper()
	resp, err := http.Get(h.api.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	samples := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if series, value, ok := strings.Cut(sc.Text(), " "); ok && !strings.HasPrefix(series, "#") {
			samples[series], _ = strconv.ParseFloat(value, 64)
		}
	}
	return samples
}

func (h *harness) metric(t *testing.T, series string) float64 { return h.scrape(t)[series] }

func within(t *testing.T, what string, got, want, tolerance float64) {
	t.Helper()
	if got < want*(1-tolerance) || got > want*(1+tolerance) {
		t.Errorf("%s = %v, want %v ± %.0f %%", what, got, want, tolerance*100)
	}
}

var browseOnly = engine.Mix{"browse": 1}

func TestArrivalRateIsAccurate_AgainstLocalShopStandIn(t *testing.T) {
	shop := shoptest.Start(t)
	begin := time.Now()
	start(t, shop, 200, browseOnly, nil)
	time.Sleep(3 * time.Second)
	within(t, "requests the shop saw in 2 s at 200/s", float64(shop.ArrivalsBetween(begin.Add(500*time.Millisecond), begin.Add(2500*time.Millisecond))), 400, 0.07)
}

func TestRateChangeOverHTTPTakesEffectWithin2s_AgainstLocalShopStandIn(t *testing.T) {
	shop := shoptest.Start(t)
	h := start(t, shop, 50, browseOnly, nil)
	time.Sleep(1500 * time.Millisecond)

	changed := time.Now()
	resp, status := h.call(t, http.MethodPut, "/api/v1/loadgen/config", `{"targetRps": 250}`)
	if resp.StatusCode != http.StatusOK || status["targetRps"] != 250.0 {
		t.Fatalf("PUT config answered %d %v, want 200 with targetRps 250", resp.StatusCode, status)
	}
	time.Sleep(2 * time.Second)
	within(t, "requests/s the shop saw 1-2 s after raising the rate to 250",
		float64(shop.ArrivalsBetween(changed.Add(time.Second), changed.Add(2*time.Second))), 250, 0.1)

	resp, status = h.call(t, http.MethodPost, "/api/v1/loadgen/stop", "")
	stopped := time.Now()
	if resp.StatusCode != http.StatusOK || status["running"] != false {
		t.Fatalf("POST stop answered %d %v, want 200 with running false", resp.StatusCode, status)
	}
	time.Sleep(1500 * time.Millisecond)
	if n := shop.ArrivalsBetween(stopped.Add(500*time.Millisecond), stopped.Add(1500*time.Millisecond)); n != 0 {
		t.Errorf("the shop saw %d requests after stop, want 0", n)
	}
	if v := h.metric(t, "loadgen_running"); v != 0 {
		t.Errorf("loadgen_running = %v after stop, want 0", v)
	}
}

func TestInFlightStaysCappedAndDropsAreCountedAsErrors_AgainstStalledShopStandIn(t *testing.T) {
	shop := shoptest.Start(t)
	release := make(chan struct{})
	shop.Delay = func(*http.Request) { <-release }
	h := start(t, shop, 100, browseOnly, func(c *Config) { c.MaxInFlight = 8 })
	defer close(release) // before the harness cleanup, which waits for requests in flight

	time.Sleep(1500 * time.Millisecond)
	if got := shop.MaxInFlight(); got != 8 {
		t.Errorf("the stalled shop held %d requests at once, want the cap of 8", got)
	}
	_, status := h.call(t, http.MethodGet, "/api/v1/loadgen/status", "")
	if status["inFlight"] != 8.0 {
		t.Errorf("status inFlight = %v, want 8", status["inFlight"])
	}
	dropped := h.metric(t, `loadgen_requests_total{outcome="dropped",step="browse"}`)
	within(t, "arrivals dropped in 1.5 s at 100/s with 8 in flight", dropped, 142, 0.1)
	window := status["window"].(map[string]any)
	if window["dropped"].(float64) < 30 || window["errorRatio"].(float64) != 1 {
		t.Errorf("status window %v, want drops counted and an error ratio of 1", window)
	}
}

func TestLatencyRunsFromIntendedSendTimeThroughAStall_NoCoordinatedOmission_AgainstStalledShopStandIn(t *testing.T) {
	shop := shoptest.Start(t)
	begin := time.Now()
	stallFrom, stallUntil := begin.Add(500*time.Millisecond), begin.Add(1500*time.Millisecond)
	shop.Delay = func(*http.Request) {
		if now := time.Now(); now.After(stallFrom) && now.Before(stallUntil) {
			time.Sleep(time.Until(stallUntil))
		}
	}
	h := start(t, shop, 100, browseOnly, nil)
	time.Sleep(2500 * time.Millisecond)

	m := h.scrape(t)
	bucket := func(le string) float64 {
		return m[`loadgen_request_duration_seconds_bucket{step="browse",le="`+le+`"}`]
	}
	total := m[`loadgen_request_duration_seconds_count{step="browse"}`]
	// Every request due in the stall's first half waited at least half a
	// second: about 50 of them, not just the one a closed-loop client sees.
	if slow := total - bucket("0.5"); slow < 40 {
		t.Errorf("%v requests slower than 0.5 s, want about 50 (all sent during the first half of a 1 s stall)", slow)
	}
	if slow := total - bucket("0.75"); slow < 15 {
		t.Errorf("%v requests slower than 0.75 s, want about 25", slow)
	}
	if late := total - bucket("1.5"); late != 0 {
		t.Errorf("%v requests slower than 1.5 s, want none: the stall lasted 1 s", late)
	}
}

func TestWaitingForABusyUserCountsAsLatency_NoCoordinatedOmission_AgainstSlowShopStandIn(t *testing.T) {
	shop := shoptest.Start(t)
	shop.Delay = func(r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/v1/checkout/") {
			time.Sleep(40 * time.Millisecond)
		}
	}
	// One user who needs about 80 ms per order, asked for 25 orders/s: the
	// queue of due arrivals grows, and so must the measured latency.
	h := start(t, shop, 25, engine.Mix{"order": 1}, func(c *Config) { c.Users = 1 })
	time.Sleep(2500 * time.Millisecond)

	m := h.scrape(t)
	total := m[`loadgen_request_duration_seconds_count{step="cart"}`]
	fast := m[`loadgen_request_duration_seconds_bucket{step="cart",le="0.5"}`]
	if total-fast < 3 {
		t.Errorf("%v of %v cart requests slower than 0.5 s, want the growing wait for the busy user counted", total-fast, total)
	}
}

func TestJourneysCacheTokensAndRecordEveryAcceptedOrder_AgainstLocalShopStandIn(t *testing.T) {
	shop := shoptest.Start(t)
	h := start(t, shop, 100, engine.Mix{"browse": 10, "product": 10, "profile": 10, "cart": 30, "order": 30, "insights": 10},
		func(c *Config) { c.Users = 5 })
	time.Sleep(2500 * time.Millisecond)
	h.call(t, http.MethodPost, "/api/v1/loadgen/stop", "")
	time.Sleep(300 * time.Millisecond)

	if n := shop.Logins(); n < 1 || n > 5 {
		t.Errorf("%d logins for 5 users with hour-long tokens, want one per user at most", n)
	}
	if n := shop.MissingAuth(); n != 0 {
		t.Errorf("%d requests of logged-in steps without a token", n)
	}
	m := h.scrape(t)
	for _, step := range engine.Steps {
		if m[`loadgen_requests_total{outcome="success",step="`+step+`"}`] == 0 {
			t.Errorf("no successful %s step: every step of the mix must reach the shop", step)
		}
	}
	for _, key := range shop.OrderKeys() {
		if key == "" {
			t.Fatal("an order was sent without an Idempotency-Key")
		}
	}
	stored := shop.Orders()
	if len(stored) < 20 {
		t.Fatalf("the shop stored %d orders, want about 30 (30 %% of 100/s for 2.5 s less warm-up)", len(stored))
	}
	_, page := h.call(t, http.MethodGet, "/api/v1/loadgen/orders?limit=10000", "")
	listed := map[string]bool{}
	for _, item := range page["items"].([]any) {
		listed[item.(map[string]any)["id"].(string)] = true
	}
	for key, id := range stored {
		if !listed[id] {
			t.Errorf("order %s (key %s) accepted by the shop is missing from /api/v1/loadgen/orders", id, key)
		}
	}
	if len(listed) != len(stored) {
		t.Errorf("the load generator lists %d orders, the shop stored %d", len(listed), len(stored))
	}
	if v := h.metric(t, `loadgen_orders_accepted_total{degraded="false"}`); int(v) != len(stored) {
		t.Errorf("loadgen_orders_accepted_total = %v, want %d", v, len(stored))
	}
}

func TestTokensNearExpiryAreRenewedBeforeUse_AgainstLocalShopStandIn(t *testing.T) {
	shop := shoptest.Start(t)
	shop.TokenLifetime = 2 * time.Minute // inside the renewal margin: every use logs in first
	h := start(t, shop, 40, engine.Mix{"cart": 1}, func(c *Config) { c.Users = 2 })
	time.Sleep(1500 * time.Millisecond)
	carts := h.metric(t, `loadgen_requests_total{outcome="success",step="cart"}`)
	if logins := float64(shop.Logins()); carts < 20 || logins < carts*0.9 {
		t.Errorf("%v logins for %v cart requests with soon-expiring tokens, want a fresh login before each", logins, carts)
	}
}

func TestFailedLoginsBackOffInsteadOfHammeringTheUserService_AgainstFailingShopStandIn(t *testing.T) {
	shop := shoptest.Start(t)
	shop.LoginStatus = http.StatusServiceUnavailable
	h := start(t, shop, 40, engine.Mix{"cart": 1}, func(c *Config) { c.Users = 2 })
	time.Sleep(2500 * time.Millisecond)
	m := h.scrape(t)
	// Each user tries at once, again after 2 s: at most 2 tries each in 2.5 s,
	// instead of one per arrival (~100). Meanwhile they browse.
	if tries := shop.LoginAttempts(); tries < 2 || tries > 4 {
		t.Errorf("%d login attempts by 2 users in 2.5 s, want 2 to 4", tries)
	}
	if failed := m[`loadgen_requests_total{outcome="server_error",step="login"}`]; int(failed) != shop.LoginAttempts() {
		t.Errorf("%v failed logins counted, want every attempt (%d) counted as an error", failed, shop.LoginAttempts())
	}
	if browsed := m[`loadgen_requests_total{outcome="success",step="browse"}`]; browsed < 50 {
		t.Errorf("%v browse requests, want the users who cannot log in to keep browsing (~90)", browsed)
	}
}

func TestControlAPIAnswersBadInputWithProblemJSON(t *testing.T) {
	shop := shoptest.Start(t)
	h := start(t, shop, 10, browseOnly, nil)
	for _, c := range []struct{ method, path, body string }{
		{http.MethodPut, "/api/v1/loadgen/config", `{"targetRps": -1}`},
		{http.MethodPut, "/api/v1/loadgen/config", `{"targetRps": 1000000}`},
		{http.MethodPut, "/api/v1/loadgen/config", `{"mix": {"teleport": 1}}`},
		{http.MethodPut, "/api/v1/loadgen/config", `{"mix": {"browse": 0}}`},
		{http.MethodPut, "/api/v1/loadgen/config", `{"rate": 5}`},
		{http.MethodPut, "/api/v1/loadgen/config", `{"targetRps": "fast"}`},
		{http.MethodPut, "/api/v1/loadgen/config", `{`},
		{http.MethodPut, "/api/v1/loadgen/config", ``},
		{http.MethodPut, "/api/v1/loadgen/config", `{}`},
		{http.MethodGet, "/api/v1/loadgen/orders?limit=0", ``},
		{http.MethodGet, "/api/v1/loadgen/orders?after=x", ``},
	} {
		resp, body := h.call(t, c.method, c.path, c.body)
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Content-Type") != "application/problem+json" ||
			body["type"] != "https://ha-demo.dev/problems/validation" || body["instance"] == nil || body["detail"] == "" {
			t.Errorf("%s %s %s → %d %s %v, want 400 problem+json of type validation", c.method, c.path, c.body,
				resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
	_, status := h.call(t, http.MethodGet, "/api/v1/loadgen/status", "")
	if status["targetRps"] != 10.0 || status["mix"].(map[string]any)["browse"] != 1.0 {
		t.Errorf("bad requests changed the configuration: %v", status)
	}
	if resp, body := h.call(t, http.MethodGet, "/api/v1/nothing", ""); resp.StatusCode != 404 || body["status"] != 404.0 {
		t.Errorf("unknown path → %d %v, want 404 problem", resp.StatusCode, body)
	}
	if resp, _ := h.call(t, http.MethodDelete, "/api/v1/loadgen/status", ""); resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET" {
		t.Errorf("DELETE status → %d Allow=%q, want 405 with Allow: GET", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

func TestStatusHasTheDocumentedShape_AgainstLocalShopStandIn(t *testing.T) {
	shop := shoptest.Start(t)
	h := start(t, shop, 50, engine.DefaultMix(), nil)
	time.Sleep(1200 * time.Millisecond)
	_, status := h.call(t, http.MethodGet, "/api/v1/loadgen/status", "")
	for _, key := range []string{"running", "targetRps", "achievedRps", "mix", "startedAt", "inFlight", "window"} {
		if _, ok := status[key]; !ok {
			t.Errorf("status lacks %q: %v", key, status)
		}
	}
	if status["running"] != true || status["startedAt"] == nil || status["achievedRps"].(float64) <= 0 {
		t.Errorf("a running load test reports %v", status)
	}
}
