"""The long-lived collaborators of one app instance, built once by the factory."""

from __future__ import annotations

from dataclasses import dataclass

from redis import Redis
from flask import current_app

from .consumer import OrderEventConsumer
from .hot import HotMinutes
from .loadtest import LoadTestReport
from .store import AnalyticsStore

EXTENSION_KEY = "analytics_service"


@dataclass
class Components:
    redis: Redis
    store: AnalyticsStore
    hot: HotMinutes
    load_test: LoadTestReport
    consumer: OrderEventConsumer


def components() -> Components:
    return current_app.extensions[EXTENSION_KEY]
