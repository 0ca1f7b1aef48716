"""Para 37: the Regulations' terms as first seeded; an administrator edits them in the admin afterwards."""

from django.db import migrations

WH, WD = "working_hours", "working_days"
DEFAULTS = {
    # priority: (first answer, unit, resolution, unit)
    "high": (1, WH, 8, WH),
    "normal": (4, WH, 3, WD),
    "low": (8, WH, 5, WD),
}
TYPES = ("consultation", "incident", "access", "other")


def seed(apps, schema_editor):
    IctTerm = apps.get_model("ict", "IctTerm")
    for request_type in TYPES:
        for priority, (first, first_unit, resolution, resolution_unit) in DEFAULTS.items():
            IctTerm.objects.get_or_create(
                request_type=request_type,
                priority=priority,
                defaults={
                    "first_answer": first,
                    "first_answer_unit": first_unit,
                    "resolution": resolution,
                    "resolution_unit": resolution_unit,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("ict", "0002_ictreq_requests")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
