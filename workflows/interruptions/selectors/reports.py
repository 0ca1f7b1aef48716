"""What the ICT report of para 39 reads of para 38: the planned interruptions of a period that were notified,
and whether each notice came at least 24 hours before the start (the model's `late` flag, set by the clock
`calendar.clocks.latest_notice_before` when the notice or a postponement went out)."""

from django.db.models import Prefetch
from django.utils import timezone

from workflows.ict.models import IctService

from ..models import InterruptionNotice


def notified_interruptions(since, until, body=None):
    """The interruptions starting in [since, until) that were notified (cancelled ones included: their
    notice went out), oldest first; with `body`, only those it was told of (its own). Each a dict: number,
    start, end (local), scope, services, first notice (local), late and why."""
    queryset = InterruptionNotice.objects.filter(
        notified_at__isnull=False, starts_at__gte=since, starts_at__lt=until
    ).order_by("starts_at", "pk")
    if body is not None:
        queryset = queryset.filter(deliveries__body=body).distinct()
    services = Prefetch("services", queryset=IctService.objects.order_by("code").only("code"))
    return [
        {
            "number": notice.pk,
            "starts_at": timezone.localtime(notice.starts_at),
            "ends_at": timezone.localtime(notice.ends_at),
            "scope": notice.scope,
            "services": ", ".join(service.code for service in notice.services.all()),
            "notified_at": timezone.localtime(notice.notified_at),
            "state": notice.state,
            "late": notice.late,
            "late_reason": notice.late_reason,
        }
        for notice in queryset.prefetch_related(services)
    ]
