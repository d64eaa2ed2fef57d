"""Create (or update) the two PostgreSQL roles of docs/deployment.md and, unless told not to, the
database, owned by the owner role.

The role names and passwords come from DATABASE_MIGRATE_URL (owner) and DATABASE_URL (application);
the command itself connects with an administrator's URL (--admin-url or DATABASE_ADMIN_URL), which the
application never needs. Passwords are hashed here (SCRAM, as the server is set to), so they never
reach the server's statement log in clear. Running it again only updates.
"""

from __future__ import annotations

import os

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from psycopg import errors, sql

# No role may be able to bypass the grants: both lose every power beyond logging in.
ROLE_OPTIONS = "LOGIN NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS"


class Command(BaseCommand):
    help = (
        "Create the PostgreSQL table owner (DATABASE_MIGRATE_URL) and application role (DATABASE_URL), "
        "and the database owned by the owner; needs an administrator's connection (--admin-url)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-url",
            default=os.environ.get("DATABASE_ADMIN_URL", ""),
            help="postgres:// URL of a role that may create roles and databases (or DATABASE_ADMIN_URL)",
        )
        parser.add_argument(
            "--owner-createdb",
            action="store_true",
            help="let the owner create databases (only for test runs, which create their own databases)",
        )
        parser.add_argument("--no-database", action="store_true", help="create the roles only")

    def handle(self, admin_url, owner_createdb, no_database, **options):
        roles = getattr(settings, "DATABASE_ROLES", None)
        if not roles:
            raise CommandError(
                "Set DATABASE_MIGRATE_URL (the owner) and DATABASE_URL (the application role)."
            )
        if not admin_url:
            raise CommandError("Give an administrator's connection: --admin-url or DATABASE_ADMIN_URL.")
        owner, app = roles["owner"], roles["app"]
        try:
            with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as admin:
                self._role(admin, owner, "CREATEDB" if owner_createdb else "NOCREATEDB")
                self._role(admin, app, "NOCREATEDB")
                self._not_member(admin, app["USER"], owner["USER"])
                if not no_database:
                    self._database(admin, admin_url, roles["name"], owner, app)
        except psycopg.Error as exc:
            raise CommandError(f"PostgreSQL: {str(exc).strip()}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Roles ready: {owner['USER']} (table owner), {app['USER']} (application).")
        )

    def _role(self, admin, creds: dict, createdb: str) -> None:
        name = creds["USER"]
        parts = [sql.SQL(f"{ROLE_OPTIONS} {createdb}")]
        if creds["PASSWORD"]:
            hashed = admin.pgconn.encrypt_password(creds["PASSWORD"].encode(), name.encode())
            parts.append(sql.SQL("PASSWORD {}").format(sql.Literal(hashed.decode())))
        options = sql.SQL(" ").join(parts)
        exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone()
        if not exists:
            try:
                admin.execute(sql.SQL("CREATE ROLE {} {}").format(sql.Identifier(name), options))
                return
            except errors.DuplicateObject:  # created meanwhile by a parallel run
                pass
        admin.execute(sql.SQL("ALTER ROLE {} {}").format(sql.Identifier(name), options))

    def _not_member(self, admin, app: str, owner: str) -> None:
        # A member of the owner role would have the owner's powers (and could SET ROLE to it).
        if admin.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [app, owner]).fetchone()[0]:
            raise CommandError(f"The application role {app!r} is a member of the owner role {owner!r}.")

    def _database(self, admin, admin_url: str, name: str, owner: dict, app: dict) -> None:
        row = admin.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        db = sql.Identifier(name)
        if row is None:
            admin.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(db, sql.Identifier(owner["USER"])))
        elif row[0] != owner["USER"]:
            self.stderr.write(
                self.style.WARNING(
                    f"Database {name!r} already exists and is owned by {row[0]!r}; hand it and its tables "
                    f"over with REASSIGN OWNED BY {row[0]} TO {owner['USER']} (docs/deployment.md)."
                )
            )
        admin.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(db))
        admin.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(db, sql.Identifier(app["USER"])))
        # Only the owner may create tables (PostgreSQL before 15 lets everyone create in "public").
        with psycopg.connect(admin_url, dbname=name, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(owner["USER"])))
            conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
