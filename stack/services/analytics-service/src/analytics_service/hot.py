"""Hot copies of recent minute aggregates in Redis, so the dashboard's polling does not query DynamoDB.

DynamoDB stays the source of truth: after each batch of events the consumer recomputes the minutes it
touched and copies them here (write-through), and a reader that misses a minute computes it from DynamoDB
and copies it back (read-through). Redis being down therefore costs speed, never correctness.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable

import redis

from .store import AnalyticsStore, MinuteTotals

log = logging.getLogger(__name__)

KEY_PREFIX = "analytics:minute:"
TTL_SECONDS = 2 * 60 * 60

# Stores a copy only if it was computed later than the cached one: two workers refreshing the same minute
# can finish in either order, and the copy from the older read must not win.
_STORE_IF_NEWER = """
local cached = redis.call('GET', KEYS[1])
if cached and (cjson.decode(cached)['computedAtMs'] or 0) > tonumber(ARGV[2]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1
"""


class HotMinutes:
    def __init__(self, client: redis.Redis, store: AnalyticsStore) -> None:
        self._redis = client
        self._store = store
        self._store_if_newer = client.register_script(_STORE_IF_NEWER)

    def refresh(self, minutes: Iterable[str]) -> None:
        """Recomputes the given minutes from DynamoDB and caches them."""
        computed_at_ms = int(time.time() * 1000)
        self._put(self._store.minutes(minutes).values(), computed_at_ms)

    def minutes(self, minutes: Iterable[str]) -> dict[str, MinuteTotals]:
        wanted = list(dict.fromkeys(minutes))
        found: dict[str, MinuteTotals] = {}
        try:
            cached = self._redis.mget([KEY_PREFIX + m for m in wanted])
        except redis.RedisError as error:
            log.warning("hot minutes unavailable, reading DynamoDB", extra={"error": str(error)})
            cached = [None] * len(wanted)
        for minute, raw in zip(wanted, cached):
            if raw is not None:
                found[minute] = MinuteTotals.from_json(minute, json.loads(raw))

        missing = [m for m in wanted if m not in found]
        if missing:
            computed_at_ms = int(time.time() * 1000)
            from_store = self._store.minutes(missing)
            found.update(from_store)
            # Minutes without events stay uncached, or an empty current minute would hide its first order.
            self._put([totals for totals in from_store.values() if totals.events], computed_at_ms)
        return {m: found[m] for m in wanted}

    def _put(self, totals: Iterable[MinuteTotals], computed_at_ms: int) -> None:
        try:
            with self._redis.pipeline(transaction=False) as pipe:
                for minute_totals in totals:
                    document = {**minute_totals.to_json(), "computedAtMs": computed_at_ms}
                    self._store_if_newer(keys=[KEY_PREFIX + minute_totals.minute],
                                         args=[json.dumps(document), computed_at_ms, TTL_SECONDS], client=pipe)
                pipe.execute()
        except redis.RedisError as error:
            log.warning("could not update hot minutes", extra={"error": str(error)})
