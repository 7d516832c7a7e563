// Package api is the load generator's control API (CONVENTIONS.md "Load
// generator API"): status, live configuration, start and stop, and the list of
// accepted orders for reconciliation.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"hademo/loadgen/internal/engine"
	"hademo/loadgen/internal/measure"
	"hademo/loadgen/internal/orders"
)

// Controller is what the API drives.
type Controller interface {
	Start()
	Stop()
	Configure(rate *float64, mix engine.Mix)
	Snapshot() engine.Snapshot
}

// Server wires the routes.
type Server struct {
	Engine  Controller
	Window  *measure.Window
	Orders  *orders.Ring
	Metrics http.Handler
	Target  string
	// MaxRPS bounds the target rate anyone can set over HTTP.
	MaxRPS float64
}

// windowSeconds is the span of the live figures in the status.
const windowSeconds = 10

type routes map[string]http.HandlerFunc // method → handler

func (s *Server) table() map[string]routes {
	return map[string]routes{
		"/api/v1/loadgen/status": {http.MethodGet: s.status},
		"/api/v1/loadgen/config": {http.MethodPut: s.configure, http.MethodGet: s.status},
		"/api/v1/loadgen/start":  {http.MethodPost: s.start},
		"/api/v1/loadgen/stop":   {http.MethodPost: s.stop},
		"/api/v1/loadgen/orders": {http.MethodGet: s.orders},
		"/metrics":               {http.MethodGet: s.Metrics.ServeHTTP},
		"/health/live":           {http.MethodGet: health},
		"/health/ready":          {http.MethodGet: health},
	}
}

// Handler returns the API; unknown paths and methods answer with problem+json.
func (s *Server) Handler() http.Handler {
	table := s.table()
	methodsByPath := map[string]string{}
	for path, byMethod := range table {
		methodsByPath[path] = strings.Join(slices.Sorted(maps.Keys(byMethod)), ", ")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		byMethod, ok := table[r.URL.Path]
		if !ok {
			writeProblem(w, r, http.StatusNotFound, "not-found", "Not Found", "No resource lives at this path.")
			return
		}
		h, ok := byMethod[r.Method]
		if !ok {
			w.Header().Set("Allow", methodsByPath[r.URL.Path])
			writeProblem(w, r, http.StatusMethodNotAllowed, "method-not-allowed", "Method Not Allowed",
				fmt.Sprintf("%s is not supported here; use %s.", r.Method, methodsByPath[r.URL.Path]))
			return
		}
		h(w, r)
	})
}

func health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"status": "UP", "checks": map[string]any{}})
}

// Status is the body of GET /status (and of every control answer).
type Status struct {
	Running     bool       `json:"running"`
	TargetRPS   float64    `json:"targetRps"`
	AchievedRPS float64    `json:"achievedRps"`
	Mix         engine.Mix `json:"mix"`
	StartedAt   *time.Time `json:"startedAt"`
	InFlight    int        `json:"inFlight"`
	MaxInFlight int        `json:"maxInFlight"`
	Target      string     `json:"target"`
	Window      Window     `json:"window"`
}

// Window holds the live figures of the last seconds, measured by the load generator.
type Window struct {
	Seconds    int        `json:"seconds"`
	Requests   uint64     `json:"requests"`
	Errors     uint64     `json:"errors"`
	Dropped    uint64     `json:"dropped"`
	ErrorRatio float64    `json:"errorRatio"`
	LatencyMs  *Latencies `json:"latencyMs"` // null without requests in the window
}

type Latencies struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
}

func (s *Server) snapshot() Status {
	e := s.Engine.Snapshot()
	live := s.Window.Summarize(5)
	win := s.Window.Summarize(windowSeconds)
	st := Status{
		Running: e.Running, TargetRPS: e.TargetRPS, AchievedRPS: round(live.Rate, 1), Mix: e.Mix,
		StartedAt: e.StartedAt, InFlight: e.InFlight, MaxInFlight: e.MaxInFlight, Target: s.Target,
		Window: Window{Seconds: win.Seconds, Requests: win.Requests, Errors: win.Errors, Dropped: win.Dropped,
			ErrorRatio: round(win.ErrorRatio, 5)},
	}
	if win.Valid {
		ms := func(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 1) }
		st.Window.LatencyMs = &Latencies{P50: ms(win.P50), P95: ms(win.P95), P99: ms(win.P99)}
	}
	return st
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

func (s *Server) status(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.snapshot())
}

func (s *Server) start(w http.ResponseWriter, r *http.Request) {
	s.Engine.Start()
	s.status(w, r)
}

func (s *Server) stop(w http.ResponseWriter, r *http.Request) {
	s.Engine.Stop()
	s.status(w, r)
}

type configRequest struct {
	TargetRPS *float64   `json:"targetRps"`
	Mix       engine.Mix `json:"mix"`
}

const maxConfigBody = 64 << 10

func (s *Server) configure(w http.ResponseWriter, r *http.Request) {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxConfigBody))
	dec.DisallowUnknownFields()
	var req configRequest
	if err := dec.Decode(&req); err != nil {
		detail := "The body must be a JSON object with optional fields targetRps (number) and mix (object of step weights)."
		if errors.Is(err, io.EOF) {
			detail = "The body is empty; send a JSON object such as {\"targetRps\": 100}."
		}
		writeProblem(w, r, http.StatusBadRequest, "validation", "Invalid configuration", detail)
		return
	}
	var errs []fieldError
	if req.TargetRPS != nil {
		if v := *req.TargetRPS; v != v || v <= 0 || v > s.MaxRPS {
			errs = append(errs, fieldError{"targetRps", "must be greater than 0 and at most " + strconv.FormatFloat(s.MaxRPS, 'f', -1, 64)})
		}
	}
	if req.Mix != nil {
		if field, msg, ok := req.Mix.Validate(); !ok {
			errs = append(errs, fieldError{field, msg})
		}
	}
	if req.TargetRPS == nil && req.Mix == nil {
		errs = append(errs, fieldError{"targetRps", "set targetRps, mix or both"})
	}
	if len(errs) > 0 {
		writeProblem(w, r, http.StatusBadRequest, "validation", "Invalid configuration",
			"The configuration was not changed because a field is invalid.", errs...)
		return
	}
	s.Engine.Configure(req.TargetRPS, req.Mix)
	s.status(w, r)
}

// maxOrdersPage bounds one answer of the orders list.
const maxOrdersPage = 10000

func (s *Server) orders(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	after, limit := uint64(0), 1000
	var errs []fieldError
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			errs = append(errs, fieldError{"after", "must be a sequence number (integer >= 0)"})
		}
		after = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxOrdersPage {
			errs = append(errs, fieldError{"limit", "must be an integer from 1 to " + strconv.Itoa(maxOrdersPage)})
		}
		limit = n
	}
	if len(errs) > 0 {
		writeProblem(w, r, http.StatusBadRequest, "validation", "Invalid query", "A query parameter is invalid.", errs...)
		return
	}
	writeJSON(w, http.StatusOK, s.Orders.After(after, limit))
}
