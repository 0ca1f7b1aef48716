"""The synonyms every UCC operator uses (editable in the admin afterwards)."""

from django.db import migrations

DEFAULT_GROUPS = [
    (
        "ЭЦП\nЭЦҚ\nEDS\nэлектронная цифровая подпись\nэлектрондық цифрлық қолтаңба\nelectronic digital signature",
        "Electronic digital signature",
    ),
    ("ЦОН\nХҚКО\nцентр обслуживания населения\nхалыққа қызмет көрсету орталығы", "Public service centre"),
]


def add_defaults(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for terms, note in DEFAULT_GROUPS:
        SynonymGroup.objects.get_or_create(note=note, defaults={"terms": terms})


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_structures")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
