"""The due-soon and overdue lists of every process here: open records by their deadline.

One query per list on the `(state, due_at)` index each model has (bench/authorities.py measures them).
"""

from datetime import timedelta

from django.utils import timezone

from ..models import CallRecordRequest, DiscrepancyRequest, Escalation, InformationRequest

DEADLINED = (CallRecordRequest, InformationRequest, Escalation, DiscrepancyRequest)
# How far ahead "due soon" looks: the last hour of para 14's four, a working day's worth for the others.
DUE_SOON = {
    CallRecordRequest: timedelta(hours=1),
    InformationRequest: timedelta(days=1),
    Escalation: timedelta(days=1),
    DiscrepancyRequest: timedelta(hours=12),
}


def open_records(model, queryset=None):
    queryset = model._default_manager.all() if queryset is None else queryset
    return queryset.filter(state__in=model.OPEN_STATES)


def overdue(model, *, queryset=None, now=None):
    """Open past the deadline, the most overdue first."""
    now = now or timezone.now()
    return open_records(model, queryset).filter(due_at__lt=now).order_by("due_at")


def due_soon(model, *, queryset=None, now=None):
    """Open, not yet overdue, due within the model's look-ahead, the nearest first."""
    now = now or timezone.now()
    return open_records(model, queryset).filter(due_at__gte=now, due_at__lt=now + DUE_SOON[model]).order_by("due_at")
