"""The HTTP API: analytics endpoints, health, metrics and the OpenAPI document."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path

import redis
from botocore.exceptions import BotoCoreError, ClientError
from flask import Blueprint, Response, current_app, jsonify, request

from . import metrics
from .business import business_snapshot
from .downtime import DowntimeInputs, downtime_cost
from .problems import FieldError, validation_problem
from .components import components

api = Blueprint("analytics", __name__, url_prefix="/api/v1/analytics")
ops = Blueprint("ops", __name__)


@api.get("/metrics/load-test")
def load_test() -> Response:
    window_s = _int_param(request.args, "windowSeconds", default=60, low=10, high=3600)
    return jsonify(components().load_test.snapshot(window_s))


@api.get("/business")
def business() -> Response:
    window = _int_param(request.args, "windowMinutes", default=5, low=1, high=60)
    return jsonify(business_snapshot(components().hot, window))


@api.get("/downtime-cost")
def downtime() -> Response:
    return jsonify(downtime_cost(DowntimeInputs.from_query(request.args)))


@ops.get("/health/live")
def live() -> Response:
    return jsonify({"status": "UP", "checks": {}})


@ops.get("/health/ready")
def ready() -> tuple[Response, int]:
    checks = {"dynamodb": _check(components().store.ping), "redis": _check(components().redis.ping)}
    up = all(check["status"] == "UP" for check in checks.values())
    return jsonify({"status": "UP" if up else "DOWN", "checks": checks}), 200 if up else 503


@ops.get("/metrics")
def prometheus_metrics() -> Response:
    body, content_type = metrics.render_latest()
    return Response(body, content_type=content_type)


@ops.get("/openapi.yaml")
def openapi_document() -> Response:
    return Response(openapi_text(), mimetype="application/yaml")


@cache
def openapi_text() -> str:
    packaged = resources.files("analytics_service").joinpath("openapi.yaml")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    # Running from a source checkout: the committed document beside pyproject.toml.
    return (Path(__file__).resolve().parents[2] / "openapi.yaml").read_text(encoding="utf-8")


def _check(probe) -> dict[str, str]:
    try:
        probe()
        return {"status": "UP"}
    except (redis.RedisError, ClientError, BotoCoreError, OSError) as error:
        current_app.logger.warning("readiness check failed", extra={"error": str(error)})
        return {"status": "DOWN", "detail": str(error).splitlines()[0][:200]}


def _int_param(args: Mapping[str, str], name: str, *, default: int, low: int, high: int) -> int:
    raw = args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise validation_problem([FieldError(name, f"must be a whole number, got {raw!r}")]) from None
    if not low <= value <= high:
        raise validation_problem([FieldError(name, f"must be between {low} and {high}, got {value}")])
    return value
