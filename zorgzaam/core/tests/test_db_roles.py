"""Two database roles (docs/deployment.md): the application role can add and read audit events but
not change, remove or truncate them, nor alter the table or switch its trigger off."""

import os
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from zorgzaam.audit import kinds, services
from zorgzaam.audit.models import Event
from zorgzaam.core.dbroles import database_roles

INSUFFICIENT_PRIVILEGE = "42501"
HERE = "c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())"
PG = {"ENGINE": "django.db.backends.postgresql", "NAME": "zorgzaam", "USER": "zorgzaam_app"}


# --- settings ------------------------------------------------------------------------------------


def test_one_role_without_a_migrate_url():
    assert database_roles(PG, "") is None


def test_roles_from_the_two_urls():
    roles = database_roles(
        {**PG, "PASSWORD": "a", "HOST": "db", "PORT": 5432}, "postgres://zorgzaam_owner:o@db:5432/zorgzaam"
    )
    assert roles["owner"] == {"USER": "zorgzaam_owner", "PASSWORD": "o", "HOST": "db", "PORT": 5432}
    assert roles["app"]["USER"] == "zorgzaam_app"
    assert roles["name"] == "zorgzaam"


@pytest.mark.parametrize(
    "default,url",
    [
        (PG, "postgres://zorgzaam_owner@db/other"),  # another database
        (PG, "postgres://zorgzaam_app@db/zorgzaam"),  # the same user twice
        (PG, "sqlite:///x.sqlite3"),
        ({"ENGINE": "django.db.backends.sqlite3", "NAME": "zorgzaam"}, "postgres://o@db/zorgzaam"),
    ],
)
def test_misconfigured_roles_refuse_to_start(default, url):
    with pytest.raises(ImproperlyConfigured):
        database_roles(default, url)


# --- PostgreSQL: what the application role may do -------------------------------------------------


def _refused(sql: str, params=()) -> DatabaseError:
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, params)
    return caught.value


@pytest.mark.postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_event SET kind = 'x' WHERE id = %s",
        "DELETE FROM audit_event WHERE id = %s",
        "TRUNCATE audit_event CASCADE",
        "ALTER TABLE audit_event ADD COLUMN forged text",
        "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update",
        "ALTER TABLE audit_event DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_event_no_update ON audit_event",
        "SET session_replication_role = replica",
    ],
)
def test_application_role_cannot_tamper_with_the_audit_log(sql, users, actor_of):
    ev = services.record(actor_of(users["coordinator"]), kinds.LOGIN)
    error = _refused(sql, [ev.pk] if "%s" in sql else [])
    # Refused for lack of rights, before the trigger is even asked.
    assert error.__cause__.sqlstate == INSUFFICIENT_PRIVILEGE, error
    assert Event.objects.get(pk=ev.pk).kind == kinds.LOGIN


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_application_role_adds_and_reads_audit_events(users, actor_of):
    ev = services.record(actor_of(users["coordinator"]), kinds.LOGIN)
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO audit_event (at, kind, object_type, object_id, via, data) "
            "VALUES (now(), 'auth.login', '', '', 'cli', '{}') RETURNING id"
        )
        new_id = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM audit_event WHERE id IN (%s, %s)", [ev.pk, new_id])
        assert cur.fetchone()[0] == 2


