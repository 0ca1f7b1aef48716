"""Issue 20, item 5: the default queue becomes the last routing rule, a catch-all, seeded from
`settings.UCC_APPEALS_DEFAULT_QUEUE` (until now read at every registration)."""

from django.conf import settings
from django.db import migrations


def seed(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    RoutingRule = apps.get_model("appeals", "RoutingRule")
    if RoutingRule.objects.exists():
        return
    queue, _created = Group.objects.get_or_create(name=settings.UCC_APPEALS_DEFAULT_QUEUE)
    RoutingRule.objects.create(name="Default queue", sort_order=1000, queue=queue)


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0009_routing_rules_and_reference_lists"),
        ("accounts", "0002_create_roles"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
