"""Two PostgreSQL roles (docs/deployment.md, "Database roles").

The application connects as the role in DATABASE_URL, which may only read and write rows, and may
only add and read audit events. DATABASE_MIGRATE_URL names the role that owns the tables: the table
owner can alter tables and switch the audit log's append-only trigger off, so the running application
must not be it. The commands that change the schema or empty tables (core's overrides of migrate,
createcachetable and flush) switch the default connection to the owner for their duration; migrate
then grants the application role exactly its rights (grant_app_rights).

Imported by the settings, so nothing here may import models at module level.
"""

from __future__ import annotations

from contextlib import contextmanager

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

CREDENTIAL_KEYS = ("USER", "PASSWORD", "HOST", "PORT")
AUDIT_APP, AUDIT_MODEL = "audit", "Event"


def database_roles(default: dict, migrate_url: str) -> dict | None:
    """{"owner": credentials, "app": credentials, "name": database} from the two URLs, or None with
    one role only."""
    if not migrate_url:
        return None
    owner = dj_database_url.parse(migrate_url)
    if not default["ENGINE"].endswith("postgresql") or owner["ENGINE"] != default["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_MIGRATE_URL is only for PostgreSQL: DATABASE_URL and DATABASE_MIGRATE_URL must "
            "both be postgres:// URLs."
        )
    if owner["NAME"] != default["NAME"]:
        raise ImproperlyConfigured(
            "DATABASE_MIGRATE_URL must name the same database as DATABASE_URL "
            f"({owner['NAME']!r} is not {default['NAME']!r})."
        )
    if not owner.get("USER") or not default.get("USER") or owner["USER"] == default["USER"]:
        raise ImproperlyConfigured(
            "DATABASE_URL (the application role) and DATABASE_MIGRATE_URL (the table owner) must name "
            "two different database users."
        )
    roles = {
        role: {key: db.get(key) or "" for key in CREDENTIAL_KEYS}
        for role, db in (("owner", owner), ("app", default))
    }
    return {**roles, "name": default["NAME"]}


def _roles() -> dict | None:
    from django.conf import settings

    return getattr(settings, "DATABASE_ROLES", None)


@contextmanager
def as_owner(alias: str = "default"):
    """The connection `alias`, connected as the table owner while the block runs (a no-op without
    DATABASE_MIGRATE_URL, or when it already is the owner). Only outside a transaction: switching
    means reconnecting. The connection object's settings are replaced, not changed in place, so other
    threads keep connecting as the application role."""
    from django.db import connections

    connection = connections[alias]
    roles = _roles()
    if not roles or alias != "default" or connection.settings_dict.get("USER") == roles["owner"]["USER"]:
        yield connection
        return
    if connection.in_atomic_block:
        raise RuntimeError("Cannot switch to the database owner role inside a transaction.")
    app_settings = connection.settings_dict
    connection.close()
    connection.settings_dict = {**app_settings, **roles["owner"]}
    try:
        yield connection
    finally:
        connection.close()
        connection.settings_dict = app_settings


def grant_statements(schema: str, app: str, audit_table: str | None) -> list[str]:
    """SQL (identifiers already quoted) giving the application role data rights only: rows of every
    table, the sequences behind them, and on the audit table only INSERT and SELECT. Everything is
    revoked first, so a grant added by hand does not survive the next migrate. Default privileges
    cover tables the owner creates later (e.g. createcachetable)."""
    data = "SELECT, INSERT, UPDATE, DELETE"
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app}",
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"GRANT {data} ON ALL TABLES IN SCHEMA {schema} TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT {data} ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
    if audit_table:
        statements.append(f"REVOKE UPDATE, DELETE ON {schema}.{audit_table} FROM {app}")
    return statements


def grant_app_rights(connection) -> str | None:
    """Run as the owner after migrating: grant the application role its rights. Returns a warning
    for the operator, or None."""
    from django.apps import apps
    from django.db import transaction
    from psycopg import sql

    roles = _roles()
    if not roles or connection.vendor != "postgresql":
        return None
    connection.ensure_connection()

    def quote(name: str) -> str:
        return sql.Identifier(name).as_string(connection.connection)

    app_user = roles["app"]["USER"]
    with transaction.atomic(using=connection.alias), connection.cursor() as cur:
        cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [app_user])
        row = cur.fetchone()
        if row is None:
            raise ImproperlyConfigured(
                f"The application role {app_user!r} (DATABASE_URL) does not exist; create it with "
                "`zorgzaam create_db_roles` (docs/deployment.md)."
            )
        cur.execute("SELECT current_schema()")
        schema = cur.fetchone()[0]
        audit_table = None
        if apps.is_installed(f"zorgzaam.{AUDIT_APP}"):
            table = apps.get_model(AUDIT_APP, AUDIT_MODEL)._meta.db_table
            cur.execute("SELECT to_regclass(%s)", [f"{quote(schema)}.{quote(table)}"])
            audit_table = quote(table) if cur.fetchone()[0] else None
        for statement in grant_statements(quote(schema), quote(app_user), audit_table):
            cur.execute(statement)
    if row[0]:
        return (
            f"The application role {app_user!r} is a database superuser: the grants do not restrict it. "
            "Use a role without SUPERUSER (docs/deployment.md)."
        )
    return None
