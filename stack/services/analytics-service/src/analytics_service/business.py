"""Orders and revenue per minute, from the aggregates the consumer keeps."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from .events import minute_key
from .formatting import de_eur, de_number
from .hot import HotMinutes
from .store import MinuteTotals, ProductSales

TOP_PRODUCTS = 5


def business_snapshot(hot: HotMinutes, window_minutes: int, now: datetime | None = None) -> dict:
    """Rates over the last `window_minutes` complete minutes; the running minute is shown on its own."""
    now = now or datetime.now(timezone.utc)
    current = now.replace(second=0, microsecond=0)
    window = [minute_key(current - timedelta(minutes=n)) for n in range(window_minutes, 0, -1)]
    totals = hot.minutes([*window, minute_key(current)])
    running = totals.pop(minute_key(current))
    in_window = [totals[m] for m in window]

    orders = sum(t.orders for t in in_window)
    revenue_cents = sum(t.revenue_cents for t in in_window)
    items = sum(t.items for t in in_window)
    degraded = sum(t.degraded_orders for t in in_window)
    orders_per_minute = orders / window_minutes
    revenue_per_minute_eur = revenue_cents / 100 / window_minutes
    average_basket_eur = round(revenue_cents / 100 / orders, 2) if orders else None

    summary = " · ".join([
        f"{de_number(orders_per_minute, 1)} Bestellungen/min",
        f"{de_eur(revenue_per_minute_eur)}/min",
        "Warenkorb Ø –" if average_basket_eur is None else f"Warenkorb Ø {de_eur(average_basket_eur)}",
        f"{degraded} degradiert",
    ])
    return {
        "summary": summary,
        "windowMinutes": window_minutes,
        "from": window[0],
        "to": minute_key(current),
        "ordersPerMinute": round(orders_per_minute, 2),
        "revenuePerMinuteEur": round(revenue_per_minute_eur, 2),
        "itemsPerMinute": round(items / window_minutes, 2),
        "averageBasketEur": average_basket_eur,
        "orders": orders,
        "revenueEur": round(revenue_cents / 100, 2),
        "degradedOrders": degraded,
        "confirmedAfterDegradation": sum(t.confirmed_orders for t in in_window),
        "cancelledOrders": sum(t.cancelled_orders for t in in_window),
        "topProducts": [_product_json(p) for p in _top_products(in_window)],
        "currentMinute": {
            "minute": running.minute,
            "orders": running.orders,
            "revenueEur": round(running.revenue_cents / 100, 2),
            "degradedOrders": running.degraded_orders,
        },
        "perMinute": [
            {"minute": t.minute, "orders": t.orders, "revenueEur": round(t.revenue_cents / 100, 2),
             "degradedOrders": t.degraded_orders}
            for t in in_window
        ],
    }


def _top_products(minutes: list[MinuteTotals]) -> list[ProductSales]:
    merged = MinuteTotals(minute="window")
    for totals in minutes:
        merged.add(totals)
    ranked = sorted(merged.products.values(), key=lambda p: (-p.quantity, -p.revenue_cents, p.product_id))
    return ranked[:TOP_PRODUCTS]


def _product_json(product: ProductSales) -> dict:
    return {
        "productId": product.product_id,
        "name": product.name,
        "quantity": product.quantity,
        "revenueEur": round(product.revenue_cents / 100, 2),
    }
