"""HTTP behaviour shared by all services (CONVENTIONS.md) and the downtime-cost calculator."""

from __future__ import annotations

import pytest

from conftest import SERVICE_DIR

DOWNTIME = "/api/v1/analytics/downtime-cost"


@pytest.fixture
def client(settings, app_factory):
    return app_factory(settings)


def test_downtime_cost_with_the_script_defaults_spells_out_the_arithmetic(client):
    response = client.get(DOWNTIME)
    assert response.status_code == 200
    body = response.get_json()
    assert body["inputs"] == {"revenuePerMinuteEur": 50000, "availabilityBeforePercent": 99.0,
                              "availabilityAfterPercent": 99.99, "periodDays": 365}
    assert body["minutesInPeriod"] == 525600
    assert (body["downtimeMinutesBefore"], body["downtimeMinutesAfter"]) == (5256.0, 52.56)
    assert (body["costBeforeEur"], body["costAfterEur"], body["savedEur"]) == (262_800_000, 2_628_000, 260_172_000)
    assert body["arithmetic"][-1] == "Ersparnis: 262.800.000 € − 2.628.000 € = 260.172.000 €"


def test_downtime_cost_with_explicit_inputs(client):
    body = client.get(DOWNTIME, query_string={"revenuePerMinuteEur": "1000", "availabilityBefore": "99.9",
                                              "availabilityAfter": "99.95", "periodDays": "30"}).get_json()
    assert body["downtimeMinutesBefore"] == 43.2     # 43,200 min × 0.1 %
    assert body["downtimeMinutesAfter"] == 21.6      # 43,200 min × 0.05 %
    assert body["savedEur"] == 21_600
    assert body["arithmetic"][1] == "Ausfall vorher: 43.200 min × (100 % − 99,9 %) = 43,2 min"


@pytest.mark.parametrize("params, field", [
    ({"revenuePerMinuteEur": "viel"}, "revenuePerMinuteEur"),
    ({"revenuePerMinuteEur": "-5"}, "revenuePerMinuteEur"),
    ({"availabilityBefore": "101"}, "availabilityBefore"),
    ({"availabilityAfter": "nan"}, "availabilityAfter"),
    ({"periodDays": "0"}, "periodDays"),
])
def test_bad_calculator_input_is_a_400_problem_naming_the_field(client, params, field):
    response = client.get(DOWNTIME, query_string=params)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["type"] == "https://ha-demo.dev/problems/validation"
    assert problem["instance"] == DOWNTIME
    assert [e["field"] for e in problem["errors"]] == [field]


@pytest.mark.parametrize("window", ["0", "61", "x"])
def test_bad_business_window_is_a_400_problem(client, window):
    response = client.get("/api/v1/analytics/business", query_string={"windowMinutes": window})
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["field"] == "windowMinutes"


def test_unknown_paths_and_methods_are_problems_not_html(client):
    missing = client.unchecked_get("/api/v1/analytics/nothing-here")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    assert missing.get_json()["type"] == "https://ha-demo.dev/problems/not-found"


def test_health_live_and_ready_report_each_dependency(client):
    assert client.get("/health/live").get_json() == {"status": "UP", "checks": {}}
    assert client.get("/health/ready").get_json() == {
        "status": "UP", "checks": {"dynamodb": {"status": "UP"}, "redis": {"status": "UP"}}}


def test_ready_is_503_with_the_failing_dependency_named(settings, app_factory, redis_client):
    client = app_factory(settings)
    # Redis goes away after start: readiness must notice, liveness must not care.
    redis_client.config_set("requirepass", "now-locked")
    try:
        ready = client.get("/health/ready")
        assert ready.status_code == 503
        body = ready.get_json()
        assert body["status"] == "DOWN"
        assert body["checks"]["dynamodb"] == {"status": "UP"}
        assert body["checks"]["redis"]["status"] == "DOWN" and body["checks"]["redis"]["detail"]
        assert client.get("/health/live").status_code == 200
    finally:
        redis_client.execute_command("AUTH", "now-locked")
        redis_client.config_set("requirepass", "")


def test_request_ids_are_kept_or_created_and_returned(client):
    assert client.get("/health/live", headers={"X-Request-Id": "demo-42"}).headers["X-Request-Id"] == "demo-42"
    assert len(client.get("/health/live").headers["X-Request-Id"]) == 36


def test_metrics_use_the_shared_histogram_with_route_templates(client):
    client.get(DOWNTIME)
    client.get(DOWNTIME, query_string={"periodDays": "-1"})
    client.unchecked_get("/no/such/path")
    text = client.unchecked_get("/metrics").get_data(as_text=True)

    assert ('http_server_requests_seconds_count{method="GET",outcome="SUCCESS",status="200",'
            f'uri="{DOWNTIME}"}}') in text
    assert 'outcome="CLIENT_ERROR",status="400"' in text
    assert 'status="404",uri="UNKNOWN"' in text
    buckets = [line.split('le="')[1].split('"')[0] for line in text.splitlines()
               if line.startswith("http_server_requests_seconds_bucket") and f'uri="{DOWNTIME}"' in line
               and 'status="200"' in line]
    assert buckets == ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf"]
    assert 'uri="/health' not in text and 'uri="/metrics"' not in text
    assert 'service_info{language="python",service="analytics-service"' in text
    assert "analytics_consumer_lag" in text


def test_the_committed_openapi_document_is_served(client):
    response = client.unchecked_get("/openapi.yaml")  # a text document; compared byte for byte below
    assert response.status_code == 200
    assert response.get_data(as_text=True) == (SERVICE_DIR / "openapi.yaml").read_text(encoding="utf-8")
