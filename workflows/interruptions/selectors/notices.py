"""Which notices are coming, active or past; who is told of one; the timeline."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.directory.models import StateBody

from ..models import RECIPIENT_KINDS, InterruptionNotice, NoticeDelivery

BANNER_AHEAD = timedelta(hours=24)  # operators are warned a day ahead (a screen's horizon, not a deadline of the Rules)


def notices():
    return InterruptionNotice.objects.select_related("operator").prefetch_related("services")


def notices_for(user):
    """Notices carry no body's secrets: whoever may view them sees all of them."""
    return notices() if user.has_perm("interruptions.view_interruptionnotice") else notices().none()


def published(now=None):
    """Notified and not yet over: what the public page and the banner show."""
    now = now or timezone.now()
    return notices().filter(state=InterruptionNotice.State.NOTIFIED, ends_at__gt=now)


def active_or_imminent(now=None, ahead=BANNER_AHEAD):
    now = now or timezone.now()
    return published(now).filter(starts_at__lte=now + ahead)


def grouped(queryset, now=None):
    """(coming, active, past) of `queryset`: past are finished, cancelled, or ended."""
    now = now or timezone.now()
    live = Q(state__in=(InterruptionNotice.State.DRAFTED, InterruptionNotice.State.NOTIFIED), ends_at__gt=now)
    coming = queryset.filter(live, starts_at__gt=now).order_by("starts_at")
    active = queryset.filter(live, starts_at__lte=now).order_by("ends_at")
    past = queryset.exclude(live).order_by("-starts_at")
    return coming, active, past


def recipients(notice):
    """Para 38: the central bodies, local executive bodies and providers using the services affected (or all of
    them), and whoever was told of an earlier version (so a cancellation reaches everyone told)."""
    bodies = StateBody.objects.filter(kind__in=RECIPIENT_KINDS, is_active=True)
    if not notice.notify_all:
        bodies = bodies.filter(ict_services__in=notice.services.all())
    told = NoticeDelivery.objects.filter(notice=notice).values("body")
    return StateBody.objects.filter(Q(pk__in=bodies.values("pk")) | Q(pk__in=told)).order_by("pk")


def deliveries_of(notice):
    return notice.deliveries.select_related("body").order_by("-version", "body__name_ru")


def due_deliveries():
    """Deliveries not sent yet or failed: the schedule (re)tries them."""
    return NoticeDelivery.objects.filter(NoticeDelivery.due())


def ended(now=None):
    now = now or timezone.now()
    return InterruptionNotice.objects.filter(state=InterruptionNotice.State.NOTIFIED, ends_at__lte=now)


VERBS = {
    "drafted": _("entered"),
    "notify": _("bodies notified"),
    "postpone": _("postponed"),
    "extend": _("extended"),
    "cancel": _("cancelled"),
    "finish": _("finished"),
}


def timeline(notice):
    events = list(notice.events.select_related("actor"))
    for event in events:
        event.label = VERBS.get(event.verb, event.verb)
    return events
