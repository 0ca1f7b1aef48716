"""The due-soon and overdue lists of every process here: open records by their deadline.

One query per list on the `(state, due_at)` index each model has (bench/authorities.py measures them).
"""

from datetime import timedelta

from django.utils import timezone

from workflows.calendar.clocks import next_working_day_deadline

from ..models import CallRecordRequest, DiscrepancyRequest, Escalation, InformationRequest

DEADLINED = (CallRecordRequest, InformationRequest, Escalation, DiscrepancyRequest)


def _next_working_day(now):
    return next_working_day_deadline(now) + timedelta(microseconds=1)  # due by the close of it, included


# How far ahead "due soon" looks, from `now`: the last hour of para 14's four calendar hours; the working-day
# terms (paras 24-25, 28) by the close of the next working day, as onboarding reminds (a Friday evening sees
# Monday's); half a day of para 32's single working day.
DUE_SOON = {
    CallRecordRequest: lambda now: now + timedelta(hours=1),
    InformationRequest: _next_working_day,
    Escalation: _next_working_day,
    DiscrepancyRequest: lambda now: now + timedelta(hours=12),
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
    return open_records(model, queryset).filter(due_at__gte=now, due_at__lt=DUE_SOON[model](now)).order_by("due_at")
