"""The demo's business argument: what downtime costs before and after high availability."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .formatting import de_eur, de_number, de_trimmed
from .problems import FieldError, validation_problem

# The demo script's example shop turns over 50,000 EUR per minute.
DEFAULT_REVENUE_PER_MINUTE_EUR = 50_000.0
DEFAULT_AVAILABILITY_BEFORE = 99.0   # one instance of everything
DEFAULT_AVAILABILITY_AFTER = 99.99   # replicated, self-healing stack
DEFAULT_PERIOD_DAYS = 365.0


@dataclass(frozen=True)
class DowntimeInputs:
    revenue_per_minute_eur: float
    availability_before: float
    availability_after: float
    period_days: float

    @classmethod
    def from_query(cls, args: Mapping[str, str]) -> "DowntimeInputs":
        errors: list[FieldError] = []

        def number(name: str, default: float, low: float, high: float, low_inclusive: bool) -> float:
            raw = args.get(name)
            if raw is None or raw.strip() == "":
                return default
            try:
                value = float(raw)
            except ValueError:
                errors.append(FieldError(name, f"must be a number, got {raw!r}"))
                return default
            below = value < low if low_inclusive else value <= low
            if not math.isfinite(value) or below or value > high:
                bound = "≥" if low_inclusive else ">"
                errors.append(FieldError(name, f"must be {bound} {low:g} and ≤ {high:g}, got {raw}"))
            return value

        inputs = cls(
            revenue_per_minute_eur=number("revenuePerMinuteEur", DEFAULT_REVENUE_PER_MINUTE_EUR, 0, 1e12, True),
            availability_before=number("availabilityBefore", DEFAULT_AVAILABILITY_BEFORE, 0, 100, True),
            availability_after=number("availabilityAfter", DEFAULT_AVAILABILITY_AFTER, 0, 100, True),
            period_days=number("periodDays", DEFAULT_PERIOD_DAYS, 0, 3660, False),
        )
        if errors:
            raise validation_problem(errors)
        return inputs


def downtime_cost(inputs: DowntimeInputs) -> dict:
    minutes_in_period = inputs.period_days * 24 * 60
    downtime_before = minutes_in_period * (100 - inputs.availability_before) / 100
    downtime_after = minutes_in_period * (100 - inputs.availability_after) / 100
    cost_before = downtime_before * inputs.revenue_per_minute_eur
    cost_after = downtime_after * inputs.revenue_per_minute_eur
    saved = cost_before - cost_after

    days, rate = de_trimmed(inputs.period_days), de_eur(inputs.revenue_per_minute_eur, 0)
    return {
        "summary": (f"Ausfallkosten pro {days} Tage: {de_eur(cost_before, 0)} → {de_eur(cost_after, 0)}, "
                    f"gespart {de_eur(saved, 0)}"),
        "inputs": {
            "revenuePerMinuteEur": inputs.revenue_per_minute_eur,
            "availabilityBeforePercent": inputs.availability_before,
            "availabilityAfterPercent": inputs.availability_after,
            "periodDays": inputs.period_days,
        },
        "minutesInPeriod": round(minutes_in_period, 2),
        "downtimeMinutesBefore": round(downtime_before, 2),
        "downtimeMinutesAfter": round(downtime_after, 2),
        "costBeforeEur": round(cost_before, 2),
        "costAfterEur": round(cost_after, 2),
        "savedEur": round(saved, 2),
        "arithmetic": [
            f"Minuten im Zeitraum: {days} d × 1.440 min = {de_number(minutes_in_period, 0)} min",
            (f"Ausfall vorher: {de_number(minutes_in_period, 0)} min × (100 % − "
             f"{de_trimmed(inputs.availability_before)} %) = {de_trimmed(downtime_before, 2)} min"),
            (f"Ausfall nachher: {de_number(minutes_in_period, 0)} min × (100 % − "
             f"{de_trimmed(inputs.availability_after)} %) = {de_trimmed(downtime_after, 2)} min"),
            f"Kosten vorher: {de_trimmed(downtime_before, 2)} min × {rate}/min = {de_eur(cost_before, 0)}",
            f"Kosten nachher: {de_trimmed(downtime_after, 2)} min × {rate}/min = {de_eur(cost_after, 0)}",
            f"Ersparnis: {de_eur(cost_before, 0)} − {de_eur(cost_after, 0)} = {de_eur(saved, 0)}",
        ],
    }
