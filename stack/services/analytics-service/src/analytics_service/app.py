"""Application factory."""

from __future__ import annotations

import logging
import time

import boto3
import redis
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from flask import Flask

from .components import EXTENSION_KEY, Components
from .config import Settings
from .consumer import OrderEventConsumer
from .hot import HotMinutes
from .loadtest import LoadTestReport
from .logs import configure_logging
from .problems import register_error_handlers
from .routes import api, ops
from .store import AnalyticsStore
from .upstream import LoadgenClient, PrometheusClient
from .web import install_request_hooks

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, *, start_consumer: bool | None = None) -> Flask:
    """Builds the app; the order-event consumer starts unless disabled by settings or argument."""
    settings = settings or Settings.from_env()
    configure_logging(settings.log_level)

    app = Flask(__name__)
    app.json.sort_keys = False  # keep the documented field order: `summary` first reads best through jq
    app.json.ensure_ascii = False  # "€" and "·" as they are, also for curl without jq
    app.config["SETTINGS"] = settings

    parts = _build_components(settings)
    app.extensions[EXTENSION_KEY] = parts
    install_request_hooks(app)
    register_error_handlers(app)
    app.register_blueprint(api)
    app.register_blueprint(ops)

    if settings.consumer_enabled if start_consumer is None else start_consumer:
        parts.consumer.start()
    return app


def _build_components(settings: Settings) -> Components:
    redis_client = redis.Redis.from_url(
        settings.redis_url, decode_responses=True,
        socket_connect_timeout=2, socket_timeout=5, health_check_interval=30,
    )
    dynamodb = boto3.client(
        "dynamodb",
        region_name=settings.aws_region,
        endpoint_url=settings.dynamodb_endpoint,
        config=Config(connect_timeout=2, read_timeout=5, retries={"mode": "standard", "max_attempts": 3}),
    )
    store = AnalyticsStore(dynamodb, settings.table_name)
    _ensure_table(store)
    hot = HotMinutes(redis_client, store)
    consumer = OrderEventConsumer(
        redis_client, store, hot,
        stream=settings.orders_stream, group=settings.consumer_group, name=settings.consumer_name,
        claim_idle_ms=settings.claim_idle_ms,
    )
    load_test = LoadTestReport(
        PrometheusClient(settings.prometheus_url, settings.upstream_timeout_s),
        LoadgenClient(settings.loadgen_url, settings.upstream_timeout_s),
    )
    return Components(redis=redis_client, store=store, hot=hot, load_test=load_test, consumer=consumer)


def _ensure_table(store: AnalyticsStore, timeout_s: float = 60.0) -> None:
    """Waits for DynamoDB while the stack is still starting, then creates the table if needed."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            store.ensure_table()
            return
        except (ClientError, BotoCoreError) as error:
            if time.monotonic() > deadline:
                raise
            log.warning("DynamoDB not ready, retrying", extra={"error": str(error)})
            time.sleep(2)
