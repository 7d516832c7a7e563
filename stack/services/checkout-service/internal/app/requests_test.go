package app_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestAuth_tokensFromLocalIssuerStandIn(t *testing.T) {
	h := newHarness(t)
	valid := h.issuer.token(t, "u-anna")
	parts := strings.Split(valid, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	tampered := parts[0] + "." +
		base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(payload), "u-anna", "u-admin", 1))) + "." + parts[2]

	cases := map[string]string{
		"tampered payload": tampered,
		"expired": h.issuer.token(t, "u-anna", func(c jwt.MapClaims) {
			c["exp"] = time.Now().Add(-time.Hour).Unix()
		}),
		"wrong audience": h.issuer.token(t, "u-anna", func(c jwt.MapClaims) { c["aud"] = "someone-else" }),
		"wrong issuer":   h.issuer.token(t, "u-anna", func(c jwt.MapClaims) { c["iss"] = "evil" }),
		"unsigned":       parts[0][:0] + base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + ".",
		"garbage":        "not-a-jwt",
		"missing":        "",
	}
	for name, token := range cases {
		t.Run(name, func(t *testing.T) {
			r := h.do(http.MethodGet, "/api/v1/checkout/cart", token, nil)
			if r.status != http.StatusUnauthorized || r.header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("status %d (%s), want 401 problem+json", r.status, r.header.Get("Content-Type"))
			}
		})
	}
	if r := h.do(http.MethodGet, "/api/v1/checkout/cart", valid, nil); r.status != http.StatusOK {
		t.Errorf("valid token: status %d %s", r.status, r.body)
	}
}

func TestAuth_rotatedKeyAtLocalIssuerStandIn_isFetchedOnUnknownKid(t *testing.T) {
	h := newHarness(t)
	if r := h.do(http.MethodGet, "/api/v1/checkout/cart", h.issuer.token(t, "u-anna"), nil); r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	fetches := h.issuer.KeySetFetches()
	if r := h.do(http.MethodGet, "/api/v1/checkout/cart", h.issuer.token(t, "u-anna"), nil); r.status != http.StatusOK ||
		h.issuer.KeySetFetches() != fetches {
		t.Fatalf("a known key id refetched the key set (status %d)", r.status)
	}
	h.issuer.rotate(t)
	time.Sleep(5 * time.Second) // refetches are rate-limited to one per 5 s
	if r := h.do(http.MethodGet, "/api/v1/checkout/cart", h.issuer.token(t, "u-anna"), nil); r.status != http.StatusOK {
		t.Errorf("token with the new key id: status %d %s", r.status, r.body)
	}
}

func TestPlaceOrder_withoutIdempotencyKey_is400(t *testing.T) {
	h := newHarness(t)
	h.product.Add("p-0001", "Kaffeemühle", 4999, 10)
	token := h.issuer.token(t, "u-anna")
	h.putInCart(token, "p-0001", 1)

	r := h.do(http.MethodPost, "/api/v1/checkout/orders", token, nil)

	if r.status != http.StatusBadRequest || r.json(t)["type"] != "https://ha-demo.dev/problems/idempotency-key-missing" {
		t.Fatalf("status %d %s, want 400 idempotency-key-missing", r.status, r.body)
	}
	if r := h.placeOrder(token, strings.Repeat("k", 300)); r.status != http.StatusBadRequest {
		t.Errorf("overlong key: status %d", r.status)
	}
	if len(h.storedOrders()) != 0 {
		t.Error("a request without a valid key stored an order")
	}
}

func TestBadInput_isAlways4xxProblem(t *testing.T) {
	h := newHarness(t)
	h.product.Add("p-0001", "Kaffeemühle", 4999, 10)
	token := h.issuer.token(t, "u-anna")
	cases := []struct {
		name, method, path string
		body               any
		want               int
	}{
		{"not JSON", http.MethodPut, "/api/v1/checkout/cart/items/p-0001", "{quantity:", 400},
		{"empty body", http.MethodPut, "/api/v1/checkout/cart/items/p-0001", "", 400},
		{"array", http.MethodPut, "/api/v1/checkout/cart/items/p-0001", "[1]", 400},
		{"string quantity", http.MethodPut, "/api/v1/checkout/cart/items/p-0001", `{"quantity":"2"}`, 400},
		{"fractional quantity", http.MethodPut, "/api/v1/checkout/cart/items/p-0001", `{"quantity":1.5}`, 400},
		{"zero quantity", http.MethodPut, "/api/v1/checkout/cart/items/p-0001", `{"quantity":0}`, 400},
		{"negative quantity", http.MethodPut, "/api/v1/checkout/cart/items/p-0001", `{"quantity":-3}`, 400},
		{"huge quantity", http.MethodPut, "/api/v1/checkout/cart/items/p-0001", `{"quantity":99999999999999999999}`, 400},
		{"missing quantity", http.MethodPut, "/api/v1/checkout/cart/items/p-0001", `{}`, 400},
		{"unknown field", http.MethodPut, "/api/v1/checkout/cart/items/p-0001", `{"quantity":1,"price":1}`, 400},
		{"two objects", http.MethodPut, "/api/v1/checkout/cart/items/p-0001", `{"quantity":1}{"quantity":2}`, 400},
		{"oversized", http.MethodPut, "/api/v1/checkout/cart/items/p-0001", `{"quantity":1,"x":"` + strings.Repeat("a", 20000) + `"}`, 400},
		{"bad product id", http.MethodPut, "/api/v1/checkout/cart/items/p%20%3B", `{"quantity":1}`, 400},
		{"unknown product", http.MethodPut, "/api/v1/checkout/cart/items/p-9999", `{"quantity":1}`, 404},
		{"bad limit", http.MethodGet, "/api/v1/checkout/orders?limit=abc", nil, 400},
		{"limit too large", http.MethodGet, "/api/v1/checkout/orders?limit=1000", nil, 400},
		{"forged cursor", http.MethodGet, "/api/v1/checkout/orders?cursor=eyJpZCI6IngifQ", nil, 400},
		{"garbage cursor", http.MethodGet, "/api/v1/checkout/orders?cursor=!!!", nil, 400},
		{"unknown order", http.MethodGet, "/api/v1/checkout/orders/does-not-exist", nil, 404},
		{"unknown path", http.MethodGet, "/api/v1/checkout/nothing", nil, 404},
		{"wrong method", http.MethodDelete, "/api/v1/checkout/orders", nil, 405},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := h.do(c.method, c.path, token, c.body)
			if r.status != c.want {
				t.Errorf("status %d, want %d: %s", r.status, c.want, r.body)
			}
			if r.header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("content type %q, want application/problem+json", r.header.Get("Content-Type"))
			}
			p := r.json(t)
			if p["status"] != float64(c.want) || p["detail"] == "" || p["instance"] == "" {
				t.Errorf("incomplete problem: %s", r.body)
			}
		})
	}
}

