"""`flush` as the table owner (DATABASE_MIGRATE_URL): emptying tables with TRUNCATE is the owner's
right, not the application role's. The audit log's trigger still refuses it (tests lift it for their
own flush, see zorgzaam/conftest.py)."""

from django.core.management.commands.flush import Command as DjangoFlush

from zorgzaam.core.dbroles import as_owner


class Command(DjangoFlush):
    def handle(self, **options):
        with as_owner(options["database"]):
            super().handle(**options)
