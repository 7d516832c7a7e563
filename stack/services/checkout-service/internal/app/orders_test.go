package app_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestPlaceOrder_withLocalProductStandIn_confirmsReservesAndEmitsEvent(t *testing.T) {
	h := newHarness(t)
	h.product.Add("p-0001", "Kaffeemühle", 4999, 10)
	h.product.Add("p-0002", "Teekanne", 1999, 10)
	token := h.issuer.token(t, "u-anna")
	h.putInCart(token, "p-0001", 2)
	h.putInCart(token, "p-0002", 1)

	r := h.do(http.MethodPost, "/api/v1/checkout/orders", token, nil,
		"Idempotency-Key", "k-1", "X-Request-Id", "req-from-client-42")

	if r.status != http.StatusCreated {
		t.Fatalf("status %d, want 201: %s", r.status, r.body)
	}
	order := r.json(t)
	if order["status"] != "CONFIRMED" || order["degraded"] != false || order["totalCents"] != float64(2*4999+1999) {
		t.Errorf("unexpected order: %s", r.body)
	}
	if r.header.Get("X-Request-Id") != "req-from-client-42" {
		t.Errorf("request id not echoed: %q", r.header.Get("X-Request-Id"))
	}
	if !contains(h.product.SeenRequestIDs(), "req-from-client-42") {
		t.Errorf("request id not passed to the product service: %v", h.product.SeenRequestIDs())
	}
	if h.product.Stock("p-0001") != 8 || h.product.Stock("p-0002") != 9 {
		t.Errorf("stock not reserved: p-0001=%d p-0002=%d", h.product.Stock("p-0001"), h.product.Stock("p-0002"))
	}
	id := order["id"].(string)
	if _, ok := h.product.ActiveReservations()[id+":p-0001"]; !ok {
		t.Errorf("reservation id is not <orderId>:<productId>: %v", h.product.ActiveReservations())
	}
	if cart := h.do(http.MethodGet, "/api/v1/checkout/cart", token, nil).json(t); len(cart["items"].([]any)) != 0 {
		t.Errorf("cart not cleared after the order: %v", cart)
	}
	if got := h.streamEvents(); len(got) != 1 || got[0] != "order.placed "+id {
		t.Errorf("events = %v, want one order.placed", got)
	}

	if got := h.do(http.MethodGet, "/api/v1/checkout/orders/"+id, token, nil); got.status != http.StatusOK || got.json(t)["id"] != id {
		t.Errorf("GET order: %d %s", got.status, got.body)
	}
	list := h.do(http.MethodGet, "/api/v1/checkout/orders", token, nil).json(t)
	if items := list["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != id {
		t.Errorf("own orders = %v", list)
	}
	other := h.issuer.token(t, "u-bernd")
	if got := h.do(http.MethodGet, "/api/v1/checkout/orders/"+id, other, nil); got.status != http.StatusNotFound {
		t.Errorf("another user's order: status %d, want 404", got.status)
	}
	if items := h.do(http.MethodGet, "/api/v1/checkout/orders", other, nil).json(t)["items"].([]any); len(items) != 0 {
		t.Errorf("another user sees orders: %v", items)
	}
}

func TestPlaceOrder_20ConcurrentDuplicatesOfOneKey_storeExactlyOneOrder(t *testing.T) {
	h := newHarness(t)
	h.product.Add("p-0001", "Kaffeemühle", 4999, 100)
	token := h.issuer.token(t, "u-anna")
	h.putInCart(token, "p-0001", 3)

	const n = 20
	responses := make([]response, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			responses[i] = h.placeOrder(token, "same-key")
		}()
	}
	close(start)
	wg.Wait()

	ids := map[string]int{}
	replayed := 0
	for _, r := range responses {
		if r.status != http.StatusCreated {
			t.Fatalf("status %d, want 201: %s", r.status, r.body)
		}
		ids[r.json(t)["id"].(string)]++
		if r.header.Get("Idempotent-Replayed") == "true" {
			replayed++
		}
	}
	if len(ids) != 1 {
		t.Fatalf("answers name %d different orders: %v", len(ids), ids)
	}
	if replayed != n-1 {
		t.Errorf("%d answers marked as replayed, want %d", replayed, n-1)
	}
	if stored := h.storedOrders(); len(stored) != 1 {
		t.Errorf("%d orders in DynamoDB, want exactly 1", len(stored))
	}
	if got := h.product.Stock("p-0001"); got != 97 {
		t.Errorf("stock %d, want 97 (reserved once)", got)
	}
	if got := h.streamEvents(); len(got) != 1 {
		t.Errorf("events = %v, want exactly one order.placed", got)
	}

	// A later retry with the same key still returns that order, not a new one.
	again := h.placeOrder(token, "same-key")
	for id := range ids {
		if again.status != http.StatusCreated || again.json(t)["id"] != id {
			t.Errorf("retry: %d %s", again.status, again.body)
		}
	}
}

