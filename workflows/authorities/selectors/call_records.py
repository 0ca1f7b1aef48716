"""Para 14's reads: the requests a user may see, the calls a request is about, the alarmed ones."""

from django.db.models import Q
from django.utils import timezone

from workflows.appeals.models import phone_digits
from workflows.calendar.clocks import calendar_hours_deadline
from workflows.telephony.selectors import calls_matching

from ..models import CALL_RECORD_ALARM_LEAD_HOURS, CallRecordRequest
from .common import visible_to
from .deadlines import due_soon, open_records, overdue


def requests_for(user, *, state=None, phone=None):
    """The call-record requests `user` may see, newest first; `phone` matches by the last ten digits."""
    queryset = visible_to(user, CallRecordRequest.objects.select_related("requester"), "requester")
    if state in CallRecordRequest.State.values:
        queryset = queryset.filter(state=state)
    digits = phone_digits(phone)
    if digits:
        queryset = queryset.filter(phone__contains=digits)
    return queryset


def matching_calls(request):
    """The calls from the request's number on its dates, local (telephony's own query)."""
    return calls_matching(request.phone, request.period_start, request.period_end)


def alarmed(*, now=None, queryset=None):
    """Open requests whose alarm moment (three hours after receipt) has passed: due within the last hour.

    `due_at` is four hours after receipt, so "three hours passed" reads as "due by an hour from now", on the
    `(state, due_at)` index.
    """
    now = now or timezone.now()
    horizon = calendar_hours_deadline(now, CALL_RECORD_ALARM_LEAD_HOURS)
    return open_records(CallRecordRequest, queryset).filter(due_at__lte=horizon).order_by("due_at")


def overdue_requests(*, now=None, queryset=None):
    return overdue(CallRecordRequest, queryset=queryset, now=now)


def due_soon_requests(*, now=None, queryset=None):
    return due_soon(CallRecordRequest, queryset=queryset, now=now)


def late_flags(queryset, *, now=None):
    """The pks among `queryset` that are late: handled late, or open past their term."""
    now = now or timezone.now()
    late = Q(late=True) | Q(state__in=CallRecordRequest.OPEN_STATES, due_at__lt=now)
    return set(queryset.filter(late).values_list("pk", flat=True))
