"""gunicorn settings: `gunicorn -c python:analytics_service.gunicorn_conf`.

Every worker runs the app and its own order-event consumer, as its own member of the consumer group.
The group hands each stream entry to one member, a dead worker's unacknowledged entries are claimed by the
others, and the store counts each event once, so any number of workers (and replicas) is safe without
electing a leader.
"""

from __future__ import annotations

import os
import shutil
import tempfile

# Must be set before any worker imports prometheus_client, so the master sets it for all of them.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="analytics-prometheus-"))

wsgi_app = "analytics_service.app:create_app()"
bind = f"0.0.0.0:{os.environ.get('PORT', '8083')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# CONVENTIONS: on SIGTERM finish in-flight requests for up to 10 s, then exit.
graceful_timeout = 10
timeout = 30
keepalive = 5
accesslog = None  # the app logs each request itself, as JSON with its request id
errorlog = "-"
# gunicorn's runtime control socket is unused here and would need a writable $HOME in the container.
control_socket_disable = True

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "analytics_service.logs.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}},
    "root": {"level": os.environ.get("LOG_LEVEL", "info").upper(), "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": True},
    },
}


def on_starting(server) -> None:
    # Files of a previous run's workers would be summed into this run's metrics.
    directory = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory, exist_ok=True)


def worker_exit(server, worker) -> None:
    app = getattr(worker, "wsgi", None)
    if app is not None and "analytics_service" in getattr(app, "extensions", {}):
        app.extensions["analytics_service"].consumer.stop()


def child_exit(server, worker) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