func TestPlaceOrder_differentKeys_placeSeparateOrders(t *testing.T) {
	h := newHarness(t)
	h.product.Add("p-0001", "Kaffeemühle", 4999, 100)
	token := h.issuer.token(t, "u-anna")
	h.putInCart(token, "p-0001", 1)
	first := h.placeOrder(token, "key-a").json(t)["id"]
	h.putInCart(token, "p-0001", 1)
	second := h.placeOrder(token, "key-b").json(t)["id"]
	if first == second {
		t.Fatalf("two keys gave one order %v", first)
	}
	if got := len(h.storedOrders()); got != 2 {
		t.Errorf("%d orders stored, want 2", got)
	}
}

func TestPlaceOrder_insufficientStockAtLocalProductStandIn_cancelsAndReleasesPartialReservations(t *testing.T) {
	h := newHarness(t)
	h.product.Add("p-0001", "Kaffeemühle", 4999, 10)
	h.product.Add("p-0002", "Teekanne", 1999, 1)
	token := h.issuer.token(t, "u-anna")
	h.putInCart(token, "p-0001", 2)
	h.putInCart(token, "p-0002", 5)

	r := h.placeOrder(token, "k-short")

	if r.status != http.StatusConflict {
		t.Fatalf("status %d, want 409: %s", r.status, r.body)
	}
	p := r.json(t)
	if p["type"] != "https://ha-demo.dev/problems/order-cancelled" || !strings.Contains(p["detail"].(string), "p-0002") {
		t.Errorf("problem does not say which product was short: %s", r.body)
	}
	if h.product.Stock("p-0001") != 10 || len(h.product.ActiveReservations()) != 0 {
		t.Errorf("partial reservation not compensated: stock %d, reservations %v",
			h.product.Stock("p-0001"), h.product.ActiveReservations())
	}
	if cart := h.do(http.MethodGet, "/api/v1/checkout/cart", token, nil).json(t); cart["totalQuantity"] != float64(7) {
		t.Errorf("cart changed by a cancelled order: %v", cart)
	}
	order := h.do(http.MethodGet, "/api/v1/checkout/orders/"+p["orderId"].(string), token, nil).json(t)
	if order["status"] != "CANCELLED" || !strings.Contains(order["statusReason"].(string), "Insufficient stock") {
		t.Errorf("cancelled order = %v", order)
	}
	if again := h.placeOrder(token, "k-short"); again.status != http.StatusConflict || again.json(t)["orderId"] != p["orderId"] {
		t.Errorf("retry of a cancelled order: %d %s", again.status, again.body)
	}
}

func TestPlaceOrder_withEmptyCart_is422(t *testing.T) {
	h := newHarness(t)
	r := h.placeOrder(h.issuer.token(t, "u-anna"), "k-empty")
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422: %s", r.status, r.body)
	}
	if len(h.storedOrders()) != 0 {
		t.Error("an empty cart left an order record")
	}
}

func TestListOrders_pagesNewestFirst(t *testing.T) {
	h := newHarness(t)
	h.product.Add("p-0001", "Kaffeemühle", 4999, 100)
	token := h.issuer.token(t, "u-anna")
	var ids []string
	for i := range 3 {
		h.putInCart(token, "p-0001", 1)
		ids = append(ids, h.placeOrder(token, fmt.Sprint("key-", i)).json(t)["id"].(string))
	}
	first := h.do(http.MethodGet, "/api/v1/checkout/orders?limit=2", token, nil).json(t)
	cursor, _ := first["nextCursor"].(string)
	if len(first["items"].([]any)) != 2 || cursor == "" {
		t.Fatalf("first page = %v", first)
	}
	second := h.do(http.MethodGet, "/api/v1/checkout/orders?limit=2&cursor="+cursor, token, nil).json(t)
	var got []string
	for _, page := range []map[string]any{first, second} {
		for _, it := range page["items"].([]any) {
			got = append(got, it.(map[string]any)["id"].(string))
		}
	}
	want := []string{ids[2], ids[1], ids[0]}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("orders %v, want newest first %v", got, want)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