def _roles(settings):
    roles = getattr(settings, "DATABASE_ROLES", None)
    assert roles, "the PostgreSQL pass runs with two roles: set DATABASE_MIGRATE_URL (scripts/test.sh does)"
    return roles


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_application_role_has_data_rights_only(settings):
    roles = _roles(settings)
    with connection.cursor() as cur:
        cur.execute("SELECT current_user, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user")
        assert cur.fetchone() == (roles["app"]["USER"], False, False)
        cur.execute(
            "SELECT c.relname, pg_get_userbyid(c.relowner), "
            "array(SELECT p FROM unnest(array['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES',"
            "'TRIGGER']) p WHERE has_table_privilege(current_user, c.oid, p) ORDER BY p) "
            f"FROM pg_class c WHERE {HERE} AND c.relkind = 'r'"
        )
        tables = {name: (owner, set(rights)) for name, owner, rights in cur.fetchall()}
        cur.execute(
            "SELECT c.relname, has_sequence_privilege(c.oid, 'USAGE'), "
            f"has_sequence_privilege(c.oid, 'UPDATE') FROM pg_class c WHERE {HERE} AND c.relkind = 'S'"
        )
        sequences = cur.fetchall()
        cur.execute("SELECT has_schema_privilege(current_schema(), 'CREATE')")
        assert cur.fetchone()[0] is False
    data = {"SELECT", "INSERT", "UPDATE", "DELETE"}
    assert tables["audit_event"] == (roles["owner"]["USER"], {"SELECT", "INSERT"})
    # zorgzaam_cache is created after migrate (createcachetable): covered by the default privileges.
    assert tables["zorgzaam_cache"] == (roles["owner"]["USER"], data)
    assert {name: value for name, value in tables.items() if name != "audit_event"} == {
        name: (roles["owner"]["USER"], data) for name in tables if name != "audit_event"
    }
    assert sequences and all(usage and not update for _name, usage, update in sequences)


# --- PostgreSQL: creating the roles ---------------------------------------------------------------


@pytest.mark.postgres_only
def test_create_db_roles_makes_two_plain_roles_and_an_owned_database(settings):
    import psycopg

    admin_url = os.environ.get("ZORGZAAM_TEST_POSTGRES_ADMIN_URL")
    if not admin_url:
        pytest.skip("needs ZORGZAAM_TEST_POSTGRES_ADMIN_URL (set by scripts/test.sh)")
    tag = uuid.uuid4().hex[:8]
    owner, app, name = f"zz_owner_{tag}", f"zz_app_{tag}", f"zz_db_{tag}"
    host = {"HOST": "127.0.0.1", "PORT": 5432}
    settings.DATABASE_ROLES = {
        "owner": {"USER": owner, "PASSWORD": "owner secret", **host},
        "app": {"USER": app, "PASSWORD": "app secret", **host},
        "name": name,
    }
    with psycopg.connect(admin_url, autocommit=True) as admin:
        try:
            for _ in range(2):  # a second run only updates
                call_command("create_db_roles", "--admin-url", admin_url, stdout=open(os.devnull, "w"))
            roles = admin.execute(
                "SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolcanlogin, rolpassword "
                "FROM pg_authid WHERE rolname IN (%s, %s) ORDER BY rolname",
                [app, owner],
            ).fetchall()
            assert [r[:5] for r in roles] == [
                (app, False, False, False, True),
                (owner, False, False, False, True),
            ]
            assert all(r[5].startswith("SCRAM-SHA-256$") for r in roles)  # never stored in clear
            assert admin.execute(
                "SELECT pg_get_userbyid(datdba), has_database_privilege(%s, datname, 'CONNECT'), "
                "has_database_privilege('public', datname, 'CONNECT') FROM pg_database WHERE datname = %s",
                [app, name],
            ).fetchone() == (owner, True, False)
            with psycopg.connect(admin_url, dbname=name) as db:
                assert db.execute(
                    "SELECT pg_get_userbyid(nspowner), has_schema_privilege(%s, oid, 'CREATE') "
                    "FROM pg_namespace WHERE nspname = 'public'",
                    [app],
                ).fetchone() == (owner, False)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'DROP ROLE IF EXISTS "{owner}"')
            admin.execute(f'DROP ROLE IF EXISTS "{app}"')


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_migrate_names_a_missing_application_role(settings):
    from zorgzaam.core.dbroles import grant_app_rights

    roles = _roles(settings)
    settings.DATABASE_ROLES = {**roles, "app": {**roles["app"], "USER": "zz_nobody_here"}}
    with pytest.raises(ImproperlyConfigured, match="zz_nobody_here"):
        grant_app_rights(connection)
