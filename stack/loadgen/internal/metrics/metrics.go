// Package metrics exports the load test to Prometheus under the names the
// dashboards and alert rules use (see stack/services/CONVENTIONS.md).
package metrics

import (
	"net/http"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"hademo/loadgen/internal/engine"
	"hademo/loadgen/internal/measure"
	"hademo/loadgen/internal/orders"
)

// LatencyBuckets resolve the demo's 100 ms promise finely: 5 ms steps up to
// 100 ms, then coarser up to the request timeout.
func LatencyBuckets() []float64 {
	b := []float64{0.001, 0.0025}
	for ms := 5; ms <= 100; ms += 5 {
		b = append(b, float64(ms)/1000)
	}
	return append(b, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 2.5, 5, 10, 30)
}

// Metrics records results and orders, and serves /metrics.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	orders   *prometheus.CounterVec
}

// Steps whose series exist from the start, so panels show 0 instead of "No data".
var Steps = append([]string{"login"}, engine.Steps...)

// New registers the load generator's metrics. status supplies the live gauges.
func New(status func() (engine.Snapshot, measure.Summary)) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "loadgen_requests_total",
			Help: "Requests of the load test by journey step and outcome; outcome=dropped counts arrivals not sent because the in-flight cap was reached.",
		}, []string{"step", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "loadgen_request_duration_seconds",
			Help:    "Latency from the intended send time to the answer (no coordinated omission), by journey step.",
			Buckets: LatencyBuckets(),
		}, []string{"step"}),
		orders: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "loadgen_orders_accepted_total",
			Help: "Orders the shop accepted for the load test, by degraded flag.",
		}, []string{"degraded"}),
	}
	gauge := func(name, help string, value func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, value)
	}
	snap := func() engine.Snapshot { s, _ := status(); return s }
	m.registry.MustRegister(
		m.requests, m.duration, m.orders,
		gauge("loadgen_target_rps", "Target arrival rate in requests per second.", func() float64 { return snap().TargetRPS }),
		gauge("loadgen_running", "1 while the load test sends traffic.", func() float64 {
			if snap().Running {
				return 1
			}
			return 0
		}),
		gauge("loadgen_achieved_rps", "Requests answered per second over the last 5 s.", func() float64 { _, w := status(); return w.Rate }),
		gauge("loadgen_in_flight", "Arrivals being served right now.", func() float64 { return float64(snap().InFlight) }),
		gauge("loadgen_max_in_flight", "Cap on arrivals in flight; beyond it arrivals are dropped.", func() float64 { return float64(snap().MaxInFlight) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "loadgen_scheduler_skipped_total",
			Help: "Arrivals skipped because the load generator itself fell behind its schedule (not the shop's fault).",
		}, func() float64 { return float64(snap().Skipped) }),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	for _, step := range Steps {
		m.duration.WithLabelValues(step)
		for _, o := range measure.Outcomes {
			m.requests.WithLabelValues(step, string(o))
		}
	}
	m.orders.WithLabelValues("false")
	m.orders.WithLabelValues("true")
	return m
}

// Record implements measure.Recorder.
func (m *Metrics) Record(r measure.Result) {
	m.requests.WithLabelValues(r.Step, string(r.Outcome)).Inc()
	if r.Outcome != measure.Dropped {
		m.duration.WithLabelValues(r.Step).Observe(r.Latency.Seconds())
	}
}

// OrderAccepted counts an accepted order.
func (m *Metrics) OrderAccepted(o orders.Order) {
	m.orders.WithLabelValues(strconv.FormatBool(o.Degraded)).Inc()
}

// Handler serves the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}
