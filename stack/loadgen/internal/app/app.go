// Package app assembles the load generator: engine, shop journeys, metrics,
// accepted-order log and control API.
package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"hademo/loadgen/internal/api"
	"hademo/loadgen/internal/engine"
	"hademo/loadgen/internal/journey"
	"hademo/loadgen/internal/measure"
	"hademo/loadgen/internal/metrics"
	"hademo/loadgen/internal/orders"
)

// Config is everything the load generator needs; cmd/loadgen reads it from the environment.
type Config struct {
	Target         *url.URL
	Rate           float64
	MaxRPS         float64
	Mix            engine.Mix
	MaxInFlight    int
	RequestTimeout time.Duration
	Users          int
	EmailPattern   string
	Password       string
	LoginPath      string
	OrdersCapacity int
	// OrdersJournal, when not nil, receives every accepted order as a JSON line.
	OrdersJournal io.Writer
}

// App is one assembled load generator.
type App struct {
	Engine  *engine.Engine
	Orders  *orders.Ring
	Window  *measure.Window
	Handler http.Handler
}

// New assembles a stopped load generator; call Engine.Start to send traffic and Run to schedule.
func New(cfg Config, log *slog.Logger) *App {
	a := &App{Orders: orders.NewRing(cfg.OrdersCapacity, cfg.OrdersJournal), Window: measure.NewWindow(30)}
	m := metrics.New(func() (engine.Snapshot, measure.Summary) { return a.Engine.Snapshot(), a.Window.Summarize(5) })
	recorders := measure.Recorders{m, a.Window}
	shop := journey.New(journey.Config{
		Target: cfg.Target, Users: cfg.Users, EmailPattern: cfg.EmailPattern, Password: cfg.Password,
		LoginPath: cfg.LoginPath, RequestTimeout: cfg.RequestTimeout, MaxIdleConns: cfg.MaxInFlight,
	}, recorders, func(o orders.Order) {
		m.OrderAccepted(o)
		if _, err := a.Orders.Add(o); err != nil {
			log.Warn("order not written to the journal", "orderId", o.ID, "error", err.Error())
		}
	})
	a.Engine = engine.New(shop, recorders, engine.Options{TargetRPS: cfg.Rate, Mix: cfg.Mix, MaxInFlight: cfg.MaxInFlight})
	a.Handler = (&api.Server{Engine: a.Engine, Window: a.Window, Orders: a.Orders, Metrics: m.Handler(),
		Target: cfg.Target.String(), MaxRPS: cfg.MaxRPS}).Handler()
	return a
}

// Run schedules arrivals until ctx ends and the requests in flight have finished.
func (a *App) Run(ctx context.Context) { a.Engine.Run(ctx) }
