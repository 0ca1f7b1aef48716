"""Data migration: the platform's roles as groups. Their permissions are added after every
`migrate` by workflows.accounts.roles.sync_roles (a later app's permissions do not exist yet here)."""

from django.db import migrations

ROLE_NAMES = [
    "Operator",
    "Senior operator",
    "KB editor",
    "KB reviewer",
    "Onboarding coordinator",
    "Body responsible person",
    "Authority viewer",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
