"""The order-event consumer against real Redis and moto servers: at-least-once delivery, counted once."""

from __future__ import annotations

import dataclasses
import json
import time

from analytics_service.app import create_app
from analytics_service.components import EXTENSION_KEY
from analytics_service.consumer import OrderEventConsumer
from analytics_service.events import minute_key
from analytics_service.store import AnalyticsStore
from orders import GROUP, STREAM, group_state, minutes_ago, order_event, publish


def consumer_for(settings, name: str, claim_idle_ms: int = 200, hot_refresh_s: float = 0.0) -> OrderEventConsumer:
    parts = create_app(settings, start_consumer=False).extensions[EXTENSION_KEY]
    return OrderEventConsumer(parts.redis, parts.store, parts.hot, stream=STREAM, group=GROUP, name=name,
                              claim_idle_ms=claim_idle_ms, batch_size=10, block_ms=50, hot_refresh_s=hot_refresh_s)


def drain(consumer: OrderEventConsumer, rounds: int = 50) -> None:
    """Polls until a round finds nothing to do; entries idle for claiming need a few rounds."""
    for _ in range(rounds):
        if consumer.poll_once() == 0 and consumer.lag() == 0:
            return
    raise AssertionError(f"consumer still has work after {rounds} rounds (lag {consumer.lag()})")


def business(settings, openapi_client_factory) -> dict:
    response = openapi_client_factory(settings).get("/api/v1/analytics/business",
                                                    query_string={"windowMinutes": "5"})
    assert response.status_code == 200
    return response.get_json()


def test_the_same_event_delivered_twice_counts_once(settings, redis_client, app_factory):
    consumer = consumer_for(settings, "worker-a")
    first = order_event("o-1", items=[("p-0001", "Wanderschuh", 2, 5000)])
    publish(redis_client, first)
    publish(redis_client, order_event("o-2", items=[("p-0002", "Zelt", 1, 20000)]))
    publish(redis_client, first)  # the same event again, as a retrying publisher would send it
    drain(consumer)

    figures = business(settings, app_factory)
    assert figures["orders"] == 2
    assert figures["revenueEur"] == 300.00
    assert figures["averageBasketEur"] == 150.00
    assert group_state(redis_client)["pending"] == 0


def test_order_types_are_counted_separately_for_the_same_order(settings, redis_client, app_factory):
    consumer = consumer_for(settings, "worker-a")
    publish(redis_client, order_event("o-1", degraded=True))
    publish(redis_client, order_event("o-1", type="order.confirmed", degraded=True))
    publish(redis_client, order_event("o-1", type="order.confirmed", degraded=True))
    publish(redis_client, order_event("o-2", degraded=True))
    publish(redis_client, order_event("o-2", type="order.cancelled", degraded=True))
    drain(consumer)

    figures = business(settings, app_factory)
    assert (figures["orders"], figures["degradedOrders"]) == (2, 2)
    assert (figures["confirmedAfterDegradation"], figures["cancelledOrders"]) == (1, 1)


def test_a_consumer_that_died_after_reading_is_taken_over_without_loss_or_double_counting(
        settings, redis_client, app_factory):
    events = [order_event(f"o-{n}", items=[("p-0001", "Wanderschuh", 1, 1000 + n)]) for n in range(30)]
    for event in events:
        publish(redis_client, event)

    # Worker A reads 20 entries, counts the first 10, then dies: none of them is acknowledged.
    dying = consumer_for(settings, "worker-a")
    dying._ensure_group()
    _stream, read = redis_client.xreadgroup(GROUP, "worker-a", {STREAM: ">"}, count=20)[0]
    for entry_id, fields in read[:10]:
        dying._aggregate(entry_id, fields)
    assert group_state(redis_client)["pending"] == 20

    # Worker B joins, claims A's stale entries once they are idle long enough, and reads the rest.
    survivor = consumer_for(settings, "worker-b", claim_idle_ms=100)
    drain(survivor)

    figures = business(settings, app_factory)
    assert figures["orders"] == 30
    assert figures["revenueEur"] == sum(1000 + n for n in range(30)) / 100
    state = group_state(redis_client)
    assert (state["pending"], state["lag"]) == (0, 0)


def test_a_republished_event_with_another_timestamp_still_counts_once(settings, redis_client, app_factory):
    consumer = consumer_for(settings, "worker-a")
    publish(redis_client, order_event("o-1", occurred_at=minutes_ago(3)))
    publish(redis_client, order_event("o-1", occurred_at=minutes_ago(2)))
    drain(consumer)

    figures = business(settings, app_factory)
    assert figures["orders"] == 1
    assert [m["orders"] for m in figures["perMinute"]].count(1) == 1


