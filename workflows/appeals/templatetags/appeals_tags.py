"""Template helpers of the appeals screens, mail and public form."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from workflows.accounts.roles import role_label
from workflows.appeals.personal_data import mask_name

register = template.Library()


@register.filter
def local_deadline(moment):
    """A deadline as the reader's calendar shows it: "27.03.2026 23:59" (Almaty time)."""
    if not moment:
        return "—"
    if isinstance(moment, str):  # a placeholder ("{{ due_date }}") when the shipped mail text is written out
        return moment
    return date_format(timezone.localtime(moment), "d.m.Y H:i")


@register.filter
def masked_name(name):
    return mask_name(name)


@register.filter
def role(group):
    """A queue (a group) in the reader's language: "Operator" reads "Оператор" in Kazakh."""
    return role_label(group)
