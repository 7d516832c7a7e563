"""Cross-cutting HTTP concerns: request ids, the shared request histogram, one access log line per request."""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

from . import metrics
from .logs import request_id_var

log = logging.getLogger("analytics_service.access")

REQUEST_ID_HEADER = "X-Request-Id"
_UNCOUNTED_PREFIXES = ("/metrics", "/health/")
_RULE_PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def route_template(rule: str | None) -> str:
    """Flask's '/orders/<int:id>' as the shared label form '/orders/{id}'; unmatched paths are 'UNKNOWN'."""
    return "UNKNOWN" if rule is None else _RULE_PARAMETER.sub(r"{\1}", rule)


def install_request_hooks(app: Flask) -> None:
    @app.before_request
    def begin() -> None:
        incoming = request.headers.get(REQUEST_ID_HEADER, "").strip()
        # A caller's id is kept if it is sane; anything else gets a fresh one rather than polluting logs.
        g.request_id = incoming if 0 < len(incoming) <= 128 and incoming.isprintable() else str(uuid.uuid4())
        g.request_id_token = request_id_var.set(g.request_id)
        g.started = time.perf_counter()

    @app.after_request
    def finish(response: Response) -> Response:
        request_id = g.get("request_id")
        if request_id:
            response.headers[REQUEST_ID_HEADER] = request_id
        started = g.get("started")
        elapsed = time.perf_counter() - started if started is not None else 0.0
        uri = route_template(request.url_rule.rule if request.url_rule else None)
        if not request.path.startswith(_UNCOUNTED_PREFIXES):
            metrics.http_server_requests.labels(
                method=request.method, uri=uri, status=str(response.status_code),
                outcome=metrics.outcome_of(response.status_code),
            ).observe(elapsed)
            log.info("request", extra={"method": request.method, "path": request.path, "uri": uri,
                                       "status": response.status_code, "durationMs": round(elapsed * 1000, 1)})
        return response

    @app.teardown_request
    def end(_error: BaseException | None) -> None:
        token = g.pop("request_id_token", None)
        if token is not None:
            request_id_var.reset(token)
