"""GET /api/v1/analytics/metrics/load-test against real local HTTP servers standing in for Prometheus's
query API and the load generator (the real Prometheus is exercised by the stack tests)."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import free_port
from stand_ins import StandInLoadgen, StandInPrometheus, stand_in_loadgen, stand_in_prometheus

URL = "/api/v1/analytics/metrics/load-test"
SERVICES = ("product-service", "user-service", "checkout-service", "analytics-service")
UP_QUERY = 'up{job=~"product-service|user-service|checkout-service|analytics-service"}'


def quantile_query(q: float, window: str = "60s") -> str:
    return f"histogram_quantile({q}, sum by (le) (rate(loadgen_request_duration_seconds_bucket[{window}])))"


def healthy_stack_under_load() -> StandInPrometheus:
    """What Prometheus holds with the stack up and the generator at 100 req/s for a minute."""
    prometheus = StandInPrometheus()
    prometheus.series[UP_QUERY] = [
        ({"job": "product-service", "instance": "product-service-1:8081"}, 1),
        ({"job": "product-service", "instance": "product-service-2:8081"}, 1),
        ({"job": "user-service", "instance": "user-service-1:8082"}, 1),
        ({"job": "checkout-service", "instance": "checkout-service-1:8084"}, 1),
        ({"job": "analytics-service", "instance": "analytics-service-1:8083"}, 1),
    ]
    prometheus.series["sum by (outcome) (rate(loadgen_requests_total[60s]))"] = [
        ({"outcome": "success"}, 99.8), ({"outcome": "rejected"}, 0.5), ({"outcome": "server_error"}, 0.1),
        ({"outcome": "dropped"}, 0.0), ({"outcome": "timeout"}, 0.0),
    ]
    prometheus.series["sum by (outcome) (increase(loadgen_requests_total[60s]))"] = [
        ({"outcome": "success"}, 5988.0), ({"outcome": "rejected"}, 30.0), ({"outcome": "server_error"}, 6.0),
        ({"outcome": "dropped"}, 0.0), ({"outcome": "timeout"}, 0.0),
    ]
    prometheus.series[quantile_query(0.5)] = [({}, 0.0123)]
    prometheus.series[quantile_query(0.95)] = [({}, 0.0421)]
    prometheus.series[quantile_query(0.99)] = [({}, 0.0804)]
    prometheus.series["max(loadgen_running)"] = [({}, 1)]
    prometheus.series["max(loadgen_target_rps)"] = [({}, 100)]
    return prometheus


@pytest.fixture
def prometheus() -> StandInPrometheus:
    return healthy_stack_under_load()


@pytest.fixture
def loadgen() -> StandInLoadgen:
    return StandInLoadgen()


def test_with_stand_in_prometheus_and_loadgen_up_it_shows_the_live_figures(
        settings, app_factory, prometheus, loadgen):
    with stand_in_prometheus(prometheus) as prom_url, stand_in_loadgen(loadgen) as loadgen_url:
        client = app_factory(dataclasses.replace(settings, prometheus_url=prom_url, loadgen_url=loadgen_url))
        response = client.get(URL)

    assert response.status_code == 200
    body = response.get_json()
    assert body["summary"] == "4/4 Services gesund · Lasttest aktiv · 100 req/s · p95 42 ms · Fehler 0,1 %"
    assert body["loadTest"] == {"running": True, "targetRps": 100, "achievedRps": 99.6,
                                "startedAt": "2026-11-25T15:00:00Z", "source": "loadgen API"}
    traffic = body["traffic"]
    assert traffic["windowSeconds"] == 60
    assert traffic["requests"] == 6024
    assert traffic["requestsPerSecond"] == 100.4
    assert traffic["errorRatePercent"] == pytest.approx(0.1, abs=0.001)  # 0.1 of 100.4 arrivals
    assert (traffic["p50Ms"], traffic["p95Ms"], traffic["p99Ms"]) == (12.3, 42.1, 80.4)
    assert body["services"]["healthy"] == 4
    assert body["services"]["status"]["product-service"] == "UP (2/2 replicas)"
    assert body["missing"] == []
    # The figures come from the shared metric names and the job names Prometheus scrapes.
    assert UP_QUERY in prometheus.queries


def test_with_prometheus_down_it_answers_503_problem_naming_prometheus(settings, app_factory, loadgen):
    closed = f"http://127.0.0.1:{free_port()}"
    with stand_in_loadgen(loadgen) as loadgen_url:
        client = app_factory(dataclasses.replace(settings, prometheus_url=closed, loadgen_url=loadgen_url))
        response = client.get(URL)

    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["type"] == "https://ha-demo.dev/problems/dependency-unavailable"
    assert problem["instance"] == URL
    assert f"Prometheus at {closed}" in problem["detail"] and "connection refused" in problem["detail"]


def test_with_loadgen_down_it_reads_the_state_from_prometheus_and_says_so(settings, app_factory, prometheus):
    closed = f"http://127.0.0.1:{free_port()}"
    with stand_in_prometheus(prometheus) as prom_url:
        client = app_factory(dataclasses.replace(settings, prometheus_url=prom_url, loadgen_url=closed))
        body = client.get(URL).get_json()

    assert body["loadTest"] == {"running": True, "targetRps": 100, "achievedRps": None, "startedAt": None,
                                "source": "loadgen metrics in Prometheus"}
    assert body["missing"] == [f"loadTest: loadgen API at {closed}: connection refused"]
    assert body["traffic"]["p95Ms"] == 42.1


def test_a_service_without_any_live_replica_counts_as_unhealthy(settings, app_factory, prometheus, loadgen):
    prometheus.series[UP_QUERY] = [
        ({"job": "product-service", "instance": "product-service-1:8081"}, 0),
        ({"job": "product-service", "instance": "product-service-2:8081"}, 0),
        ({"job": "user-service", "instance": "user-service-1:8082"}, 1),
        ({"job": "checkout-service", "instance": "checkout-service-1:8084"}, 1),
    ]
    loadgen.status["running"] = False
    with stand_in_prometheus(prometheus) as prom_url, stand_in_loadgen(loadgen) as loadgen_url:
        client = app_factory(dataclasses.replace(settings, prometheus_url=prom_url, loadgen_url=loadgen_url))
        body = client.get(URL).get_json()

    assert body["services"] == {
        "healthy": 2,
        "total": 4,
        "status": {
            "product-service": "DOWN (0/2 replicas)",
            "user-service": "UP (1/1 replicas)",
            "checkout-service": "UP (1/1 replicas)",
            "analytics-service": "UNKNOWN (not scraped)",
        },
    }
    assert body["summary"].startswith("2/4 Services gesund · Lasttest gestoppt · ")


def test_without_loadgen_series_the_traffic_figures_are_null_not_invented(settings, app_factory, loadgen):
    prometheus = StandInPrometheus()
    prometheus.series[UP_QUERY] = [({"job": name, "instance": f"{name}:1"}, 1) for name in SERVICES]
    with stand_in_prometheus(prometheus) as prom_url, stand_in_loadgen(loadgen) as loadgen_url:
        client = app_factory(dataclasses.replace(settings, prometheus_url=prom_url, loadgen_url=loadgen_url))
        body = client.get(URL).get_json()

    traffic = body["traffic"]
    assert [traffic[k] for k in ("requests", "requestsPerSecond", "errorRatePercent", "p50Ms", "p95Ms", "p99Ms")] \
        == [None] * 6
    assert body["missing"] == [
        "traffic: Prometheus has no loadgen_requests_total series (is the load generator scraped?)"
    ]
    assert body["summary"] == "4/4 Services gesund · Lasttest aktiv · – req/s · p95 – · Fehler –"


def test_the_window_is_selectable_and_used_in_every_query(settings, app_factory, prometheus, loadgen):
    rates = prometheus.series["sum by (outcome) (rate(loadgen_requests_total[60s]))"]
    prometheus.series["sum by (outcome) (rate(loadgen_requests_total[30s]))"] = rates
    with stand_in_prometheus(prometheus) as prom_url, stand_in_loadgen(loadgen) as loadgen_url:
        client = app_factory(dataclasses.replace(settings, prometheus_url=prom_url, loadgen_url=loadgen_url))
        body = client.get(URL, query_string={"windowSeconds": "30"}).get_json()

    assert body["traffic"]["windowSeconds"] == 30
    assert body["traffic"]["requestsPerSecond"] == 100.4
    assert quantile_query(0.95, "30s") in prometheus.queries
    # The stand-in has no 30 s series: no figures rather than the 60 s ones.
    assert body["traffic"]["p95Ms"] is None


@pytest.mark.parametrize("window", ["abc", "5", "100000", "1.5"])
def test_a_bad_window_is_a_400_problem(settings, app_factory, window):
    response = app_factory(settings).get(URL, query_string={"windowSeconds": window})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["errors"][0]["field"] == "windowSeconds"
