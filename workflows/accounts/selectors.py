"""Who holds a role: the one way the apps above accounts read the roles (issue 15: cms reads the roles
through one accounts function, not through roles.py).

The role names are exposed as strings (each role is a Django group of that name: roles.py), so that a
caller needs nothing else from this app.
"""

from django.contrib.auth import get_user_model

from . import roles

KB_EDITOR = roles.KB_EDITOR.name
KB_REVIEWER = roles.KB_REVIEWER.name


def users_with_role(name):
    """The active users holding the role called `name` (KB_EDITOR, KB_REVIEWER …)."""
    return get_user_model().objects.filter(groups__name=name, is_active=True)
