"""Recording events. Called by services inside their transaction, never from signals or save().

Once the transaction commits, every listener registered with ``on_committed`` is called (the
webhooks part registers one that queues the dispatch job); a rolled-back change records nothing
and notifies no one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from trustreg.dbinsert import values_insert
from trustreg.outbox.models import OutboxEvent, new_message_id

_listeners: list[Callable[[], None]] = []


def on_committed(listener: Callable[[], None]) -> None:
    """Register a callable run after a transaction that recorded events commits (once per process)."""
    if listener not in _listeners:
        _listeners.append(listener)


def _notify() -> None:
    for listener in list(_listeners):
        listener()


def events_record(*, type: str, payloads: list[dict[str, Any]], dedupe_keys: list[str] | None = None) -> int:
    """Record events of one type; with ``dedupe_keys``, an event whose key is already recorded is
    skipped. Returns how many were recorded. Must run inside the change's transaction."""
    if type not in OutboxEvent.Type.values:
        raise ValueError(f"unknown event type {type!r}")
    if not payloads:
        return 0
    keys: list[str | None] = list(dedupe_keys) if dedupe_keys is not None else [None] * len(payloads)
    if len(keys) != len(payloads):
        raise ValueError("one dedupe key per payload")
    seen = set(OutboxEvent.objects.filter(dedupe_key__in=[k for k in keys if k]).values_list("dedupe_key", flat=True))
    now = timezone.now()
    # values, not model objects: a load records one event for each of tens of thousands of revisions
    rows = [(new_message_id(), type, p, now, k) for p, k in zip(payloads, keys, strict=True)
            if k is None or k not in seen]
    values_insert(OutboxEvent, ("message_id", "type", "payload", "occurred_at", "dedupe_key"), rows)
    if rows:
        transaction.on_commit(_notify)
    return len(rows)


def event_record(*, type: str, payload: dict[str, Any], dedupe_key: str | None = None) -> int:
    return events_record(type=type, payloads=[payload], dedupe_keys=None if dedupe_key is None else [dedupe_key])
