"""The order events checkout publishes on the `orders.events` stream (shape fixed in CONVENTIONS.md)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

ORDER_PLACED = "order.placed"
ORDER_CONFIRMED = "order.confirmed"
ORDER_CANCELLED = "order.cancelled"
EVENT_TYPES = frozenset({ORDER_PLACED, ORDER_CONFIRMED, ORDER_CANCELLED})


class InvalidEvent(ValueError):
    """A stream entry that can never be aggregated, however often it is redelivered."""


@dataclass(frozen=True)
class OrderLine:
    product_id: str
    name: str
    quantity: int
    unit_price_cents: int


@dataclass(frozen=True)
class OrderEvent:
    type: str
    event_id: str
    order_id: str
    degraded: bool
    total_cents: int
    lines: tuple[OrderLine, ...]
    occurred_at: datetime

    @property
    def minute(self) -> str:
        """The event-time minute it is counted in, so a late redelivery lands in the same bucket."""
        return minute_key(self.occurred_at)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)


def minute_key(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def parse_entry(fields: Mapping[str, str]) -> OrderEvent:
    """Builds an event from a stream entry's `type` and `data` fields, or raises InvalidEvent."""
    event_type = fields.get("type")
    if event_type not in EVENT_TYPES:
        raise InvalidEvent(f"unknown event type {event_type!r}")
    try:
        data = json.loads(fields.get("data", ""))
    except json.JSONDecodeError as error:
        raise InvalidEvent(f"data is not JSON: {error}") from None
    if not isinstance(data, dict):
        raise InvalidEvent("data is not a JSON object")

    order_id = _require(data, "orderId", str)
    if not order_id:
        raise InvalidEvent("orderId is empty")
    try:
        occurred_at = datetime.fromisoformat(_require(data, "occurredAt", str).replace("Z", "+00:00"))
    except ValueError:
        raise InvalidEvent("occurredAt is not an RFC 3339 timestamp") from None
    if occurred_at.tzinfo is None:
        occurred_at = occurred_at.replace(tzinfo=timezone.utc)

    return OrderEvent(
        type=event_type,
        event_id=str(data.get("eventId", "")),
        order_id=order_id,
        degraded=bool(data.get("degraded", False)),
        total_cents=_require(data, "totalCents", int),
        lines=tuple(_parse_line(item) for item in _require(data, "items", list)),
        occurred_at=occurred_at,
    )


def _parse_line(item: object) -> OrderLine:
    if not isinstance(item, dict):
        raise InvalidEvent("an item is not a JSON object")
    quantity = _require(item, "quantity", int)
    if quantity < 0:
        raise InvalidEvent("an item has a negative quantity")
    return OrderLine(
        product_id=_require(item, "productId", str),
        name=str(item.get("name") or ""),
        quantity=quantity,
        unit_price_cents=int(item.get("unitPriceCents") or 0),
    )


def _require(data: Mapping[str, object], key: str, kind: type):
    value = data.get(key)
    # bool is an int in Python; a `true` quantity is still malformed.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise InvalidEvent(f"{key} is missing or not a {kind.__name__}")
    return value
