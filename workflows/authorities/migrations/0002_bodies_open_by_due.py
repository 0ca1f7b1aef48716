# Written by hand (the shared virtualenv was gone when it was made): what makemigrations writes for the two
# partial indexes in models.py. The lead renumbers it at merge.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("authorities", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="callrecordrequest",
            index=models.Index(
                condition=models.Q(("state__in", ("received", "searching"))),
                fields=["due_at"],
                name="callrecord_open_by_due",
            ),
        ),
        migrations.AddIndex(
            model_name="discrepancyrequest",
            index=models.Index(
                condition=models.Q(("state__in", ("received", "explained"))),
                fields=["due_at"],
                name="discrepancy_open_by_due",
            ),
        ),
    ]
