"""Order events as checkout publishes them (CONVENTIONS.md, "Order events")."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone

import redis

STREAM = "orders.events"
GROUP = "analytics"


def minutes_ago(n: int) -> datetime:
    return datetime.now(timezone.utc).replace(second=10, microsecond=0) - timedelta(minutes=n)


def order_event(order_id: str, *, type: str = "order.placed", degraded: bool = False,
                items: list[tuple[str, str, int, int]] = (("p-0001", "Wanderschuh", 1, 12999),),
                occurred_at: datetime | None = None) -> dict[str, str]:
    lines = [{"productId": pid, "name": name, "quantity": qty, "unitPriceCents": price}
             for pid, name, qty, price in items]
    data = {
        "eventId": str(uuid.uuid4()),
        "orderId": order_id,
        "userId": "u-1",
        "status": "PENDING_RESERVATION" if degraded else "CONFIRMED",
        "degraded": degraded,
        "items": lines,
        "totalCents": sum(line["quantity"] * line["unitPriceCents"] for line in lines),
        "currency": "EUR",
        "occurredAt": (occurred_at or minutes_ago(2)).isoformat().replace("+00:00", "Z"),
    }
    return {"type": type, "data": json.dumps(data)}


def publish(client: redis.Redis, fields: dict[str, str]) -> str:
    return client.xadd(STREAM, fields)


def group_state(client: redis.Redis) -> dict:
    """The consumer group as Redis reports it: entries read, lag and pending."""
    return next(g for g in client.xinfo_groups(STREAM) if g["name"] == GROUP)
