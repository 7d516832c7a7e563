"""The service as it runs in the container, gunicorn with two workers, killed with SIGKILL mid-stream."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import requests

from analytics_service.events import minute_key
from analytics_service.store import AnalyticsStore
from conftest import SERVICE_DIR, free_port
from orders import group_state, minutes_ago, order_event, publish

EVENTS = 400


def start_gunicorn(settings, port: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "DYNAMODB_ENDPOINT": settings.dynamodb_endpoint,
        "REDIS_URL": settings.redis_url,
        "TABLE_PREFIX": settings.table_prefix,
        "PROMETHEUS_URL": settings.prometheus_url,
        "LOADGEN_URL": settings.loadgen_url,
        "ANALYTICS_CLAIM_IDLE_MS": "2000",
        "PROMETHEUS_MULTIPROC_DIR": str(log.parent / f"metrics-{port}"),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen([str(gunicorn), "--config", "python:analytics_service.gunicorn_conf"],
                               cwd=SERVICE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                               start_new_session=True)
    wait_until(lambda: _answers(f"http://127.0.0.1:{port}/health/ready"), 30, f"gunicorn on {port} ready")
    return process


def _dynamodb(settings):
    return boto3.client("dynamodb", endpoint_url=settings.dynamodb_endpoint, region_name=settings.aws_region)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:  # not listening yet, or a worker still booting
        return False


def wait_until(condition, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.05)


def test_gunicorn_killed_mid_stream_resumes_without_loss_or_double_counting(settings, redis_client, tmp_path):
    occurred_at = minutes_ago(2)
    for n in range(EVENTS):
        publish(redis_client, order_event(f"o-{n}", occurred_at=occurred_at,
                                          items=[("p-0001", "Wanderschuh", 1, 100 + n)]))

    first = start_gunicorn(settings, free_port(), tmp_path / "first.log")
    wait_until(lambda: (group_state(redis_client)["entries-read"] or 0) >= 100, 30, "100 entries read")
    os.killpg(first.pid, signal.SIGKILL)  # master and workers at once: no shutdown hook runs
    first.wait(10)

    state = group_state(redis_client)
    assert state["pending"] > 0, "the kill should leave entries read but not acknowledged"
    assert state["lag"] > 0, "the kill should leave entries not yet read"

    port = free_port()
    second = start_gunicorn(settings, port, tmp_path / "second.log")
    try:
        wait_until(lambda: (s := group_state(redis_client))["pending"] == 0 and s["lag"] == 0, 60,
                   "every entry aggregated and acknowledged")
        expected_revenue_cents = sum(100 + n for n in range(EVENTS))
        stored = AnalyticsStore(_dynamodb(settings), settings.table_name).minute_totals(minute_key(occurred_at))
        assert (stored.orders, stored.revenue_cents) == (EVENTS, expected_revenue_cents)

        # The hot copy in Redis follows each batch's acknowledgements by one recomputation.
        business = f"http://127.0.0.1:{port}/api/v1/analytics/business"
        wait_until(lambda: requests.get(business, timeout=5).json()["orders"] >= EVENTS, 10, "hot figures")
        figures = requests.get(business, timeout=5).json()
        assert (figures["orders"], figures["revenueEur"]) == (EVENTS, expected_revenue_cents / 100)

        metrics = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
        assert 'analytics_events_consumed_total{outcome="counted"}' in metrics
        # The restart alert needs a start time even though the multiprocess collector has no process metrics.
        assert "\nprocess_start_time_seconds " in metrics
    finally:
        second.send_signal(signal.SIGTERM)
        exit_code = second.wait(20)
    assert exit_code == 0, "SIGTERM should stop gunicorn and its consumers cleanly"
    assert '"order event consumer stopped"' in (tmp_path / "second.log").read_text()
