"""Reads order events from the Redis stream as one consumer of the group `analytics`.

Delivery is at least once: an entry is acknowledged only after its aggregate write, so a consumer that
dies in between leaves it pending, and a live consumer takes it over with XAUTOCLAIM once it has been idle
for `claim_idle_ms`. The store counts each (orderId, type) once, which makes redeliveries harmless.
"""

from __future__ import annotations

import logging
import threading
import time

import redis
from botocore.exceptions import BotoCoreError, ClientError

from . import metrics
from .events import InvalidEvent, parse_entry
from .hot import HotMinutes
from .store import AnalyticsStore

log = logging.getLogger(__name__)

Entry = tuple[str, dict[str, str]]

# Consumers of workers that are gone (every worker joins under its own name) are removed once they have
# nothing pending and have been silent this long; a live one that is merely idle simply re-joins.
_FORGET_CONSUMER_AFTER_MS = 10 * 60 * 1000

# Takes an entry into work: only if it is still pending for this consumer (nobody claimed it while it waited
# in the batch), and resets its idle time, so nobody claims it while it is being counted. Two consumers
# counting one event at once would be harmless on DynamoDB, whose conditional writes are atomic, but not on
# moto server, which does not isolate concurrent writes to one item.
_TAKE_ENTRY = """
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)
if pending[1] == nil or pending[1][2] ~= ARGV[2] then
  return 0
end
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
return 1
"""


# Recomputing a minute reads all of its shards from DynamoDB. Once a second is fresh enough for a dashboard
# and keeps those reads flat however many events arrive (one per batch came to a dozen queries a second).
HOT_REFRESH_INTERVAL_S = 1.0


