"""Per-minute order aggregates in the DynamoDB table `analytics`.

Two kinds of items share the table:
  pk = "minute#2026-11-25T15:04Z", sk = "totals"   the minute's counters and per-product quantities
  pk = "seen#<orderId>#<type>",    sk = "seen"     proof that one event has been counted

Each event is counted by one TransactWriteItems that puts its "seen" marker on condition that none exists
and adds to the minute's counters. Either both happen or neither, so a redelivered event fails the
condition and changes nothing: the aggregation is idempotent by (orderId, type).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from .events import ORDER_CANCELLED, ORDER_CONFIRMED, ORDER_PLACED, OrderEvent

log = logging.getLogger(__name__)

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()

# Per-product attributes of a minute item; product ids may contain any character, names keep them apart.
QTY_PREFIX = "qty#"
REVENUE_PREFIX = "revenueCents#"
NAME_PREFIX = "name#"

_CONFLICT_ATTEMPTS = 5


@dataclass
class ProductSales:
    product_id: str
    name: str
    quantity: int = 0
    revenue_cents: int = 0


@dataclass
class MinuteTotals:
    minute: str
    # Events counted into this minute; only grows, so it orders two copies of the same minute.
    events: int = 0
    orders: int = 0
    revenue_cents: int = 0
    items: int = 0
    degraded_orders: int = 0
    confirmed_orders: int = 0
    cancelled_orders: int = 0
    products: dict[str, ProductSales] = field(default_factory=dict)

    @classmethod
    def from_attributes(cls, minute: str, attrs: dict[str, object]) -> "MinuteTotals":
        totals = cls(
            minute=minute,
            events=int(attrs.get("events", 0)),
            orders=int(attrs.get("orders", 0)),
            revenue_cents=int(attrs.get("revenueCents", 0)),
            items=int(attrs.get("items", 0)),
            degraded_orders=int(attrs.get("degradedOrders", 0)),
            confirmed_orders=int(attrs.get("confirmedOrders", 0)),
            cancelled_orders=int(attrs.get("cancelledOrders", 0)),
        )
        for key, value in attrs.items():
            if key.startswith(QTY_PREFIX):
                product_id = key[len(QTY_PREFIX):]
                totals.products[product_id] = ProductSales(
                    product_id=product_id,
                    name=str(attrs.get(NAME_PREFIX + product_id, "")),
                    quantity=int(value),
                    revenue_cents=int(attrs.get(REVENUE_PREFIX + product_id, 0)),
                )
        return totals

    def to_attributes(self) -> dict[str, object]:
        attrs: dict[str, object] = {
            "events": self.events,
            "orders": self.orders,
            "revenueCents": self.revenue_cents,
            "items": self.items,
            "degradedOrders": self.degraded_orders,
            "confirmedOrders": self.confirmed_orders,
            "cancelledOrders": self.cancelled_orders,
        }
        for product in self.products.values():
            attrs[QTY_PREFIX + product.product_id] = product.quantity
            attrs[REVENUE_PREFIX + product.product_id] = product.revenue_cents
            attrs[NAME_PREFIX + product.product_id] = product.name
        return attrs


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

    def record(self, event: OrderEvent) -> bool:
        """Counts the event once. Returns False when it had been counted before (a redelivery)."""
        seen_marker = {
            "Put": {
                "TableName": self.table_name,
                "Item": _to_item({
                    "pk": f"seen#{event.order_id}#{event.type}",
                    "sk": "seen",
                    "eventId": event.event_id,
                    "minute": event.minute,
                    "countedAt": datetime.now(timezone.utc).isoformat(),
                }),
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }
        items = [seen_marker, self._counter_update(event)]
        for attempt in range(1, _CONFLICT_ATTEMPTS + 1):
            try:
                self._client.transact_write_items(TransactItems=items)
                return True
            except ClientError as error:
                reasons = _cancellation_reasons(error)
                if "ConditionalCheckFailed" in reasons:
                    return False
                # Every worker updates the same minute item, so concurrent transactions on it conflict.
                if "TransactionConflict" in reasons and attempt < _CONFLICT_ATTEMPTS:
                    time.sleep(random.uniform(0.01, 0.05) * attempt)
                    continue
                raise
        raise AssertionError("unreachable")

    def minute_totals(self, minute: str) -> MinuteTotals:
        response = self._client.get_item(
            TableName=self.table_name, Key=_to_item(_minute_key(minute)), ConsistentRead=True
        )
        return MinuteTotals.from_attributes(minute, _from_item(response.get("Item", {})))

    def minutes(self, minutes: Iterable[str]) -> dict[str, MinuteTotals]:
        """Totals for the given minutes; a minute without orders has no item and reads as zeros."""
        wanted = list(dict.fromkeys(minutes))
        found: dict[str, MinuteTotals] = {m: MinuteTotals(minute=m) for m in wanted}
        for start in range(0, len(wanted), 100):  # BatchGetItem takes at most 100 keys
            keys = [_to_item(_minute_key(m)) for m in wanted[start:start + 100]]
            request = {self.table_name: {"Keys": keys, "ConsistentRead": True}}
            while request:
                response = self._client.batch_get_item(RequestItems=request)
                for raw in response["Responses"].get(self.table_name, []):
                    attrs = _from_item(raw)
                    minute = str(attrs["pk"]).removeprefix("minute#")
                    found[minute] = MinuteTotals.from_attributes(minute, attrs)
                request = response.get("UnprocessedKeys") or None
        return found

    def _counter_update(self, event: OrderEvent) -> dict:
        names: dict[str, str] = {}
        values: dict[str, object] = {}
        adds: list[str] = []
        sets: list[str] = []

        def add(attribute: str, value: int) -> None:
            n = len(names)
            names[f"#a{n}"] = attribute
            values[f":v{n}"] = value
            adds.append(f"#a{n} :v{n}")

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
                    n = len(names)
                    names[f"#a{n}"] = NAME_PREFIX + product.product_id
                    values[f":v{n}"] = product.name
                    sets.append(f"#a{n} = :v{n}")
        elif event.type == ORDER_CONFIRMED:
            add("confirmedOrders", 1)
        elif event.type == ORDER_CANCELLED:
            add("cancelledOrders", 1)

        expression = "ADD " + ", ".join(adds)
        if sets:
            expression += " SET " + ", ".join(sets)
        return {
            "Update": {
                "TableName": self.table_name,
                "Key": _to_item(_minute_key(event.minute)),
                "UpdateExpression": expression,
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": _to_item(values),
            }
        }


def _sales_by_product(event: OrderEvent) -> dict[str, ProductSales]:
    sales: dict[str, ProductSales] = {}
    for line in event.lines:
        product = sales.setdefault(line.product_id, ProductSales(product_id=line.product_id, name=line.name))
        product.quantity += line.quantity
        product.revenue_cents += line.quantity * line.unit_price_cents
        product.name = product.name or line.name
    return sales


def _minute_key(minute: str) -> dict[str, str]:
    return {"pk": f"minute#{minute}", "sk": "totals"}


def _to_item(values: dict[str, object]) -> dict:
    return {key: _serializer.serialize(value) for key, value in values.items()}


def _from_item(item: dict) -> dict[str, object]:
    return {key: _deserializer.deserialize(value) for key, value in item.items()}


def _cancellation_reasons(error: ClientError) -> set[str]:
    """The reason codes of a cancelled transaction; empty for any other error."""
    if error.response["Error"]["Code"] != "TransactionCanceledException":
        return set()
    reasons = {r.get("Code", "") for r in error.response.get("CancellationReasons") or []}
    if not reasons:
        # Some DynamoDB-compatible stores only put the reasons in the message.
        message = error.response["Error"].get("Message", "")
        reasons = {code for code in ("ConditionalCheckFailed", "TransactionConflict") if code in message}
    return reasons
