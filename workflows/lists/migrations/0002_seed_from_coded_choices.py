"""Seed the reference lists from the choices that were coded until issue 20: the same codes (the records
keep them) and the same names in the three languages, as the translation catalogues gave them."""

from django.db import migrations

from workflows.lists.seed import seed_entries


def seed(apps, schema_editor):
    seed_entries(apps.get_model("lists", "ListEntry"))


class Migration(migrations.Migration):
    dependencies = [("lists", "0001_entries")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