func TestCart_putChangeRemove(t *testing.T) {
	h := newHarness(t)
	h.product.Add("p-0001", "Kaffeemühle", 4999, 10)
	h.product.Add("p-0002", "Teekanne", 1999, 10)
	token := h.issuer.token(t, "u-anna")
	h.putInCart(token, "p-0001", 1)
	h.putInCart(token, "p-0002", 2)
	h.putInCart(token, "p-0001", 4)
	r := h.do(http.MethodDelete, "/api/v1/checkout/cart/items/p-0002", token, nil)
	cart := r.json(t)
	items := cart["items"].([]any)
	if r.status != http.StatusOK || len(items) != 1 || items[0].(map[string]any)["quantity"] != float64(4) {
		t.Errorf("cart = %s", r.body)
	}
	ttl := h.redis.TTL(t.Context(), "checkout:cart:u-anna").Val()
	if ttl < 23*time.Hour || ttl > 24*time.Hour {
		t.Errorf("cart expires in %s, want 24 h", ttl)
	}
	if other := h.do(http.MethodGet, "/api/v1/checkout/cart", h.issuer.token(t, "u-bernd"), nil).json(t); len(other["items"].([]any)) != 0 {
		t.Errorf("carts are not per user: %v", other)
	}
}

func TestOperations_healthMetricsAndOpenAPI(t *testing.T) {
	h := newHarness(t)
	h.product.Add("p-0001", "Kaffeemühle", 4999, 10)
	token := h.issuer.token(t, "u-anna")
	h.putInCart(token, "p-0001", 1)
	id := h.placeOrder(token, "k-1").json(t)["id"].(string)
	h.do(http.MethodGet, "/api/v1/checkout/orders/"+id, token, nil)
	h.do(http.MethodGet, "/api/v1/checkout/nowhere", token, nil)

	ready := h.do(http.MethodGet, "/health/ready", "", nil).json(t)
	checks := ready["checks"].(map[string]any)
	if ready["status"] != "UP" || checks["dynamodb"].(map[string]any)["status"] != "UP" || checks["redis"].(map[string]any)["status"] != "UP" {
		t.Errorf("ready = %v", ready)
	}
	if live := h.do(http.MethodGet, "/health/live", "", nil); live.status != http.StatusOK {
		t.Errorf("live: %d", live.status)
	}

	metrics := h.metricsText()
	for _, want := range []string{
		`http_server_requests_seconds_bucket{method="GET",outcome="SUCCESS",status="200",uri="/api/v1/checkout/orders/{id}",le="0.005"}`,
		`http_server_requests_seconds_bucket{method="POST",outcome="SUCCESS",status="201",uri="/api/v1/checkout/orders",le="10"}`,
		`http_server_requests_seconds_count{method="GET",outcome="CLIENT_ERROR",status="404",uri="UNKNOWN"} 1`,
		`checkout_orders_total{degraded="false",status="CONFIRMED"} 1`,
		`checkout_circuit_breaker_state{dependency="product-service"} 0`,
		`checkout_circuit_breaker_state{dependency="user-service"} 0`,
		`checkout_pending_reservations 0`,
		`checkout_revenue_cents_total 4999`,
		`service_info{language="go",service="checkout-service",version="test"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(metrics, `uri="/health/ready"`) || strings.Contains(metrics, `uri="/metrics"`) {
		t.Error("health and metrics requests are counted in the latency histogram")
	}

	spec := h.do(http.MethodGet, "/openapi.yaml", "", nil)
	if spec.status != http.StatusOK || !strings.Contains(string(spec.body), "openapi: 3.0.3") {
		t.Errorf("openapi.yaml not served: %d", spec.status)
	}
}
