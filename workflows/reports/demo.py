"""Demo reports (paras 31, 39): last month's Annex 2 for the quality authority (sent and confirmed) and for the
first central body (sent), and the ICT report for the informatization authority, so the *Statutory reports*
screen has something to show on a first `make run`. The demo authority user speaks for the quality authority.
Made through the services the schedule uses; a second run finds the deliveries and makes nothing."""

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.utils import timezone

from workflows.accounts.models import BodyMembership
from workflows.calendar.clocks import local_date
from workflows.directory.models import StateBody

from .models import Report, ReportDelivery
from .selectors import Period
from .services import delivery as deliveries

Kind = StateBody.Kind


def _first(kind):
    return StateBody.objects.filter(kind=kind, is_active=True).order_by("code").first()


def load_demo_reports(now=None):
    """Returns how many reports were made."""
    now = now or timezone.now()
    period = Period.previous_month(local_date(now))
    wanted = [
        (Report.Kind.ANNEX2, _first(Kind.QUALITY_AUTHORITY), True),
        (Report.Kind.ANNEX2, _first(Kind.CENTRAL_BODY), False),
        (Report.Kind.ICT, _first(Kind.INFORMATIZATION_AUTHORITY), False),
    ]
    authority = get_user_model().objects.filter(username="authority").first()
    if authority and wanted[0][1]:
        BodyMembership.objects.get_or_create(user=authority, body=wanted[0][1])
    # The demo's mails go nowhere: `make run` writes mail to the console, and two files in base64 would fill it.
    quiet = get_connection("django.core.mail.backends.dummy.EmailBackend")
    made = 0
    for kind, body, confirmed in wanted:
        if body is None or ReportDelivery.objects.filter(recipient=body, kind=kind, period_start=period.start).exists():
            continue
        delivery = deliveries.ensure_delivery(kind=kind, period=period, recipient=body, at=now)
        deliveries.send_delivery(delivery, now=now, connection=quiet)
        if confirmed:
            deliveries.acknowledge(delivery, at=now)
        made += 1
    return made
