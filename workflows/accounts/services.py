"""Operations on users and roles: the first admin, and one demo user per role.

Which body a demo person speaks for is the directory's to say (it sits above accounts): each demo user is
announced with `signals.demo_user_ready`, answered in `workflows/directory/receivers.py`.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from . import signals
from .roles import ROLES

DEMO_USERNAMES = {
    "Operator": "operator",
    "Senior operator": "supervisor",
    "KB editor": "editor",
    "KB reviewer": "reviewer",
    "Onboarding coordinator": "coordinator",
    "Body responsible person": "responsible",
    "Authority viewer": "authority",
}
# Demo people have names, as real staff do: the admin greets them and the audit trail names them.
DEMO_NAMES = {
    "operator": ("Айгүл", "Серікова"),
    "supervisor": ("Болат", "Жақсылықов"),
    "editor": ("Динара", "Оспанова"),
    "reviewer": ("Ерлан", "Тоқтаров"),
    "coordinator": ("Жанар", "Әбілқасымова"),
    "responsible": ("Нұржан", "Исаев"),
    "authority": ("Сәуле", "Мұратова"),
}


def ensure_admin(*, username="admin", email="admin@localhost"):
    """Create the first superuser with a random password; returns the password, or None if it exists."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return None
    password = secrets.token_urlsafe(12)
    User.objects.create_superuser(username=username, email=email, password=password)
    return password


@transaction.atomic
def create_demo_users(*, password):
    """One user per role (demo only); the apps above are told of each (`signals.demo_user_ready`)."""
    User = get_user_model()
    names = []
    for role in ROLES:
        username = DEMO_USERNAMES[role.name]
        first_name, last_name = DEMO_NAMES[username]
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@demo.invalid", "first_name": first_name, "last_name": last_name},
        )
        if created:
            user.set_password(password)
            user.save()
        elif not (user.first_name or user.last_name):  # made by an earlier `make run`, before names
            User.objects.filter(pk=user.pk).update(first_name=first_name, last_name=last_name)
        user.groups.add(Group.objects.get(name=role.name))
        signals.demo_user_ready.send(sender=User, user=user, role=role)
        names.append(username)
    return names
