"""Settings read once from the environment (names and defaults fixed in CONVENTIONS.md)."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    port: int = 8083
    aws_region: str = "eu-central-1"
    # Only an explicitly set endpoint overrides the SDK's default, so the same code runs against AWS.
    dynamodb_endpoint: str | None = None
    redis_url: str = "redis://redis:6379"
    table_prefix: str = ""
    prometheus_url: str = "http://prometheus:9090"
    loadgen_url: str = "http://loadgen:8089"
    log_level: str = "info"

    orders_stream: str = "orders.events"
    consumer_group: str = "analytics"
    consumer_name: str = field(default_factory=lambda: f"{socket.gethostname()}-{os.getpid()}")
    consumer_enabled: bool = True
    # Entries another consumer read but did not acknowledge for this long are taken over.
    claim_idle_ms: int = 30_000
    # Timeout for each call to Prometheus or the load generator; the endpoint answers within a few of these.
    upstream_timeout_s: float = 2.0

    @property
    def table_name(self) -> str:
        return f"{self.table_prefix}analytics"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        defaults = cls()
        return cls(
            port=int(env.get("PORT", defaults.port)),
            aws_region=env.get("AWS_REGION", defaults.aws_region),
            dynamodb_endpoint=env.get("DYNAMODB_ENDPOINT") or None,
            redis_url=env.get("REDIS_URL", defaults.redis_url),
            table_prefix=env.get("TABLE_PREFIX", defaults.table_prefix),
            prometheus_url=env.get("PROMETHEUS_URL", defaults.prometheus_url).rstrip("/"),
            loadgen_url=env.get("LOADGEN_URL", defaults.loadgen_url).rstrip("/"),
            log_level=env.get("LOG_LEVEL", defaults.log_level),
            consumer_enabled=env.get("ANALYTICS_CONSUMER_ENABLED", "true").lower() != "false",
            claim_idle_ms=int(env.get("ANALYTICS_CLAIM_IDLE_MS", defaults.claim_idle_ms)),
        )
