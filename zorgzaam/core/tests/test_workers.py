"""Two Huey workers on one Redis queue (issue 16 item 4; zorgzaam/core/workers.py).

Two Huey instances share a queue on Redis 127.0.0.1:6379 (database 15, a key prefix per test, so runs
do not collide), each with a real Huey consumer (worker threads). Each "scheduler" enqueues the periodic
task, as every `zorgzaam run_huey` process does. Without Redis the tests are skipped, and fail in CI.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
import uuid

import pytest
import redis
from django.core.cache.backends.redis import RedisCache
from huey import RedisHuey, crontab

from zorgzaam.core import workers

REDIS_URL = os.environ.get("ZORGZAAM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# No database involved: once, in the SQLite pass, is enough (CI time).
pytestmark = pytest.mark.skipif(
    os.environ.get("ZORGZAAM_TEST_POSTGRES") == "1", reason="no database involved: runs in the SQLite pass"
)


@pytest.fixture
def shared():
    """(redis connection, key prefix, a Django cache on that Redis) for one test; cleaned up after."""
    conn = redis.Redis.from_url(REDIS_URL)
    try:
        conn.ping()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI for the worker tests: {exc}")
        pytest.skip(f"Redis not reachable: {exc}")
    prefix = f"zz-test-{uuid.uuid4().hex[:10]}"
    yield conn, prefix, RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    for key in conn.scan_iter(f"*{prefix}*"):
        conn.delete(key)


def _worker(prefix, cache, conn, label):
    """One worker's Huey, with the same tasks as its peer (as each run_huey process has)."""
    huey = RedisHuey(name=f"{prefix}-queue", url=REDIS_URL, utc=True)
    daily = crontab(minute="15", hour="3")

    @huey.task(name="job")
    def job(n):
        conn.rpush(f"{prefix}:job:{n}", label)
        time.sleep(0.005)

    @huey.task(name="import_job")
    @workers.exclusive(lambda n: f"{prefix}:import:{n}", cache=cache)
    def import_job(n):
        conn.rpush(f"{prefix}:import:{n}", label)
        time.sleep(0.3)

    @huey.periodic_task(daily, name="nightly")
    @workers.once_per_schedule(daily, huey=huey, cache=cache)
    def nightly():
        conn.rpush(f"{prefix}:nightly", label)

    huey.job, huey.import_job = job, import_job  # the test enqueues them by name
    return huey


class _Consumers:
    """Real Huey consumers (threads) for the given Huey instances, stopped on exit."""

    def __init__(self, *hueys):
        self.consumers = [
            h.create_consumer(workers=2, periodic=False, initial_delay=0.02, max_delay=0.1, backoff=1.1)
            for h in hueys
        ]

    def __enter__(self):
        saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
        try:
            for c in self.consumers:
                c.start()
        finally:
            for s, handler in saved.items():  # the consumers set their own; pytest keeps its own
                signal.signal(s, handler)
        return self

    def __exit__(self, *exc):
        for c in self.consumers:
            c.stop(graceful=True)


def _wait(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_two_workers_never_run_a_queued_job_twice(shared):
    conn, prefix, cache = shared
    a, b = _worker(prefix, cache, conn, "a"), _worker(prefix, cache, conn, "b")
    jobs = 40
    for n in range(jobs):
        (a if n % 2 else b).enqueue(a.job.s(n))
    with _Consumers(a, b):
        assert _wait(lambda: all(conn.llen(f"{prefix}:job:{n}") for n in range(jobs)))
        time.sleep(0.2)  # a second run, if any, would come now
    runs = {n: [x.decode() for x in conn.lrange(f"{prefix}:job:{n}", 0, -1)] for n in range(jobs)}
    assert all(len(r) == 1 for r in runs.values()), runs
    assert a.pending_count() == 0


def test_the_same_import_enqueued_twice_runs_once_at_a_time(shared):
    conn, prefix, cache = shared
    a, b = _worker(prefix, cache, conn, "a"), _worker(prefix, cache, conn, "b")
    a.enqueue(a.import_job.s(7))
    b.enqueue(b.import_job.s(7))  # a double click, or a retry, on the other node
    with _Consumers(a, b):
        assert _wait(lambda: a.pending_count() == 0)
        time.sleep(0.5)
    assert conn.llen(f"{prefix}:import:7") == 1
    assert cache.get(f"zorgzaam:exclusive:{prefix}:import:7") is None  # released after the run


def test_a_periodic_task_runs_once_per_schedule_across_workers(shared):
    conn, prefix, cache = shared
    a, b = _worker(prefix, cache, conn, "a"), _worker(prefix, cache, conn, "b")
    tick = dt.datetime(2026, 12, 2, 3, 15)
    for huey in (a, b):  # both schedulers see the crontab match and enqueue
        for task in huey.read_periodic(tick):
            huey.enqueue(task)
    assert a.pending_count() == 2
    with _Consumers(a, b):
        assert _wait(lambda: a.pending_count() == 0)
        time.sleep(0.2)
    assert conn.llen(f"{prefix}:nightly") == 1


def test_schedule_slots():
    daily = crontab(minute="15", hour="3")
    slot, period = workers.schedule_slot(daily, dt.datetime(2026, 12, 2, 14, 2))
    assert slot == dt.datetime(2026, 12, 2, 3, 15) and period == 24 * 3600
    slot, _ = workers.schedule_slot(daily, dt.datetime(2026, 12, 2, 3, 14))
    assert slot == dt.datetime(2026, 12, 1, 3, 15)
    weekly = crontab(day_of_week="1", hour="7", minute="0")
    slot, period = workers.schedule_slot(weekly, dt.datetime(2026, 12, 2, 9, 0))  # a Wednesday
    assert slot == dt.datetime(2026, 11, 30, 7, 0) and period == 7 * 24 * 3600
    assert workers.schedule_slot(crontab(), dt.datetime(2026, 12, 2, 9, 7)) == (
        dt.datetime(2026, 12, 2, 9, 7),
        60,
    )


def test_claim_slot_once_per_slot(settings):
    from django.core.cache import cache

    daily = crontab(minute="15", hour="3")
    now = dt.datetime(2026, 12, 2, 9, 0)
    assert workers.claim_slot("t", daily, now=now, cache=cache) is True
    assert workers.claim_slot("t", daily, now=now + dt.timedelta(hours=3), cache=cache) is False
    assert workers.claim_slot("other", daily, now=now, cache=cache) is True
    assert workers.claim_slot("t", daily, now=now + dt.timedelta(days=1), cache=cache) is True
