"""Reads for reports from a PostgreSQL streaming replica (docs/deployment.md, "Read replica").

With DATABASE_REPLICA_URL the settings add the `replica` database. Only code that opts in with
`reporting_reads()` (a context manager and decorator, used by the analysis pages, exports and figures)
reads from it; everything else, every write, and every read inside a transaction on the primary uses
`default`. A router cannot tell a report from a read that must see the latest write, hence the opt-in.

The replica is used only while it is healthy: reachable, in recovery (really a standby) and at most
ZORGZAAM_REPLICA_MAX_LAG_SECONDS behind (0 when it has replayed all it received). The check costs one
query and its result is kept for ZORGZAAM_REPLICA_CHECK_SECONDS per process, so a down or lagging
replica sends reports to the primary without slowing every request.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import threading
import time
from contextlib import contextmanager

logger = logging.getLogger(__name__)

REPLICA = "replica"
DEFAULT = "default"

_reporting = contextvars.ContextVar("zorgzaam_reporting_reads", default=False)
_health_lock = threading.Lock()
_health: dict[str, tuple[float, bool]] = {}  # alias -> (checked at, healthy)
# The last routing decision for a report, for tests and the operator's log: (alias, reason).
last_decision: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar(
    "zorgzaam_last_read_decision", default=None
)

LAG_SQL = (
    "SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)


@contextmanager
def _reporting_block():
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def reporting_reads(fn=None):
    """Reads in this block (or decorated function) may come from the replica. Use it only for reports
    that can be a few seconds behind: never where the code reads what it has just written."""
    if fn is None:
        return _reporting_block()

    @functools.wraps(fn)
    def inner(*args, **kwargs):
        with _reporting_block():
            return fn(*args, **kwargs)

    return inner


def _settings():
    from django.conf import settings

    return (
        float(getattr(settings, "ZORGZAAM_REPLICA_MAX_LAG_SECONDS", 30)),
        float(getattr(settings, "ZORGZAAM_REPLICA_CHECK_SECONDS", 5)),
    )


def replica_configured(alias: str = REPLICA) -> bool:
    from django.db import connections

    return alias in connections.settings


def check_replica(alias: str = REPLICA) -> tuple[bool, str]:
    """(healthy, reason), asking the replica now."""
    from django.db import connections

    max_lag, _ttl = _settings()
    connection = connections[alias]
    try:
        with connection.cursor() as cur:
            cur.execute(LAG_SQL)
            in_recovery, lag = cur.fetchone()
    except Exception as exc:  # noqa: BLE001 - down, refused, timed out: all mean "use the primary"
        connection.close()
        return False, f"unreachable: {exc.__class__.__name__}"
    if not in_recovery:
        return False, "not a standby"
    if float(lag) > max_lag:
        return False, f"lag {float(lag):.1f}s > {max_lag:g}s"
    return True, f"lag {float(lag):.1f}s"


def replica_healthy(alias: str = REPLICA) -> tuple[bool, str]:
    """check_replica, remembered for ZORGZAAM_REPLICA_CHECK_SECONDS in this process."""
    _max_lag, ttl = _settings()
    now = time.monotonic()
    cached = _health.get(alias)
    if cached and now - cached[0] < ttl:
        return cached[1], "cached"
    with _health_lock:
        healthy, reason = check_replica(alias)
        _health[alias] = (time.monotonic(), healthy)
    if not healthy:
        logger.warning("Read replica %s not used: %s", alias, reason)
    return healthy, reason


def forget_health() -> None:
    """Ask the replica again at the next report (tests; after a fail-over)."""
    _health.clear()


class ReportingRouter:
    """Reports to the replica when asked for and healthy; everything else to the primary."""

    def db_for_read(self, model, **hints):
        if not replica_configured():
            return None
        if not _reporting.get():
            return DEFAULT
        from django.db import connections

        if connections[DEFAULT].in_atomic_block:
            last_decision.set((DEFAULT, "inside a transaction on the primary"))
            return DEFAULT
        healthy, reason = replica_healthy()
        alias = REPLICA if healthy else DEFAULT
        last_decision.set((alias, reason))
        return alias

    def db_for_write(self, model, **hints):
        return DEFAULT if replica_configured() else None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
