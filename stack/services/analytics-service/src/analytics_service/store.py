"""Per-minute order aggregates in the DynamoDB table `analytics`.

Two kinds of items share the table:
  pk = "minute#2026-11-25T15:04Z", sk = "shard#<consumer>#<bucket>"  counters of one consumer in that minute,
                                        with the set `applied` of the events they include; events are spread
                                        over buckets by order id to keep each set small
  pk = "seen#<orderId>#<type>",    sk = "seen"              which minute and shard an event is counted in

Counting an event takes two single-item writes, and a crash between or after them is harmless:
  1. put the seen marker unless one exists; an existing marker names the minute and shard of the first
     delivery, which every redelivery then uses (even one from another consumer, or with another timestamp);
  2. add the event to that shard's counters on condition that `applied` does not contain it yet.
A redelivery therefore fails the condition and changes nothing: aggregation is idempotent by (orderId, type).

Why not one TransactWriteItems: moto server (the local DynamoDB) rolls a failed transaction back by
restoring a copy of the whole table, silently undoing other consumers' concurrent writes, and copies the
table for every transaction, so it grows slower with every order. Why shards: every consumer writes only
its own items, so concurrent updates never meet on one item (moto does not isolate them either).
"""

from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from .events import ORDER_CANCELLED, ORDER_CONFIRMED, ORDER_PLACED, OrderEvent

log = logging.getLogger(__name__)

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


# Each write copies the item it updates (in moto, and it costs write units on AWS), so a minute's events are
# spread over this many items per consumer to keep the `applied` sets short.
BUCKETS = 16

# Per-product attributes of a shard item; any product id is safe in an attribute name.
QTY_PREFIX = "qty#"
REVENUE_PREFIX = "revenueCents#"
NAME_PREFIX = "name#"


@dataclass
class ProductSales:
    product_id: str
    name: str
    quantity: int = 0
    revenue_cents: int = 0


@dataclass
class MinuteTotals:
    minute: str
    events: int = 0
    orders: int = 0
    revenue_cents: int = 0
    items: int = 0
    degraded_orders: int = 0
    confirmed_orders: int = 0
    cancelled_orders: int = 0
    products: dict[str, ProductSales] = field(default_factory=dict)

    def add_shard(self, attrs: dict[str, object]) -> None:
        """Adds one shard item's counters."""
        self.events += int(attrs.get("events", 0))
        self.orders += int(attrs.get("orders", 0))
        self.revenue_cents += int(attrs.get("revenueCents", 0))
        self.items += int(attrs.get("items", 0))
        self.degraded_orders += int(attrs.get("degradedOrders", 0))
        self.confirmed_orders += int(attrs.get("confirmedOrders", 0))
        self.cancelled_orders += int(attrs.get("cancelledOrders", 0))
        for key, value in attrs.items():
            if key.startswith(QTY_PREFIX):
                product_id = key[len(QTY_PREFIX):]
                self._sell(ProductSales(product_id, str(attrs.get(NAME_PREFIX + product_id, "")), int(value),
                                        int(attrs.get(REVENUE_PREFIX + product_id, 0))))

    def add(self, other: "MinuteTotals") -> None:
        self.events += other.events
        self.orders += other.orders
        self.revenue_cents += other.revenue_cents
        self.items += other.items
        self.degraded_orders += other.degraded_orders
        self.confirmed_orders += other.confirmed_orders
        self.cancelled_orders += other.cancelled_orders
        for product in other.products.values():
            self._sell(product)

    def _sell(self, product: ProductSales) -> None:
        mine = self.products.setdefault(product.product_id, ProductSales(product.product_id, product.name))
        mine.quantity += product.quantity
        mine.revenue_cents += product.revenue_cents
        mine.name = mine.name or product.name

    def to_json(self) -> dict[str, object]:
        return {
            "events": self.events, "orders": self.orders, "revenueCents": self.revenue_cents,
            "items": self.items, "degradedOrders": self.degraded_orders,
            "confirmedOrders": self.confirmed_orders, "cancelledOrders": self.cancelled_orders,
            "products": [vars(p) for p in self.products.values()],
        }

    @classmethod
    def from_json(cls, minute: str, data: dict) -> "MinuteTotals":
        totals = cls(minute=minute, events=data["events"], orders=data["orders"],
                     revenue_cents=data["revenueCents"], items=data["items"],
                     degraded_orders=data["degradedOrders"], confirmed_orders=data["confirmedOrders"],
                     cancelled_orders=data["cancelledOrders"])
        for product in data["products"]:
            totals._sell(ProductSales(**product))
        return totals


