package app_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"hademo/checkout-service/internal/orders"
)

// A product stand-in that fails or hangs: the breaker opens after the configured failures, orders
// are accepted degraded from cached prices, and after recovery the reconciler confirms them all,
// each reserved once, none lost or duplicated.
func TestDegradedMode_localProductStandInDown_acceptsThenReconcilesEveryOrder(t *testing.T) {
	for _, outage := range []string{"fail", "hang"} {
		t.Run(outage, func(t *testing.T) {
			h := newHarness(t)
			h.runReconciler()
			h.product.Add("p-0001", "Kaffeemühle", 4999, 100)
			h.product.Add("p-0002", "Teekanne", 1999, 100)
			token := h.issuer.token(t, "u-anna")
			h.putInCart(token, "p-0001", 1) // the lookups cache the prices
			h.putInCart(token, "p-0002", 1)

			h.product.SetMode(outage)
			const orderCount = 5
			accepted := map[string]bool{}
			for i := range orderCount {
				if i > 0 {
					h.putInCart(token, "p-0001", 1) // accepted while the product service is down
					h.putInCart(token, "p-0002", 1)
				}
				r := h.placeOrder(token, fmt.Sprint("outage-", i))
				if r.status != http.StatusAccepted {
					t.Fatalf("order %d: status %d, want 202: %s", i, r.status, r.body)
				}
				o := r.json(t)
				if o["status"] != "PENDING_RESERVATION" || o["degraded"] != true || o["totalCents"] != float64(4999+1999) {
					t.Errorf("order %d not degraded at cached prices: %s", i, r.body)
				}
				accepted[o["id"].(string)] = true
			}
			res := h.do(http.MethodGet, "/api/v1/checkout/resilience", "", nil).json(t)
			product := res["dependencies"].([]any)[0].(map[string]any)
			if product["state"] != "open" {
				t.Errorf("breaker state %v, want open", product["state"])
			}
			// The breaker opens at the threshold of 3. The cart's two prices are looked up in parallel, so one more
			// call may already be on its way when it trips; on a slow machine the 1 s open period can also pass
			// during the loop, and each half-open probe costs one more failure. Nothing else gets through.
			probes, _ := product["transitions"].(map[string]any)["half-open"].(float64)
			if failures := product["totals"].(map[string]any)["failures"].(float64); failures < 3 || failures > 3+1+probes {
				t.Errorf("%v failures reached the product service, want the threshold 3 (+1 in flight, +%v half-open probes)", failures, probes)
			}
			if res["orders"].(map[string]any)["pendingReservations"] != float64(orderCount) {
				t.Errorf("pending reservations = %v, want %d", res["orders"], orderCount)
			}
			if metrics := h.metricsText(); !strings.Contains(metrics, `checkout_circuit_breaker_state{dependency="product-service"} 2`) ||
				!strings.Contains(metrics, `checkout_orders_total{degraded="true",status="PENDING_RESERVATION"} 5`) {
				t.Errorf("metrics do not show the open breaker and degraded orders")
			}

			h.product.SetMode("ok")
			eventually(t, 15*time.Second, func() error {
				for id := range accepted {
					o := h.do(http.MethodGet, "/api/v1/checkout/orders/"+id, token, nil).json(t)
					if o["status"] != "CONFIRMED" {
						return fmt.Errorf("order %s is %v", id, o["status"])
					}
				}
				return nil
			})

			if stored := h.storedOrders(); len(stored) != orderCount {
				t.Errorf("%d orders stored, want %d", len(stored), orderCount)
			}
			if got := h.product.Stock("p-0001"); got != 100-orderCount {
				t.Errorf("p-0001 stock %d, want %d (each order reserved once)", got, 100-orderCount)
			}
			if got := len(h.product.ActiveReservations()); got != 2*orderCount {
				t.Errorf("%d reservations, want %d", got, 2*orderCount)
			}
			var want []string
			for id := range accepted {
				want = append(want, "order.placed "+id, "order.confirmed "+id)
			}
			if got := h.streamEvents(); !sameElements(got, want) {
				t.Errorf("events\n got %v\nwant %v", got, want)
			}
			eventually(t, 5*time.Second, func() error {
				if !strings.Contains(h.metricsText(), "checkout_pending_reservations 0") {
					return fmt.Errorf("pending reservations gauge not back to 0")
				}
				return nil
			})
		})
	}
}

