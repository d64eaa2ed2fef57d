from django.db import migrations


def seed(apps, schema_editor):
    from zorgzaam.care.themes import ensure_themes

    ensure_themes(apps.get_model("care", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