class AnalyticsStore:
    def __init__(self, client, table_name: str) -> None:
        self._client = client
        self.table_name = table_name

    def ensure_table(self, timeout_s: float = 30.0) -> None:
        """Creates the table if it is missing; safe when several workers or replicas start at once."""
        try:
            self._client.create_table(
                TableName=self.table_name,
                AttributeDefinitions=[
                    {"AttributeName": "pk", "AttributeType": "S"},
                    {"AttributeName": "sk", "AttributeType": "S"},
                ],
                KeySchema=[
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"},
                ],
                BillingMode="PAY_PER_REQUEST",
            )
            log.info("created table", extra={"table": self.table_name})
        except ClientError as error:
            if error.response["Error"]["Code"] != "ResourceInUseException":
                raise
        deadline = time.monotonic() + timeout_s
        while self._client.describe_table(TableName=self.table_name)["Table"]["TableStatus"] != "ACTIVE":
            if time.monotonic() > deadline:
                raise TimeoutError(f"table {self.table_name} did not become ACTIVE within {timeout_s} s")
            time.sleep(0.5)

    def ping(self) -> None:
        self._client.describe_table(TableName=self.table_name)

    def record(self, event: OrderEvent, shard: str) -> bool:
        """Counts the event once, into `shard` (the consumer's name) unless an earlier delivery chose
        another. Returns False when it had been counted before (a redelivery)."""
        marker = self._claim_marker(event, shard)
        try:
            self._client.update_item(**self._counter_update(event, str(marker["minute"]), str(marker["shard"])))
            return True
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise

    def minute_totals(self, minute: str) -> MinuteTotals:
        """The minute's totals over all shards; a minute without orders reads as zeros."""
        totals = MinuteTotals(minute=minute)
        query = {
            "TableName": self.table_name,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": _to_item({":pk": f"minute#{minute}"}),
            "ConsistentRead": True,
        }
        for page in self._client.get_paginator("query").paginate(**query):
            for raw in page["Items"]:
                raw.pop("applied", None)  # only the writers need it
                totals.add_shard(_from_item(raw))
        return totals

    def minutes(self, minutes: Iterable[str]) -> dict[str, MinuteTotals]:
        return {minute: self.minute_totals(minute) for minute in dict.fromkeys(minutes)}

    def _claim_marker(self, event: OrderEvent, shard: str) -> dict[str, object]:
        marker = {"pk": f"seen#{event.order_id}#{event.type}", "sk": "seen", "minute": event.minute,
                  "shard": shard, "eventId": event.event_id, "firstSeenAt": datetime.now(timezone.utc).isoformat()}
        try:
            self._client.put_item(TableName=self.table_name, Item=_to_item(marker),
                                  ConditionExpression="attribute_not_exists(pk)",
                                  ReturnValuesOnConditionCheckFailure="ALL_OLD")
            return marker
        except ClientError as error:
            if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            existing = error.response.get("Item")
            if existing is None:  # stores that do not return the old item on a failed condition
                existing = self._client.get_item(TableName=self.table_name, ConsistentRead=True,
                                                 Key=_to_item({"pk": marker["pk"], "sk": "seen"}))["Item"]
            return _from_item(existing)

    def _counter_update(self, event: OrderEvent, minute: str, shard: str) -> dict:
        names: dict[str, str] = {"#applied": "applied"}
        values: dict[str, object] = {":event": {f"{event.type}#{event.order_id}"}}
        adds: list[str] = ["#applied :event"]
        sets: list[str] = []

        def attribute(name: str, value: object) -> tuple[str, str]:
            n = len(names)
            names[f"#a{n}"] = name
            values[f":v{n}"] = value
            return f"#a{n}", f":v{n}"

        def add(name: str, value: int) -> None:
            adds.append(" ".join(attribute(name, value)))

        add("events", 1)
        if event.type == ORDER_PLACED:
            add("orders", 1)
            add("revenueCents", event.total_cents)
            add("items", event.item_count)
            if event.degraded:
                add("degradedOrders", 1)
            # One update may name an attribute only once, so an order listing a product twice is merged first.
            for product in _sales_by_product(event).values():
                add(QTY_PREFIX + product.product_id, product.quantity)
                add(REVENUE_PREFIX + product.product_id, product.revenue_cents)
                if product.name:
                    sets.append("%s = %s" % attribute(NAME_PREFIX + product.product_id, product.name))
        elif event.type == ORDER_CONFIRMED:
            add("confirmedOrders", 1)
        elif event.type == ORDER_CANCELLED:
            add("cancelledOrders", 1)

        expression = "ADD " + ", ".join(adds) + (" SET " + ", ".join(sets) if sets else "")
        return {
            "TableName": self.table_name,
            "Key": _to_item({"pk": f"minute#{minute}", "sk": f"shard#{shard}#{_bucket(event.order_id):02d}"}),
            "UpdateExpression": expression,
            "ConditionExpression": "NOT contains(#applied, :eventKey)",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": _to_item({**values, ":eventKey": f"{event.type}#{event.order_id}"}),
        }


def _bucket(order_id: str) -> int:
    # Stable across processes (unlike hash()), so every redelivery finds the bucket of the first delivery.
    return zlib.crc32(order_id.encode()) % BUCKETS


def _sales_by_product(event: OrderEvent) -> dict[str, ProductSales]:
    sales: dict[str, ProductSales] = {}
    for line in event.lines:
        product = sales.setdefault(line.product_id, ProductSales(line.product_id, line.name))
        product.quantity += line.quantity
        product.revenue_cents += line.quantity * line.unit_price_cents
        product.name = product.name or line.name
    return sales


def _to_item(values: dict[str, object]) -> dict:
    return {key: _serializer.serialize(value) for key, value in values.items()}


def _from_item(item: dict) -> dict[str, object]:
    return {key: _deserializer.deserialize(value) for key, value in item.items()}
