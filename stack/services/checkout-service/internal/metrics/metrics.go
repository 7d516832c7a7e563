// Package metrics holds the Prometheus collectors of the service, named as in CONVENTIONS.md
// so one dashboard query fits all four services.
package metrics

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// HTTPBuckets are the shared latency buckets in seconds.
var HTTPBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// Metrics is the service's own registry and collectors.
type Metrics struct {
	Registry            *prometheus.Registry
	HTTPRequests        *prometheus.HistogramVec
	Orders              *prometheus.CounterVec
	BreakerTransitions  *prometheus.CounterVec
	PendingReservations prometheus.Gauge
	Revenue             prometheus.Counter
}

// New registers every collector on a fresh registry.
func New(service, version string) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		HTTPRequests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_server_requests_seconds",
			Help:    "Duration of HTTP server requests.",
			Buckets: HTTPBuckets,
		}, []string{"method", "uri", "status", "outcome"}),
		Orders: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "checkout_orders_total",
			Help: "Orders that reached a status, by status and whether they were accepted in degraded mode.",
		}, []string{"status", "degraded"}),
		BreakerTransitions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "checkout_circuit_breaker_transitions_total",
			Help: "Circuit breaker state transitions by dependency and new state.",
		}, []string{"dependency", "to"}),
		PendingReservations: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "checkout_pending_reservations",
			Help: "Orders accepted in degraded mode whose stock reservation is still queued.",
		}),
		Revenue: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "checkout_revenue_cents_total",
			Help: "Euro cents of accepted orders (confirmed or accepted degraded), counted once at placement.",
		}),
	}
	info := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "service_info",
		Help: "Static information about the service.",
	}, []string{"service", "version", "language"})
	info.WithLabelValues(service, version, "go").Set(1)

	reg.MustRegister(m.HTTPRequests, m.Orders, m.BreakerTransitions, m.PendingReservations, m.Revenue, info,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// OrderReachedStatus counts an order entering status.
func (m *Metrics) OrderReachedStatus(status string, degraded bool) {
	m.Orders.WithLabelValues(status, strconv.FormatBool(degraded)).Inc()
}

// OrderAccepted adds an accepted order's total to the revenue counter; reconciling it later adds nothing.
func (m *Metrics) OrderAccepted(totalCents int64) {
	m.Revenue.Add(float64(totalCents))
}

// Outcome maps an HTTP status to the Micrometer outcome label.
func Outcome(status int) string {
	switch {
	case status < 200:
		return "INFORMATIONAL"
	case status < 300:
		return "SUCCESS"
	case status < 400:
		return "REDIRECTION"
	case status < 500:
		return "CLIENT_ERROR"
	case status < 600:
		return "SERVER_ERROR"
	default:
		return "UNKNOWN"
	}
}
