"""Model fields whose choices are a reference list (`choices=` one of the callables of `selectors`).

Django's system check of `choices` walks them, which would read the database before it may be there (the
checks of `migrate` on an empty database, checks run without one); the list is the administrator's and is
validated on save (`ListEntry.clean`), so the check is skipped for these fields."""

from django.db import models


class ReferenceListChoicesMixin:
    def _check_choices(self):
        return []


class ReferenceCodeField(ReferenceListChoicesMixin, models.CharField):
    """A stored code of a reference list entry."""
