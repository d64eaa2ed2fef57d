"""Reports from a real PostgreSQL streaming replica (zorgzaam/core/dbrouter.py).

scripts/test.sh starts the replica (scripts/test_replica.sh: pg_basebackup -R of the test cluster, a hot
standby on port 5433) and sets DATABASE_REPLICA_URL for the PostgreSQL pass. The replica holds the whole
cluster, so the test database that pass creates on the primary is there under the same name: the
settings make `replica` a test mirror of `default` (same database name, the replica's host and port;
nothing is created on it). Without the replica the tests are skipped on a developer's machine and FAIL
in CI (CI is set). Other tests of that pass never read from it: inside a test's transaction the router
keeps to the primary, and a transactional test not allowed to use the alias fails the health check.
"""

from __future__ import annotations

import os
import subprocess
import time

import psycopg
import pytest
from django.conf import settings
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zorgzaam.core import dbrouter
from zorgzaam.networks.models import Network

HAS_REPLICA = dbrouter.REPLICA in settings.DATABASES
pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, databases=["default", dbrouter.REPLICA] if HAS_REPLICA else None),
]


@pytest.fixture
def replica(transactional_db):
    """The `replica` alias: the real standby, serving this test's database (a test mirror of default)."""
    if not HAS_REPLICA:
        reason = "DATABASE_REPLICA_URL is not set"
        if os.environ.get("CI"):
            pytest.fail(f"The read replica is required in CI: {reason} (scripts/test_replica.sh)")
        pytest.skip(f"no read replica: {reason}")
    conn = connections[dbrouter.REPLICA]
    dbrouter.forget_health()
    with conn.cursor() as cur:  # in CI an unreachable replica fails here, as it should
        cur.execute("SELECT pg_is_in_recovery()")
        assert cur.fetchone()[0], "DATABASE_REPLICA_URL names a server that is not a standby"
    original = dict(conn.settings_dict)
    yield conn
    conn.close()
    conn.settings_dict.clear()
    conn.settings_dict.update(original)
    dbrouter.forget_health()


def _point_replica_at(conn, host, port) -> None:
    conn.close()
    conn.settings_dict.update(HOST=host, PORT=port)
    dbrouter.forget_health()


def _wait_on_replica(check, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def _superuser_on_replica(replica_conn):
    s = replica_conn.settings_dict
    return psycopg.connect(
        host=s["HOST"], port=s["PORT"], user="postgres", dbname="postgres", autocommit=True
    )


def test_writes_reach_the_replica_and_reports_read_there(replica, users, network, client_of):
    """One transactional test for all of it: each one costs a flush of every table afterwards."""
    from django.contrib.auth import get_user_model

    # A write on the primary is visible on the replica. WAL is replayed in order: once the last user
    # of the fixtures is there, so is everything before it.
    last = users["outsider"].pk
    assert _wait_on_replica(lambda: get_user_model().objects.using(dbrouter.REPLICA).filter(pk=last).exists())
    with replica.cursor() as cur:
        cur.execute("SELECT pg_is_in_recovery()")
        assert cur.fetchone()[0] is True
    # Reads go to the primary unless a report asks.
    assert router.db_for_read(Network) == "default"
    assert router.db_for_write(Network) == "default"
    with dbrouter.reporting_reads():
        alias = router.db_for_read(Network)
        assert alias == dbrouter.REPLICA
        assert dbrouter.last_decision.get()[0] == dbrouter.REPLICA
        with connections[alias].cursor() as cur:
            cur.execute("SELECT pg_is_in_recovery()")
            assert cur.fetchone()[0] is True
    assert router.db_for_read(Network) == "default"
    # Inside a transaction on the primary a report reads there too: it may read its own writes.
    with transaction.atomic(), dbrouter.reporting_reads():
        assert router.db_for_read(Network) == "default"

    # The analysis page (a report) reads from the replica; a plain page keeps to the primary.
    client = client_of(users["coordinator"])
    with CaptureQueriesContext(replica) as on_replica:
        response = client.get(reverse("analysis:index"))
    assert response.status_code == 200
    assert len(on_replica.captured_queries) > 0
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get(reverse("core:home")).status_code == 200
    assert on_replica.captured_queries == []


def test_a_lagging_stopped_or_wrong_replica_is_not_used(replica, settings, network, monkeypatch):
    settings.ZORGZAAM_REPLICA_MAX_LAG_SECONDS = 0.3
    with _superuser_on_replica(replica) as su:
        su.execute("SELECT pg_wal_replay_pause()")
        try:
            Network.objects.create(name="Lag", slug="lag", municipality="Lag")
            time.sleep(0.6)
            healthy, reason = dbrouter.check_replica()
            assert not healthy and reason.startswith("lag"), reason
            dbrouter.forget_health()
            with dbrouter.reporting_reads():
                assert router.db_for_read(Network) == "default"
                assert Network.objects.filter(slug="lag").exists()  # the primary has it
        finally:
            su.execute("SELECT pg_wal_replay_resume()")
    dbrouter.forget_health()
    assert _wait_on_replica(lambda: dbrouter.check_replica()[0])

    # A stopped replica. Under scripts/test.sh (root) the real standby is stopped and started again;
    # elsewhere the alias points at a port nobody answers on, which is what a stopped server is to its
    # clients. CI must do the real thing.
    script = os.environ.get("ZORGZAAM_TEST_REPLICA_SCRIPT", "")
    real_stop = bool(script) and os.geteuid() == 0
    if os.environ.get("CI") and not real_stop:
        pytest.fail("CI must stop the real replica: run the tests through scripts/test.sh as root")
    if real_stop:
        replica.close()
        subprocess.run(["bash", script, "halt"], check=True, timeout=120)
        dbrouter.forget_health()
    else:
        _point_replica_at(replica, "127.0.0.1", 1)
    calls = []
    real_check = dbrouter.check_replica
    monkeypatch.setattr(
        dbrouter, "check_replica", lambda alias="replica": calls.append(1) or real_check(alias)
    )
    try:
        with dbrouter.reporting_reads():
            assert Network.objects.filter(pk=network.pk).exists()
            assert dbrouter.last_decision.get()[0] == "default"
            assert dbrouter.last_decision.get()[1].startswith("unreachable")
            assert Network.objects.count() >= 1
        # The health check is remembered: the second read did not try the dead replica again.
        assert calls == [1]
    finally:
        if real_stop:
            subprocess.run(["bash", script, "resume"], check=True, timeout=120)
    if real_stop:  # back in service: reports read there again
        dbrouter.forget_health()
        assert _wait_on_replica(lambda: real_check()[0])
    monkeypatch.undo()

    # Misconfigured: DATABASE_REPLICA_URL names the primary itself, which is not a standby.
    default = connections["default"].settings_dict
    _point_replica_at(replica, default["HOST"], default["PORT"])
    assert dbrouter.check_replica() == (False, "not a standby")
