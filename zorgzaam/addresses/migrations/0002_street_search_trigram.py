"""The street autocomplete searches `search LIKE '%…%'`: on PostgreSQL a pg_trgm GIN index answers that
in milliseconds on a register of all of Belgium (docs/performance-indexes.md). Other databases (SQLite in
development and tests) scan the small registers they hold. The migration runs as the database owner,
who may create the (trusted) extension; the application role may not."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS addresses_street_search_trgm "
        "ON addresses_street USING gin (search gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS addresses_street_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("addresses", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
