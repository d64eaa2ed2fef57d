"""Background tasks that stay correct with several Huey workers (docs/scaling.md, "Workers").

Each worker process (`zorgzaam run_huey`) runs Huey's scheduler, so with N workers every periodic
task is enqueued N times per schedule. On Redis a queued message is popped by exactly one worker, so a
one-off task runs once per enqueue; what can still run twice is a periodic task (once per scheduler)
and a one-off task enqueued twice for the same object (a retry, a double click). Hence:

- `periodic_task(crontab(...))` replaces djhuey's `db_periodic_task`: the first worker to start a run
  claims the schedule slot (the latest minute the crontab matched) with an atomic `cache.add`; the
  others see the claim and return. The claim expires when the next slot starts.
- `exclusive(lambda job_id: f"import:{job_id}")` keeps two runs for the same key from overlapping; the
  task itself must then skip work already done (e.g. only a job still pending is started, only an
  e-mail not yet sent is sent), so a later duplicate changes nothing.

Both use Django's cache: Redis in production (REDIS_URL, the server that holds the queue), else the
database cache; both are shared by every worker, unlike a process-local lock.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import socket
import uuid

logger = logging.getLogger(__name__)

# A weekly schedule is the longest we use; the search for the slot stops there.
_MAX_LOOKBACK_MINUTES = 7 * 24 * 60 + 1
EXCLUSIVE_TIMEOUT = 3600  # a run killed mid-way frees its key after this long


def _cache(cache=None):
    if cache is not None:
        return cache
    from django.core.cache import cache as default

    return default


def _now(huey=None) -> dt.datetime:
    """The scheduler's clock: Huey compares crontabs with naive UTC (or local) minutes."""
    if huey is None:
        from huey.contrib.djhuey import HUEY as huey
    return huey._get_timestamp().replace(second=0, microsecond=0)


def schedule_slot(validate_datetime, now: dt.datetime) -> tuple[dt.datetime, int]:
    """(the latest minute at or before `now` that the schedule matched, seconds until the next one),
    the next one searched at most a week ahead."""
    minute = dt.timedelta(minutes=1)
    slot = now
    for _ in range(_MAX_LOOKBACK_MINUTES):
        if validate_datetime(slot):
            break
        slot -= minute
    else:
        slot = now
    following = slot + minute
    for _ in range(_MAX_LOOKBACK_MINUTES):
        if validate_datetime(following):
            break
        following += minute
    return slot, int((following - slot).total_seconds())


def claim_slot(name: str, validate_datetime, *, now: dt.datetime | None = None, huey=None, cache=None):
    """True for the first caller of this schedule slot of task `name`, False for every other."""
    slot, period = schedule_slot(validate_datetime, now or _now(huey))
    key = f"zorgzaam:periodic:{name}:{slot:%Y%m%d%H%M}"
    return _cache(cache).add(key, _owner(), timeout=max(60, period))


def _owner() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def once_per_schedule(validate_datetime, *, huey=None, cache=None):
    """Decorator: run the function only for the first worker that starts this schedule slot."""

    def decorate(fn):
        name = f"{fn.__module__}.{fn.__qualname__}"

        @functools.wraps(fn)
        def inner(*args, **kwargs):
            if not claim_slot(name, validate_datetime, huey=huey, cache=cache):
                logger.info("Periodic task %s already ran for this schedule on another worker.", name)
                return None
            return fn(*args, **kwargs)

        return inner

    return decorate


def periodic_task(validate_datetime, **kwargs):
    """djhuey's db_periodic_task, run once per schedule across all workers."""
    from huey.contrib.djhuey import db_periodic_task

    def decorate(fn):
        return db_periodic_task(validate_datetime, **kwargs)(once_per_schedule(validate_datetime)(fn))

    return decorate


def exclusive(key_of, *, timeout: int = EXCLUSIVE_TIMEOUT, cache=None):
    """Decorator: at most one run at a time per key (`key_of(*args, **kwargs)`), across workers. A run
    that finds the key taken returns None at once: the other run is doing the same work."""

    def decorate(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            store = _cache(cache)
            key = f"zorgzaam:exclusive:{key_of(*args, **kwargs)}"
            token = uuid.uuid4().hex
            if not store.add(key, token, timeout=timeout):
                logger.info("Task %s skipped: %s is being worked on by another worker.", fn.__name__, key)
                return None
            try:
                return fn(*args, **kwargs)
            finally:
                # Only our own claim: after a timeout another run may hold the key by now.
                if store.get(key) == token:
                    store.delete(key)

        return inner

    return decorate