def test_a_malformed_event_is_set_aside_and_does_not_block_the_stream(settings, redis_client, app_factory):
    consumer = consumer_for(settings, "worker-a")
    publish(redis_client, {"type": "order.placed", "data": "{not json"})
    publish(redis_client, {"type": "order.exploded", "data": "{}"})
    publish(redis_client, order_event("o-1"))
    drain(consumer)

    assert business(settings, app_factory)["orders"] == 1
    assert group_state(redis_client)["pending"] == 0


def test_business_figures_per_minute_with_top_products(settings, redis_client, app_factory):
    consumer = consumer_for(settings, "worker-a")
    two_ago, three_ago = minutes_ago(2), minutes_ago(3)
    publish(redis_client, order_event("o-1", occurred_at=three_ago,
                                      items=[("p-1", "Zelt", 1, 20000), ("p-2", "Socken", 3, 500)]))
    publish(redis_client, order_event("o-2", occurred_at=two_ago, degraded=True,
                                      items=[("p-2", "Socken", 2, 500), ("p-2", "Socken", 1, 500)]))
    publish(redis_client, order_event("o-3", occurred_at=minutes_ago(0), items=[("p-3", "Kocher", 1, 4000)]))
    drain(consumer)

    figures = business(settings, app_factory)
    assert figures["orders"] == 2  # o-3 is in the running minute, shown separately
    assert figures["ordersPerMinute"] == 0.4
    assert figures["revenueEur"] == 230.00
    assert figures["revenuePerMinuteEur"] == 46.00
    assert figures["averageBasketEur"] == 115.00
    assert figures["itemsPerMinute"] == 1.4
    assert figures["degradedOrders"] == 1
    assert figures["topProducts"] == [
        {"productId": "p-2", "name": "Socken", "quantity": 6, "revenueEur": 30.00},
        {"productId": "p-1", "name": "Zelt", "quantity": 1, "revenueEur": 200.00},
    ]
    assert figures["currentMinute"]["orders"] == 1
    per_minute = {m["minute"]: m["orders"] for m in figures["perMinute"]}
    assert per_minute[minute_key(three_ago)] == 1 and per_minute[minute_key(two_ago)] == 1
    assert figures["summary"] == "0,4 Bestellungen/min · 46,00 €/min · Warenkorb Ø 115,00 € · 1 degradiert"


def test_hot_values_live_in_redis_and_losing_them_loses_nothing(settings, redis_client, app_factory):
    consumer = consumer_for(settings, "worker-a")
    occurred_at = minutes_ago(2)
    for n in range(3):
        publish(redis_client, order_event(f"o-{n}", occurred_at=occurred_at))
    drain(consumer)

    cached = json.loads(redis_client.get(f"analytics:minute:{minute_key(occurred_at)}"))
    assert cached["orders"] == 3

    redis_client.flushall()  # e.g. Redis restarted without persistence
    assert business(settings, app_factory)["orders"] == 3
    assert json.loads(redis_client.get(f"analytics:minute:{minute_key(occurred_at)}"))["orders"] == 3


def test_a_busy_minute_is_recomputed_once_per_interval_and_its_last_order_still_shows(
        settings, redis_client, app_factory, monkeypatch):
    consumer = consumer_for(settings, "worker-a", hot_refresh_s=0.5)
    recomputed = []
    read_minutes = AnalyticsStore.minutes
    monkeypatch.setattr(AnalyticsStore, "minutes", lambda store, minutes: recomputed.append(list(minutes))
                        or read_minutes(store, minutes))
    occurred_at = minutes_ago(2)
    key = f"analytics:minute:{minute_key(occurred_at)}"

    for n in range(5):  # five batches in quick succession
        publish(redis_client, order_event(f"o-{n}", occurred_at=occurred_at))
        consumer.poll_once()
    assert len(recomputed) == 1  # the first batch; the other four wait for the interval
    assert json.loads(redis_client.get(key))["orders"] < 5

    time.sleep(0.6)
    consumer.poll_once()  # nothing new arrived: the minutes changed meanwhile are refreshed anyway
    assert len(recomputed) == 2
    assert json.loads(redis_client.get(key))["orders"] == 5


def test_business_still_answers_from_dynamodb_while_redis_is_down(settings, redis_client, app_factory):
    consumer = consumer_for(settings, "worker-a")
    publish(redis_client, order_event("o-1"))
    drain(consumer)

    unreachable = dataclasses.replace(settings, redis_url="redis://127.0.0.1:1/0")
    assert business(unreachable, app_factory)["orders"] == 1
