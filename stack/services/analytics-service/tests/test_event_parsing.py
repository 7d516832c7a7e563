"""Order events exactly as checkout-service (Go) writes them must be counted, malformed ones set aside."""

from __future__ import annotations

import json

import pytest

from analytics_service.events import InvalidEvent, parse_entry

# A stream entry as checkout's publisher writes it: Go's time.Time marshals with nanoseconds.
CHECKOUT_ENTRY = {
    "type": "order.placed",
    "data": json.dumps({
        "eventId": "o-1:order.placed", "orderId": "o-1", "userId": "u-1", "status": "PENDING_RESERVATION",
        "degraded": True,
        "items": [{"productId": "p-0001", "name": "Wanderschuh", "quantity": 2, "unitPriceCents": 12999}],
        "totalCents": 25998, "currency": "EUR", "occurredAt": "2026-11-25T15:04:59.987654321Z",
    }),
}


def test_checkout_events_with_nanosecond_timestamps_are_understood():
    event = parse_entry(CHECKOUT_ENTRY)
    assert (event.order_id, event.minute, event.degraded) == ("o-1", "2026-11-25T15:04Z", True)
    assert (event.total_cents, event.item_count) == (25998, 2)


@pytest.mark.parametrize("fields", [
    {"type": "order.placed"},
    {"type": "order.shipped", "data": CHECKOUT_ENTRY["data"]},
    {"type": "order.placed", "data": json.dumps({"orderId": "o-1"})},
    {"type": "order.placed", "data": CHECKOUT_ENTRY["data"].replace('"quantity": 2', '"quantity": true')},
    {"type": "order.placed", "data": CHECKOUT_ENTRY["data"].replace("2026-11-25T15", "yesterday")},
])
def test_malformed_entries_are_rejected(fields):
    with pytest.raises(InvalidEvent):
        parse_entry(fields)