class OrderEventConsumer:
    def __init__(
        self,
        redis_client: redis.Redis,
        store: AnalyticsStore,
        hot: HotMinutes,
        *,
        stream: str,
        group: str,
        name: str,
        claim_idle_ms: int,
        batch_size: int = 50,
        block_ms: int = 1000,
        hot_refresh_s: float = HOT_REFRESH_INTERVAL_S,
    ) -> None:
        self._redis = redis_client
        self._store = store
        self._hot = hot
        self.stream = stream
        self.group = group
        self.name = name
        self._claim_idle_ms = claim_idle_ms
        self._claim_every_s = min(max(claim_idle_ms / 2000, 0.2), 15.0)
        self._batch_size = batch_size
        self._block_ms = block_ms

        self._take_entry = redis_client.register_script(_TAKE_ENTRY)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._group_ready = False
        # Entries this consumer read but did not finish (after a failed write) are retried first.
        self._own_pending_first = True
        self._claim_cursor = "0-0"
        self._next_claim_at = 0.0
        self._next_lag_at = 0.0
        self._hot_refresh_s = hot_refresh_s
        self._hot_pending: set[str] = set()
        self._next_hot_refresh_at = 0.0

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="order-event-consumer", daemon=True)
        self._thread.start()
        log.info("order event consumer started", extra={"consumer": self.name, "stream": self.stream})

    def stop(self, timeout_s: float = 5.0) -> None:
        """Finishes the entry in hand and returns; a blocking read ends within block_ms."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            log.info("order event consumer stopped", extra={"consumer": self.name,
                                                            "clean": not self._thread.is_alive()})

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        backoff_s = 0.5
        while not self._stopping.is_set():
            try:
                self.poll_once()
                backoff_s = 0.5
            except (redis.RedisError, ClientError, BotoCoreError) as error:
                log.warning("order event consumer paused", extra={"error": str(error), "retryInS": backoff_s})
                self._group_ready = False
                self._own_pending_first = True
                self._stopping.wait(backoff_s)
                backoff_s = min(backoff_s * 2, 10.0)
            except Exception:  # a bug must not silently end aggregation for the process's lifetime
                log.exception("order event consumer failed; retrying")
                self._stopping.wait(backoff_s)
                backoff_s = min(backoff_s * 2, 10.0)
        self._refresh_hot(due_only=False)

    # --- one round -------------------------------------------------------------------------------

    def poll_once(self) -> int:
        """Claims stale entries, reads new ones, aggregates and acknowledges them. Returns entries handled."""
        self._ensure_group()
        handled = 0
        now = time.monotonic()
        if now >= self._next_claim_at:
            self._next_claim_at = now + self._claim_every_s
            handled += self._handle(self._claim_stale())
            self._forget_departed_consumers()

        if self._own_pending_first:
            entries = self._read("0")
            if not entries:
                self._own_pending_first = False
        else:
            entries = self._read(">")
        handled += self._handle(entries)
        self._refresh_hot()

        if time.monotonic() >= self._next_lag_at:
            self._next_lag_at = time.monotonic() + 2.0
            metrics.consumer_lag.set(self.lag())
        return handled

    def lag(self) -> int:
        """Entries not yet aggregated by the group: never delivered plus delivered but unacknowledged."""
        for info in self._redis.xinfo_groups(self.stream):
            if info["name"] == self.group:
                return int(info.get("lag") or 0) + int(info["pending"])
        return 0

    def _ensure_group(self) -> None:
        if self._group_ready:
            return
        try:
            # From the stream's start: orders placed before analytics first ran are counted too.
            self._redis.xgroup_create(self.stream, self.group, id="0", mkstream=True)
            log.info("created consumer group", extra={"stream": self.stream, "group": self.group})
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise
        self._group_ready = True

    def _read(self, start_id: str) -> list[Entry]:
        block = None if start_id == "0" else self._block_ms
        response = self._redis.xreadgroup(
            self.group, self.name, {self.stream: start_id}, count=self._batch_size, block=block
        )
        if not response:
            return []
        _stream, entries = response[0]
        # Own pending entries trimmed from the stream come back without fields; nothing left to count.
        return [(entry_id, fields) for entry_id, fields in entries if fields is not None]

    def _claim_stale(self) -> list[Entry]:
        cursor, claimed, *_deleted = self._redis.xautoclaim(
            self.stream, self.group, self.name, self._claim_idle_ms,
            start_id=self._claim_cursor, count=self._batch_size,
        )
        self._claim_cursor = cursor
        if claimed:
            log.info("claimed stale order events", extra={"count": len(claimed), "consumer": self.name})
        return [(entry_id, fields) for entry_id, fields in claimed if fields is not None]

    def _handle(self, entries: list[Entry]) -> int:
        touched: set[str] = set()
        try:
            for entry_id, fields in entries:
                if self._stopping.is_set():
                    break
                if not self._take_entry(keys=[self.stream], args=[self.group, self.name, entry_id]):
                    log.info("order event taken over by another consumer", extra={"entryId": entry_id})
                    continue
                minute = self._aggregate(entry_id, fields)
                self._redis.xack(self.stream, self.group, entry_id)
                if minute:
                    touched.add(minute)
        finally:
            self._hot_pending |= touched
        return len(entries)

    def _refresh_hot(self, due_only: bool = True) -> None:
        """Copies the minutes changed since the last refresh to Redis, at most once per interval."""
        if not self._hot_pending or (due_only and time.monotonic() < self._next_hot_refresh_at):
            return
        minutes, self._hot_pending = self._hot_pending, set()
        self._next_hot_refresh_at = time.monotonic() + self._hot_refresh_s
        try:
            self._hot.refresh(minutes)
        except (ClientError, BotoCoreError) as error:
            # Counted already; the next refresh tries these minutes again.
            self._hot_pending |= minutes
            log.warning("could not refresh hot minutes", extra={"minutes": sorted(minutes), "error": str(error)})

    def _aggregate(self, entry_id: str, fields: dict[str, str]) -> str | None:
        """Counts one entry; returns the minute it changed, if any."""
        try:
            event = parse_entry(fields)
        except InvalidEvent as error:
            # Retrying cannot fix it: acknowledge it, so it does not block the stream forever.
            log.warning("rejected malformed order event", extra={"entryId": entry_id, "error": str(error)})
            metrics.events_consumed.labels(outcome="rejected").inc()
            return None

        counted = self._store.record(event, shard=self.name)
        metrics.events_consumed.labels(outcome="counted" if counted else "duplicate").inc()
        if not counted:
            log.info("ignored redelivered order event",
                     extra={"entryId": entry_id, "orderId": event.order_id, "type": event.type})
        return event.minute

    def _forget_departed_consumers(self) -> None:
        for consumer in self._redis.xinfo_consumers(self.stream, self.group):
            if (consumer["name"] != self.name and int(consumer["pending"]) == 0
                    and int(consumer["idle"]) > _FORGET_CONSUMER_AFTER_MS):
                self._redis.xgroup_delconsumer(self.stream, self.group, consumer["name"])
