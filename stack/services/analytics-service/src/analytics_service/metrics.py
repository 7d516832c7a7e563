"""Prometheus metrics with the names and buckets shared by all four services.

Under gunicorn with several workers, PROMETHEUS_MULTIPROC_DIR is set and every worker writes its
samples there; /metrics then merges the files of all workers, so one scrape sees the whole process tree.
"""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess

from .logs import SERVICE_NAME

HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

http_server_requests = Histogram(
    "http_server_requests_seconds",
    "HTTP server requests by route template, status and outcome.",
    ["method", "uri", "status", "outcome"],
    buckets=HTTP_BUCKETS,
)

events_consumed = Counter(
    "analytics_events_consumed",
    "Order events taken from the stream: counted once, recognised as a redelivery, or rejected as malformed.",
    ["outcome"],
)

consumer_lag = Gauge(
    "analytics_consumer_lag",
    "Order events in the stream not yet aggregated (undelivered plus delivered but unacknowledged).",
    multiprocess_mode="livemax",
)

service_info = Gauge(
    "service_info",
    "Static facts about this service.",
    ["service", "version", "language"],
    multiprocess_mode="max",
)


# The multiprocess collector has no process metrics, yet the "container restarting" alert and the restart
# panel read this one. The earliest worker start since gunicorn cleared the metrics directory is the start
# of this server process tree.
process_start_time = Gauge(
    "process_start_time_seconds",
    "Start time of the server, in seconds since the epoch.",
    multiprocess_mode="min",
    # Single-process, the default registry's process collector exports this already; multiprocess, the
    # value reaches /metrics through the shared directory, not through a registry.
    registry=None,
)


def service_version() -> str:
    try:
        return version("analytics-service")
    except PackageNotFoundError:
        return "dev"


service_info.labels(service=SERVICE_NAME, version=service_version(), language="python").set(1)
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    process_start_time.set_to_current_time()


def outcome_of(status: int) -> str:
    """The Spring/Micrometer outcome names, so one dashboard query fits every service."""
    return {1: "INFORMATIONAL", 2: "SUCCESS", 3: "REDIRECTION", 4: "CLIENT_ERROR", 5: "SERVER_ERROR"}.get(
        status // 100, "UNKNOWN"
    )


def render_latest() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry), CONTENT_TYPE_LATEST
