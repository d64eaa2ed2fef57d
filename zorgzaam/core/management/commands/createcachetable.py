"""`createcachetable` as the table owner (DATABASE_MIGRATE_URL): the application role may not create
tables; the owner's default privileges give it data rights on the new table."""

from django.core.management.commands.createcachetable import Command as DjangoCreateCacheTable

from zorgzaam.core.dbroles import as_owner


class Command(DjangoCreateCacheTable):
    def handle(self, *args, **options):
        with as_owner(options["database"]):
            super().handle(*args, **options)
