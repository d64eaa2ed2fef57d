from django.db import migrations


def seed(apps, schema_editor):
    from zorgzaam.sectors.catalogue import seed as seed_catalogue

    seed_catalogue(apps.get_model("sectors", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("sectors", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
