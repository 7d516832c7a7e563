"""Real Redis and moto servers for the whole session, a fresh table prefix and empty Redis per test."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

from analytics_service.app import create_app
from analytics_service.config import Settings

SERVICE_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = SERVICE_DIR.parents[2]

os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _binary(env_var: str, name: str, fallback: Path | None = None) -> str:
    candidates = [os.environ.get(env_var), shutil.which(name), str(fallback) if fallback else None]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    pytest.exit(f"{name} not found: set {env_var}, put it on PATH or run the setup script", returncode=3)


def _python_of(moto_server: str) -> list[str]:
    # The interpreter in moto_server's shebang, or the python3 beside a launcher such as a pyenv shim.
    with open(moto_server, "rb") as script:
        first = script.readline().decode(errors="replace").strip()
    if first.startswith("#!") and "python" in first:
        return first[2:].split()
    sibling = Path(moto_server).with_name("python3")
    if sibling.exists():
        return [str(sibling)]
    pytest.exit(f"no Python found for {moto_server}; set MOTO_SERVER_BIN to moto's venv", returncode=3)


def _start(command: list[str]) -> subprocess.Popen:
    # A session of its own, so stopping it also stops any child (a pyenv shim runs moto as one).
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def _wait_for_port(port: int, process: subprocess.Popen, what: str, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on port {port} within {timeout_s} s")


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    port = free_port()
    process = _start([_binary("REDIS_SERVER_BIN", "redis-server"), "--port", str(port), "--bind", "127.0.0.1",
                      "--save", "", "--appendonly", "no"])
    try:
        _wait_for_port(port, process, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def dynamodb_endpoint() -> Iterator[str]:
    port = free_port()
    # The stack's DynamoDB: moto through stack/dynamodb/stack_moto_server.py, on moto_server's Python.
    # Plain moto is not atomic per request, so its races rather than the service would decide a test.
    binary = _binary("MOTO_SERVER_BIN", "moto_server", REPO_ROOT / ".tools/venv/bin/moto_server")
    script = REPO_ROOT / "stack/dynamodb/stack_moto_server.py"
    process = _start([*_python_of(binary), str(script), "-H", "127.0.0.1", "-p", str(port)])
    try:
        _wait_for_port(port, process, "moto_server")
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    client.flushall()
    yield client
    client.close()


@pytest.fixture
def settings(redis_client: redis.Redis, redis_url: str, dynamodb_endpoint: str) -> Settings:
    """Settings for one test: its own tables; Prometheus and the load generator on closed ports."""
    return Settings(
        dynamodb_endpoint=dynamodb_endpoint,
        redis_url=redis_url,
        table_prefix=f"t{uuid.uuid4().hex[:10]}-",
        prometheus_url=f"http://127.0.0.1:{free_port()}",
        loadgen_url=f"http://127.0.0.1:{free_port()}",
        consumer_name="test-consumer",
        claim_idle_ms=200,
        upstream_timeout_s=1.0,
    )


@pytest.fixture(scope="session")
def openapi() -> OpenAPI:
    # openapi-core reads application/json out of the box; problem+json is JSON as well.
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    return OpenAPI.from_file_path(str(SERVICE_DIR / "openapi.yaml"), config=config)


class CheckedClient:
    """A Flask test client that checks every response against the committed OpenAPI document."""

    def __init__(self, flask_client, openapi: OpenAPI) -> None:
        self._client = flask_client
        self._openapi = openapi

    def get(self, path: str, **kwargs):
        response = self._client.get(path, **kwargs)
        self._openapi.validate_response(WerkzeugOpenAPIRequest(response.request),
                                        WerkzeugOpenAPIResponse(response))
        return response

    def unchecked_get(self, path: str, **kwargs):
        return self._client.get(path, **kwargs)


def make_client(settings: Settings, openapi: OpenAPI) -> CheckedClient:
    app = create_app(settings, start_consumer=False)
    app.config["TESTING"] = True
    return CheckedClient(app.test_client(), openapi)


@pytest.fixture
def app_factory(openapi: OpenAPI):
    return lambda settings: make_client(settings, openapi)
