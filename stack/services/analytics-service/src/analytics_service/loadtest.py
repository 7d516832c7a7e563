"""The figures the presenter shows in the demo's first minute, measured by Prometheus and the load generator.

Every number comes from one of those two sources. A figure a source cannot provide is null, and `missing`
says which source failed and why; nothing is estimated or filled in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from .formatting import de_number, round_or_none
from .problems import dependency_unavailable
from .upstream import LoadgenClient, PrometheusClient, Sample, Unavailable

SERVICES = ("product-service", "user-service", "checkout-service", "analytics-service")

# Load-generator outcomes (stack/loadgen): a "rejected" order is a correct business answer, not an error,
# and a "dropped" arrival was never sent because the in-flight cap was reached.
NOT_ERRORS = ("success", "rejected")
NOT_SENT = ("dropped",)


@dataclass
class _Findings:
    missing: list[str] = field(default_factory=list)


class LoadTestReport:
    def __init__(self, prometheus: PrometheusClient, loadgen: LoadgenClient) -> None:
        self._prometheus = prometheus
        self._loadgen = loadgen

    def snapshot(self, window_s: int) -> dict:
        findings = _Findings()
        try:
            up_samples = self._prometheus.query('up{job=~"%s"}' % "|".join(SERVICES))
        except Unavailable as error:
            raise dependency_unavailable(
                f"Prometheus at {self._prometheus.base_url} is not answering ({error}); "
                "the live load-test figures come from it, so there are none to show."
            ) from None

        services = _service_health(up_samples)
        try:
            traffic = self._traffic(window_s, findings)
            load_test = self._load_test_state(findings)
        except Unavailable as error:
            raise dependency_unavailable(
                f"Prometheus at {self._prometheus.base_url} stopped answering mid-request ({error})."
            ) from None

        return {
            "summary": _summary(services, load_test, traffic),
            "loadTest": load_test,
            "traffic": traffic,
            "services": services,
            "missing": findings.missing,
            "measuredAt": datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        }

    def _traffic(self, window_s: int, findings: _Findings) -> dict:
        window = f"[{window_s}s]"
        rates = _by_outcome(self._prometheus.query(f"sum by (outcome) (rate(loadgen_requests_total{window}))"))
        counts = _by_outcome(self._prometheus.query(f"sum by (outcome) (increase(loadgen_requests_total{window}))"))

        traffic: dict[str, object] = {
            "windowSeconds": window_s,
            "requests": None,
            "requestsPerSecond": None,
            "errorRatePercent": None,
            "p50Ms": None,
            "p95Ms": None,
            "p99Ms": None,
            "source": "loadgen metrics in Prometheus (latency from the intended send time)",
        }
        if not rates:
            findings.missing.append(
                "traffic: Prometheus has no loadgen_requests_total series (is the load generator scraped?)"
            )
            return traffic

        arrivals = sum(rates.values())
        traffic["requests"] = round(sum(v for k, v in counts.items() if k not in NOT_SENT))
        traffic["requestsPerSecond"] = round(sum(v for k, v in rates.items() if k not in NOT_SENT), 1)
        if arrivals > 0:
            errors = sum(v for k, v in rates.items() if k not in NOT_ERRORS)
            traffic["errorRatePercent"] = round(100 * errors / arrivals, 2)

        for quantile, key in ((0.5, "p50Ms"), (0.95, "p95Ms"), (0.99, "p99Ms")):
            seconds = self._prometheus.scalar(
                f"histogram_quantile({quantile}, sum by (le) (rate(loadgen_request_duration_seconds_bucket{window})))"
            )
            traffic[key] = round_or_none(None if seconds is None else seconds * 1000, 1)
        if arrivals == 0:
            findings.missing.append(f"traffic: no requests in the last {window_s} s, so no rates or latencies")
        return traffic

    def _load_test_state(self, findings: _Findings) -> dict:
        try:
            status = self._loadgen.status()
            return {
                "running": status.get("running"),
                "targetRps": status.get("targetRps"),
                "achievedRps": round_or_none(status.get("achievedRps"), 1),
                "startedAt": status.get("startedAt"),
                "source": "loadgen API",
            }
        except Unavailable as error:
            findings.missing.append(f"loadTest: loadgen API at {self._loadgen.base_url}: {error}")

        # The generator's last scraped gauges still say what it was doing, and say so as their source.
        running = self._prometheus.scalar("max(loadgen_running)")
        target = self._prometheus.scalar("max(loadgen_target_rps)")
        if running is None and target is None:
            findings.missing.append("loadTest: Prometheus has no loadgen_running series either")
        return {
            "running": None if running is None else running >= 1,
            "targetRps": round_or_none(target, 1),
            "achievedRps": None,
            "startedAt": None,
            "source": "loadgen metrics in Prometheus" if running is not None else "none",
        }


def _by_outcome(samples: list[Sample]) -> dict[str, float]:
    return {sample.labels.get("outcome", ""): sample.value for sample in samples}


def _service_health(up_samples: list[Sample]) -> dict:
    replicas_up = {name: 0 for name in SERVICES}
    replicas = {name: 0 for name in SERVICES}
    for sample in up_samples:
        job = sample.labels.get("job", "")
        if job in replicas:
            replicas[job] += 1
            replicas_up[job] += int(sample.value == 1)

    def state(name: str) -> str:
        if replicas[name] == 0:
            return "UNKNOWN (not scraped)"
        word = "UP" if replicas_up[name] > 0 else "DOWN"
        return f"{word} ({replicas_up[name]}/{replicas[name]} replicas)"

    return {
        "healthy": sum(1 for name in SERVICES if replicas_up[name] > 0),
        "total": len(SERVICES),
        "status": {name: state(name) for name in SERVICES},
    }


def _summary(services: dict, load_test: dict, traffic: dict) -> str:
    running = load_test.get("running")
    parts = [
        f"{services['healthy']}/{services['total']} Services gesund",
        {True: "Lasttest aktiv", False: "Lasttest gestoppt"}.get(running, "Lasttest unbekannt"),
    ]
    rps, p95, errors = traffic["requestsPerSecond"], traffic["p95Ms"], traffic["errorRatePercent"]
    parts.append("– req/s" if rps is None else f"{de_number(rps)} req/s")
    parts.append("p95 –" if p95 is None else f"p95 {de_number(p95)} ms")
    if errors is None:
        parts.append("Fehler –")
    elif 0 < errors < 0.1:
        parts.append("Fehler < 0,1 %")
    else:
        parts.append(f"Fehler {de_number(errors, 1)} %")
    return " · ".join(parts)
