"""Per-process live helper index per network, fresh for every answer (read-your-writes).

Built once per network and day (all helpers loaded; screening validity depends on the date), then
kept current from the HelperChange log (zorgzaam.matching.changes writes a row whenever a helper's
data changes, in any process): before each answer ONE query reads the rows of the last few minutes
and the rows not applied yet are applied as deltas (only those helpers are loaded).

Why "the last few minutes" and not just "after the highest id seen": ids are handed out when a row
is inserted, not when its transaction commits, so a row with a lower id can become visible after
a higher one. Rows are re-read until they are SETTLE old (longer than any web transaction) and a
set of applied ids prevents applying one twice.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from zorgzaam.core.lazy import lazy_module
from zorgzaam.matching.models import HelperChange

engine = lazy_module("zorgzaam.matching.engine")

SETTLE = dt.timedelta(minutes=5)


@dataclass
class _Entry:
    index: object  # engine.LiveIndex
    day: dt.date
    floor: int  # every change row with id <= floor is applied
    applied: set[int] = field(default_factory=set)  # applied ids above the floor
    lock: threading.RLock = field(default_factory=threading.RLock)


class HelperIndexes:
    """One per process (module-level `INDEXES`); tests make more to play several processes."""

    def __init__(self):
        self._entries: dict[int, _Entry] = {}
        self._lock = threading.Lock()

    def forget(self) -> None:
        with self._lock:
            self._entries.clear()

    def entry(self, network) -> _Entry:
        """The network's index, brought up to date (the caller holds entry.lock while reading it)."""
        today = timezone.localdate()
        with self._lock:
            entry = self._entries.get(network.pk)
            if entry is None or entry.day != today:
                # The log position is read BEFORE the helpers: a change made while loading is
                # applied again on the next call, never lost.
                floor = HelperChange.objects.filter(network=network).aggregate(m=Max("id"))["m"] or 0
                specs = load_specs(network)
                entry = _Entry(engine.LiveIndex(specs, version=floor), today, floor)
                self._entries[network.pk] = entry
                return entry
        self._catch_up(network, entry)
        return entry

    def _catch_up(self, network, entry: _Entry) -> None:
        rows = list(
            HelperChange.objects.filter(network=network, id__gt=entry.floor).values_list(
                "id", "person_id", "created_at"
            )
        )
        with entry.lock:
            fresh = [(i, p) for i, p, _at in rows if i not in entry.applied]
            if fresh:
                ids = {p for _i, p in fresh}
                specs = load_specs(network, ids)
                entry.index.apply(changed=specs, removed=ids - {s.id for s in specs})
                entry.applied.update(i for i, _p in fresh)
            settled = [i for i, _p, at in rows if at < timezone.now() - SETTLE]
            if settled:
                entry.floor = max(entry.floor, max(settled))
                entry.applied = {i for i in entry.applied if i > entry.floor}
            entry.index.version = max([entry.index.version, *(i for i, _p, _at in rows)])


def load_specs(network, person_ids=None) -> list:
    from zorgzaam.care.suggestions import helper_specs

    return helper_specs(network, person_ids)


INDEXES = HelperIndexes()
