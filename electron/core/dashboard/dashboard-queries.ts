/**
 * The dashboard's PromQL, on the metric names fixed in stack/services/CONVENTIONS.md. Rates over 10 s:
 * five scrapes at the stack's 2 s interval, short enough that a fault shows within seconds.
 */
export const perService = {
  rps: 'sum by (job) (rate(http_server_requests_seconds_count[10s]))',
  serverErrors: 'sum by (job) (rate(http_server_requests_seconds_count{outcome="SERVER_ERROR"}[10s]))',
  p95: 'histogram_quantile(0.95, sum by (job, le) (rate(http_server_requests_seconds_bucket[10s])))',
  breakers: 'max by (dependency) (checkout_circuit_breaker_state)',
};

/** The users' view, from the load generator: latency measured from the intended send time. */
export const journeys = {
  rps: 'sum(rate(loadgen_requests_total{outcome!="dropped"}[10s]))',
  targetRps: 'max(loadgen_target_rps * loadgen_running)',
  p50: 'histogram_quantile(0.50, sum by (le) (rate(loadgen_request_duration_seconds_bucket[10s])))',
  p95: 'histogram_quantile(0.95, sum by (le) (rate(loadgen_request_duration_seconds_bucket[10s])))',
  p99: 'histogram_quantile(0.99, sum by (le) (rate(loadgen_request_duration_seconds_bucket[10s])))',
  errorPercent:
    '100 * sum(rate(loadgen_requests_total{outcome!~"success|rejected"}[10s])) / sum(rate(loadgen_requests_total[10s]))',
};