func TestDegradedMode_stockGoneWhileLocalProductStandInDown_cancelsWithReason(t *testing.T) {
	h := newHarness(t)
	h.runReconciler()
	h.product.Add("p-0001", "Kaffeemühle", 4999, 10)
	h.product.Add("p-0002", "Teekanne", 1999, 10)
	token := h.issuer.token(t, "u-anna")
	h.putInCart(token, "p-0001", 2)
	h.putInCart(token, "p-0002", 3)

	h.product.SetMode("fail")
	r := h.placeOrder(token, "k-1")
	if r.status != http.StatusAccepted {
		t.Fatalf("status %d, want 202: %s", r.status, r.body)
	}
	id := r.json(t)["id"].(string)
	h.product.SetStock("p-0002", 1) // sold elsewhere during the outage
	h.product.SetMode("ok")

	eventually(t, 15*time.Second, func() error {
		o := h.do(http.MethodGet, "/api/v1/checkout/orders/"+id, token, nil).json(t)
		if o["status"] != "CANCELLED" {
			return fmt.Errorf("order is %v", o["status"])
		}
		if reason, _ := o["statusReason"].(string); !strings.Contains(reason, "Insufficient stock for product p-0002") {
			return fmt.Errorf("status reason %q does not say why", reason)
		}
		return nil
	})
	if h.product.Stock("p-0001") != 10 || len(h.product.ActiveReservations()) != 0 {
		t.Errorf("reservations of the cancelled order not released: stock %d, %v",
			h.product.Stock("p-0001"), h.product.ActiveReservations())
	}
	want := []string{"order.placed " + id, "order.cancelled " + id}
	eventually(t, 5*time.Second, func() error {
		if got := h.streamEvents(); !sameElements(got, want) {
			return fmt.Errorf("events %v, want %v", got, want)
		}
		return nil
	})
}

func TestDegradedMode_productNeverSeen_isRefusedWith503(t *testing.T) {
	h := newHarness(t)
	token := h.issuer.token(t, "u-anna")
	h.product.SetMode("fail")
	h.putInCart(token, "p-0404", 1) // accepted into the cart, but no price is known

	r := h.placeOrder(token, "k-1")

	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" {
		t.Fatalf("status %d, want 503 with Retry-After: %s", r.status, r.body)
	}
	if len(h.storedOrders()) != 0 {
		t.Error("a refused order left a record")
	}
	h.product.SetMode("ok")
	h.product.Add("p-0404", "Neu", 100, 5)
	time.Sleep(time.Second) // the breaker's open period
	if again := h.placeOrder(token, "k-1"); again.status != http.StatusCreated {
		t.Errorf("the same key after recovery: %d %s", again.status, again.body)
	}
}

// A replica that claimed an Idempotency-Key and died before pricing leaves a PLACING record. A
// retry with the same key after the lease lapsed finishes that same order; without a retry the
// reconciler finishes it.
func TestCrashedReplica_claimedOrderIsFinishedByRetryOrReconciler(t *testing.T) {
	h := newHarness(t)
	h.product.Add("p-0001", "Kaffeemühle", 4999, 10)
	token := h.issuer.token(t, "u-anna")
	abandoned := func(key string) orders.Order {
		o := orders.Order{
			ID: orders.OrderID("u-anna", key), UserID: "u-anna", IdempotencyKey: key, Status: orders.StatusPlacing,
			Items:     []orders.Item{{ProductID: "p-0001", Quantity: 2}},
			CreatedAt: time.Now().UTC().Format("2006-01-02T15:04:05.000Z07:00"),
			// The dead replica's lease has lapsed; its work became due then.
			LeaseOwner: "crashed-replica", LeaseUntil: time.Now().Add(-time.Second).UnixMilli(),
			WorkQueue: "reconcile", WorkDueAt: time.Now().Add(-time.Second).UnixMilli(),
		}
		if err := h.app.Repo.Create(context.Background(), &o); err != nil {
			t.Fatal(err)
		}
		return o
	}

	retried := abandoned("k-retry")
	r := h.placeOrder(token, "k-retry")
	if r.status != http.StatusCreated || r.json(t)["id"] != retried.ID || r.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry after crash: %d %s", r.status, r.body)
	}

	left := abandoned("k-left")
	h.runReconciler()
	eventually(t, 10*time.Second, func() error {
		o, err := h.app.Repo.Get(context.Background(), left.ID)
		if err != nil || o.Status != orders.StatusConfirmed {
			return fmt.Errorf("abandoned order is %v (%v)", o.Status, err)
		}
		return nil
	})
	if got := h.product.Stock("p-0001"); got != 6 {
		t.Errorf("stock %d, want 6: each of the two orders reserved once", got)
	}
	if n := countItems(t, h); n != 2 {
		t.Errorf("%d orders stored, want 2", n)
	}
}

func countItems(t *testing.T, h *harness) int32 {
	t.Helper()
	out, err := h.dynamo.Scan(context.Background(), &dynamodb.ScanInput{TableName: &[]string{h.app.Repo.Table()}[0], Select: types.SelectCount})
	if err != nil {
		t.Fatal(err)
	}
	return out.Count
}

func (h *harness) metricsText() string {
	h.t.Helper()
	return string(h.do(http.MethodGet, "/metrics", "", nil).body)
}

func sameElements(a, b []string) bool {
	a, b = append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(a)
	sort.Strings(b)
	return strings.Join(a, "\n") == strings.Join(b, "\n")
}
