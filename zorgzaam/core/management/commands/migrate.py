"""`migrate` as the table owner (DATABASE_MIGRATE_URL), then grant the application role its rights.

Without DATABASE_MIGRATE_URL this is Django's migrate unchanged (one role, e.g. SQLite or the demo).
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrate

from zorgzaam.core.dbroles import as_owner, grant_app_rights


class Command(DjangoMigrate):
    help = (
        "Updates the database schema. On PostgreSQL with DATABASE_MIGRATE_URL it runs as that owner role "
        "and afterwards grants the application role (DATABASE_URL) data rights only."
    )

    def handle(self, *args, **options):
        with as_owner(options["database"]) as connection:
            super().handle(*args, **options)
            if options.get("plan") or options.get("check_unapplied"):
                return
            try:
                warning = grant_app_rights(connection)
            except ImproperlyConfigured as exc:  # e.g. the application role does not exist yet
                raise CommandError(str(exc)) from exc
        if warning:
            self.stderr.write(self.style.WARNING(warning))
