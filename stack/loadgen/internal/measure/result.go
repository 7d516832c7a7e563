// Package measure holds what every part of the load generator agrees on: the
// outcome of one request and the recorders that count it.
package measure

import "time"

// Outcome classifies one request as the load test reports it.
type Outcome string

const (
	Success      Outcome = "success"
	Rejected     Outcome = "rejected" // a correct business refusal, e.g. an order for sold-out stock
	ClientError  Outcome = "client_error"
	ServerError  Outcome = "server_error"
	Timeout      Outcome = "timeout"
	NetworkError Outcome = "network_error"
	// Dropped: the arrival was due but never sent because the in-flight cap was
	// reached. It counts as an error: the shop did not serve a user who came.
	Dropped Outcome = "dropped"
)

// Outcomes lists every outcome, so counters can be created before the first request.
var Outcomes = []Outcome{Success, Rejected, ClientError, ServerError, Timeout, NetworkError, Dropped}

// IsError tells whether an outcome counts against the error rate.
func (o Outcome) IsError() bool { return o != Success && o != Rejected }

// Result is one finished (or dropped) request.
type Result struct {
	Step    string
	Outcome Outcome
	// Latency runs from the intended send time, not from the moment the request
	// left, so a stalled client or server cannot hide waiting time (no
	// coordinated omission). Zero for dropped arrivals.
	Latency time.Duration
	// At is when the result was known.
	At time.Time
}

// Recorder receives every result. Implementations must be safe for concurrent use.
type Recorder interface {
	Record(Result)
}

// Recorders fans one result out to several recorders.
type Recorders []Recorder

func (rs Recorders) Record(r Result) {
	for _, rec := range rs {
		rec.Record(r)
	}
}
