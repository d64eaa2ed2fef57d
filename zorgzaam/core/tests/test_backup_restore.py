"""Restore drill (issue 16 item 3): scripts/backup.sh dumps the test database, data changes, the dump is
restored into a new database, and the audit log there is intact: the same rows as at the backup, and
the append-only trigger still refuses changes. PostgreSQL only; runs as the table owner, as backups do.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from zorgzaam.audit import kinds, services
from zorgzaam.audit.models import Event

ROOT = Path(__file__).resolve().parents[3]
pytestmark = [pytest.mark.postgres_only]


def _owner() -> dict:
    roles = getattr(settings, "DATABASE_ROLES", None)
    return roles["owner"] if roles else connection.settings_dict


def _env(tmp_path) -> dict:
    owner = _owner()
    env = {
        **os.environ,
        "PGHOST": str(owner.get("HOST") or "127.0.0.1"),
        "PGPORT": str(owner.get("PORT") or 5432),
        "PGUSER": owner["USER"],
        "ZORGZAAM_BACKUP_DIR": str(tmp_path),
        "ZORGZAAM_BACKUP_KEEP": "2",
    }
    if owner.get("PASSWORD"):
        env["PGPASSWORD"] = owner["PASSWORD"]
    return env


def _backup(*args, env) -> str:
    out = subprocess.run(
        ["bash", str(ROOT / "scripts" / "backup.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def _connect(env, dbname):
    return psycopg.connect(
        host=env["PGHOST"],
        port=env["PGPORT"],
        user=env["PGUSER"],
        password=env.get("PGPASSWORD"),
        dbname=dbname,
    )


def _audit_rows(cur) -> list[tuple]:
    cur.execute("SELECT id, kind, network_id, object_id, data::text FROM audit_event ORDER BY id")
    return cur.fetchall()


@pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only
def test_restore_drill_keeps_the_audit_log_intact(tmp_path, users, actor_of, network):
    actor = actor_of(users["coordinator"])
    for _ in range(3):
        services.record(actor, kinds.LOGIN)
    with connection.cursor() as cur:
        before = _audit_rows(cur)
    env = _env(tmp_path)
    source = connection.settings_dict["NAME"]
    dump = _backup("dump", source, env=env)
    assert Path(dump).is_file() and not list(tmp_path.glob("*.part"))

    # After the backup: more history and a changed network.
    services.record(actor, kinds.LOGIN)
    network.name = "Changed after the backup"
    network.save()
    assert Event.objects.count() == len(before) + 1

    target = f"{source}_restore"[:63]
    with _connect(env, "postgres") as admin:
        admin.autocommit = True
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        _backup("restore", dump, target, env=env)
        with _connect(env, target) as restored, restored.cursor() as cur:
            assert _audit_rows(cur) == before
            cur.execute("SELECT name FROM networks_network WHERE id = %s", [network.pk])
            assert cur.fetchone()[0] == "Testgem"
            cur.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass AND NOT tgisinternal "
                "AND tgenabled <> 'D' ORDER BY tgname"
            )
            assert [r[0] for r in cur.fetchall()] == ["audit_event_no_truncate", "audit_event_no_update"]
            with pytest.raises(psycopg.Error):
                cur.execute("UPDATE audit_event SET kind = 'forged' WHERE id = %s", [before[0][0]])
    finally:
        with _connect(env, "postgres") as admin:
            admin.autocommit = True
            admin.execute(f'DROP DATABASE IF EXISTS "{target}"')


@pytest.mark.django_db
def test_dumps_beyond_the_kept_number_are_removed(tmp_path):
    env = _env(tmp_path)
    source = connection.settings_dict["NAME"]
    for stamp in ("20260101T000000Z", "20260102T000000Z", "20260103T000000Z"):
        (tmp_path / f"{source}-{stamp}.dump").write_bytes(b"old")
        os.utime(tmp_path / f"{source}-{stamp}.dump", (1e9 + int(stamp[6:8]), 1e9 + int(stamp[6:8])))
    newest = _backup("dump", source, env=env)
    kept = sorted(p.name for p in tmp_path.glob("*.dump"))
    assert len(kept) == 2 and Path(newest).name in kept and f"{source}-20260103T000000Z.dump" in kept
