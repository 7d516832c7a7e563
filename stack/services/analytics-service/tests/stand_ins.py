"""Real local HTTP servers standing in for Prometheus's query API and the load generator's status API.

They answer like the real ones (same paths, same JSON envelopes); a query for series that do not exist gets
an empty vector, as from a real Prometheus. The real Prometheus is exercised by the stack tests.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

Vector = list[tuple[dict[str, str], float]]


class StandInPrometheus:
    """Answers instant queries from a table of exact PromQL expressions."""

    def __init__(self) -> None:
        self.series: dict[str, Vector] = {}
        self.queries: list[str] = []

    def answer(self, query: str) -> dict:
        self.queries.append(query)
        result = [{"metric": labels, "value": [1764000000.0, repr(value)]}
                  for labels, value in self.series.get(query, [])]
        return {"status": "success", "data": {"resultType": "vector", "result": result}}


class StandInLoadgen:
    def __init__(self) -> None:
        self.status = {"running": True, "targetRps": 100, "achievedRps": 99.64, "mix": {"browse": 60},
                       "startedAt": "2026-11-25T15:00:00Z", "inFlight": 3}


def _handler(routes: dict[str, Callable[[dict[str, list[str]]], dict]]):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            url = urlparse(self.path)
            route = routes.get(url.path)
            status, body = (200, route(parse_qs(url.query))) if route else (404, {"error": "not found"})
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *_args) -> None:
            pass

    return Handler


@contextmanager
def serve(routes: dict[str, Callable[[dict[str, list[str]]], dict]]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def stand_in_prometheus(prometheus: StandInPrometheus) -> Iterator[str]:
    with serve({"/api/v1/query": lambda q: prometheus.answer(q["query"][0])}) as url:
        yield url


@contextmanager
def stand_in_loadgen(loadgen: StandInLoadgen) -> Iterator[str]:
    with serve({"/api/v1/loadgen/status": lambda _q: loadgen.status}) as url:
        yield url
