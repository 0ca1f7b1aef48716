"""What the screens and the schedule read of the information requests (paras 24-25) and the escalations
(para 28): who sees which, their files, the lists by deadline, and the coordinator's refusals of the month."""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone

from workflows.calendar.clocks import local_date

from ..models import Attachment, Escalation, InformationRequest
from .common import visible_to
from .deadlines import due_soon, overdue

Ground = InformationRequest.Ground
State = InformationRequest.State


def information_requests_for(user):
    """The requests `user` may see: a body's responsible person only their own bodies'."""
    queryset = InformationRequest.objects.select_related("body", "service", "created_by")
    return visible_to(user, queryset, "body")


def escalations_for(user):
    return visible_to(user, Escalation.objects.select_related("provider", "authority"), "provider")


def attachments_of(record):
    """The files that came or went with `record`, oldest first."""
    content_type = ContentType.objects.get_for_model(record)
    return list(Attachment.objects.filter(content_type=content_type, object_id=record.pk))


def attachment_of(record, pk):
    content_type = ContentType.objects.get_for_model(record)
    return Attachment.objects.filter(content_type=content_type, object_id=record.pk, pk=pk).first()


def late_requests(queryset):
    """Answered or refused after the term, or still open past it."""
    now = timezone.now()
    return queryset.filter(Q(late=True) | Q(state__in=InformationRequest.OPEN_STATES, due_at__lt=now))


def listing(queryset, which, *, now=None):
    """One of the list's tabs: "open", "due_soon", "overdue", "late", or everything."""
    if which == "open":
        return queryset.filter(state__in=InformationRequest.OPEN_STATES).order_by("due_at")
    if which == "due_soon":
        return due_soon(InformationRequest, queryset=queryset, now=now)
    if which == "overdue":
        return overdue(InformationRequest, queryset=queryset, now=now)
    if which == "late":
        return late_requests(queryset)
    return queryset


def month_bounds(day):
    """The first and the last day of the month of `day`."""
    first = day.replace(day=1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def refusals_in_month(month=None):
    """The coordinator's view (para 28): each provider that refused this month (the month of `month`), with
    its lawful and unlawful refusals counted and its escalations whose refusals fall in the month."""
    first, last = month_bounds(month or local_date(timezone.now()))
    refused = InformationRequest.objects.filter(state=State.REFUSED, refused_on__range=(first, last))
    rows = (
        refused.values("body", "body__name_kk", "body__name_ru")
        .annotate(
            total=Count("pk"),
            unlawful=Count("pk", filter=Q(refusal_ground=Ground.UNLAWFUL)),
            lawful=Count("pk", filter=~Q(refusal_ground=Ground.UNLAWFUL)),
        )
        .order_by("-unlawful", "body__name_ru")
    )
    escalations = {}
    for escalation in Escalation.objects.filter(refusals__in=refused).distinct().order_by("window_start"):
        escalations.setdefault(escalation.provider_id, []).append(escalation)
    return [{**row, "escalations": escalations.get(row["body"], [])} for row in rows]
