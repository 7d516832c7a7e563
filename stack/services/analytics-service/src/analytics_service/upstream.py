"""Small clients for the two sources of the live figures: Prometheus's HTTP API and the load generator."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import urllib3

from .logs import request_id_var

_http = urllib3.PoolManager(num_pools=4, maxsize=8, retries=False)


class Unavailable(Exception):
    """The source did not answer usefully; the message says why, in one line."""


def _get_json(url: str, params: dict[str, str], timeout_s: float) -> dict:
    headers = {"Accept": "application/json"}
    request_id = request_id_var.get()
    if request_id:
        headers["X-Request-Id"] = request_id
    try:
        response = _http.request("GET", url, fields=params, headers=headers,
                                 timeout=urllib3.Timeout(total=timeout_s))
    except urllib3.exceptions.HTTPError as error:
        raise Unavailable(_reason(error)) from None
    if response.status != 200:
        raise Unavailable(f"HTTP {response.status}")
    try:
        body = json.loads(response.data)
    except ValueError:
        raise Unavailable("answered with something that is not JSON") from None
    if not isinstance(body, dict):
        raise Unavailable("answered with JSON that is not an object")
    return body


def _reason(error: urllib3.exceptions.HTTPError) -> str:
    # Checked by text first: urllib3 2 derives NewConnectionError (refused, DNS) from ConnectTimeoutError.
    text = str(getattr(error, "reason", None) or error)
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "resolution" in text or "nodename nor servname" in text:
        return "host name not resolvable"
    if isinstance(error, urllib3.exceptions.TimeoutError):
        return "timed out"
    return text.split(": ", 1)[-1]


@dataclass(frozen=True)
class Sample:
    labels: dict[str, str]
    value: float


class PrometheusClient:
    def __init__(self, base_url: str, timeout_s: float) -> None:
        self.base_url = base_url
        self._timeout_s = timeout_s

    def query(self, expr: str) -> list[Sample]:
        """An instant query. NaN samples (e.g. a quantile over no traffic) are dropped: no data is no data."""
        body = _get_json(f"{self.base_url}/api/v1/query", {"query": expr}, self._timeout_s)
        if body.get("status") != "success":
            raise Unavailable(f"query failed: {body.get('error', 'unknown error')}")
        data = body.get("data") or {}
        if data.get("resultType") != "vector":
            raise Unavailable(f"expected a vector, got {data.get('resultType')!r}")
        samples = []
        for item in data.get("result", []):
            value = float(item["value"][1])
            if not math.isnan(value):
                samples.append(Sample(labels=item.get("metric", {}), value=value))
        return samples

    def scalar(self, expr: str) -> float | None:
        """The single value of an aggregated query, or None when Prometheus has no data for it."""
        samples = self.query(expr)
        return samples[0].value if samples else None


class LoadgenClient:
    def __init__(self, base_url: str, timeout_s: float) -> None:
        self.base_url = base_url
        self._timeout_s = timeout_s

    def status(self) -> dict:
        return _get_json(f"{self.base_url}/api/v1/loadgen/status", {}, self._timeout_s)
