from django.db import migrations


def seed(apps, schema_editor):
    from zorgzaam.socialmap.taxonomy import seed as do_seed

    do_seed(apps.get_model("socialmap", "Category"), apps.get_model("socialmap", "TargetGroup"))


class Migration(migrations.Migration):
    dependencies = [("socialmap", "0002_social_map")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
