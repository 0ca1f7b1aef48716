"""Changes of the configuration an administrator makes (issue 20, items 2 and 8)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.calendar.models import Term
from workflows.calendar.terms import DEFINITIONS


def change_term(*, key, value, effective_from, reason, user, today=None):
    """A new value of term `key` for the items opened on or after `effective_from` (never in the past: the
    items opened since keep the term they were given). The reason is required; django-auditlog records who.
    A second change for the same day replaces the first (still audited, with its reason)."""
    if key not in DEFINITIONS:
        raise ValidationError({"key": _("There is no such term.")})
    if effective_from and effective_from < (today or timezone.localdate()):
        raise ValidationError({"effective_from": _("A term cannot change in the past: choose today or a later day.")})
    with transaction.atomic():
        change = Term.objects.filter(key=key, effective_from=effective_from).first() or Term(
            key=key, effective_from=effective_from
        )
        change.value = value
        change.reason = (reason or "").strip()
        change.changed_by = user
        change.full_clean()
        change.save()
    return change
