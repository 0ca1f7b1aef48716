"""Delivering a recipient's report exactly once (paras 31, 39).

The delivery row is unique per (recipient, kind, period): a second run of the schedule, or a second cluster at
the same moment, finds it instead of making another. Its report is generated under the row's lock, so two runs
never generate it twice. A run sends only a delivery it has claimed by a conditional update (generated or
failed → sending); a failure is written back with the time of the next attempt (back-off); a run that died
while sending leaves the delivery "sending" — never sent again by itself, since the mail may have gone.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from workflows.notifications.selectors import compose_in_languages

from .. import labels, selectors
from ..models import Report, ReportDelivery, ReportEvent
from ..notification_templates import report_values
from .generation import audit, generate_report, period_of

logger = logging.getLogger(__name__)

State = ReportDelivery.State
ACK_SALT = "workflows.reports.acknowledge"
ACK_MAX_AGE = 180 * 24 * 3600  # half a year: a body may confirm a report late, never forge one
FIRST_RETRY = timedelta(minutes=5)
LONGEST_WAIT = timedelta(hours=6)
MAX_ATTEMPTS = 12  # five minutes doubling to six hours: about two days of trying, then a supervisor's resend


class LinkRefused(Exception):
    pass


def record(delivery, verb, *, text="", actor=None, at=None):
    return ReportEvent.objects.create(
        delivery=delivery,
        verb=verb,
        text=text,
        actor=actor if getattr(actor, "pk", None) else None,
        at=at or timezone.now(),
    )


def retry_at(attempts, now):
    """Five minutes after the first failure, doubling after each, at most six hours."""
    return now + min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def ensure_delivery(*, kind, period, recipient, at=None):
    """The recipient's delivery of the period's report, made (with its report) when there is none yet."""
    at = at or timezone.now()
    key = {"recipient": recipient, "kind": kind, "period_start": period.start, "period_end": period.end}
    delivery = ReportDelivery.objects.filter(**key).first()
    if delivery is None:
        try:
            with transaction.atomic():
                delivery = ReportDelivery.objects.create(**key)
        except IntegrityError:  # another run made it a moment ago
            delivery = ReportDelivery.objects.get(**key)
    if delivery.report_id is None:
        with transaction.atomic():
            locked = ReportDelivery.objects.select_for_update().get(pk=delivery.pk)
            if locked.report_id is None:
                report = generate_report(kind=kind, period=period, recipient=recipient, at=at)
                ReportDelivery.objects.filter(pk=locked.pk).update(report=report)
                record(locked, "generated", text=f"v{report.version}, {report.rows}", at=at)
        delivery = ReportDelivery.objects.select_related("report", "recipient").get(pk=delivery.pk)
    return delivery


def acknowledge_token(delivery):
    return signing.dumps({"delivery": delivery.pk, "report": delivery.report_id}, salt=ACK_SALT, compress=True)


def acknowledge_link(delivery):
    path = reverse("reports_acknowledge", kwargs={"token": acknowledge_token(delivery)})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def delivery_for_token(token):
    """The delivery a link was issued for; `LinkRefused` when forged, altered or too old."""
    try:
        data = signing.loads(token, salt=ACK_SALT, max_age=ACK_MAX_AGE)
    except (signing.BadSignature, ValueError) as error:
        raise LinkRefused from error
    delivery = ReportDelivery.objects.select_related("recipient", "report").filter(pk=data.get("delivery")).first()
    if delivery is None:
        raise LinkRefused
    return delivery


def _message(delivery, addresses):
    report = delivery.report
    meta = labels.report_meta(report.kind, period_of(report), delivery.recipient, version=report.version)
    context = {"meta": meta, "delivery": delivery, "report": report, "link": acknowledge_link(delivery)}
    edited = compose_in_languages("reports.delivery", report_values(meta, context["link"]))  # issue 20, item 3
    if edited is not None:
        subject, text = edited
    else:
        subject = f"{meta['title_kk']} / {meta['title_ru']}"
        text = render_to_string("reports/mail/report.txt", context).strip()
    message = EmailMessage(subject[:200], text, None, addresses)
    for field, mime in ((report.pdf, "application/pdf"), (report.xlsx, "application/vnd.ms-excel")):
        with field.open("rb") as handle:
            message.attach(field.name.rsplit("/", 1)[-1], handle.read(), mime)
    return message


def send_delivery(delivery, *, now=None, connection=None):
    """Send `delivery` if no other run has (through the mail `connection`, the default one when None); True
    when this call sent it."""
    now = now or timezone.now()
    due = Q(state=State.GENERATED) | Q(state=State.FAILED, next_attempt_at__lte=now)  # a failure after its back-off
    claimed = (
        ReportDelivery.objects.filter(due, pk=delivery.pk, report__isnull=False)
        .update(state=State.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    )  # fmt: skip
    if claimed != 1:
        return False
    delivery = ReportDelivery.objects.select_related("report", "recipient").get(pk=delivery.pk)
    addresses = selectors.contact_addresses(delivery.recipient)
    retried = bool(delivery.last_error)  # the last attempt failed (a supervisor's resend starts afresh)
    try:
        if not addresses:
            raise ValueError("the body has no report contact and no e-mail in the directory")
        message = _message(delivery, addresses)
        message.connection = connection
        message.send()
    except Exception as error:  # the mail server's refusal or outage: kept, retried after the back-off
        logger.warning("report delivery %s failed: %s", delivery.pk, error)
        with transaction.atomic():
            delivery.mark_failed(error=str(error), retry_at=retry_at(delivery.attempts, now))
            delivery.addresses = ", ".join(addresses)
            delivery.save()
            record(delivery, "retry_failed" if retried else "failed", text=str(error)[:500], at=now)
        return False
    with transaction.atomic():
        delivery.mark_sent(at=now)
        delivery.addresses = ", ".join(addresses)
        delivery.save()
        record(delivery, "retried" if retried else "sent", text=delivery.addresses, at=now)
        audit(delivery.report, None, "sent", to=delivery.addresses)
    return True


def retry_failed(*, now=None):
    """The schedule: failed deliveries whose back-off has passed, up to MAX_ATTEMPTS each."""
    now = now or timezone.now()
    return sum(
        send_delivery(delivery, now=now) for delivery in selectors.due_retries(now).filter(attempts__lt=MAX_ATTEMPTS)
    )


def acknowledge(delivery, *, at=None):
    """The recipient confirms receipt through the signed link of the mail; a second confirmation changes nothing."""
    at = at or timezone.now()
    with transaction.atomic():
        delivery = ReportDelivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.state == State.ACKNOWLEDGED:
            return delivery, False
        if delivery.state != State.SENT:
            raise LinkRefused
        delivery.acknowledge(at=at)
        delivery.save()
        record(delivery, "acknowledged", at=at)
    return delivery, True


def _period(delivery):
    return selectors.Period(delivery.period_start, delivery.period_end)


def resend(delivery, *, user, regenerate=False):
    """A supervisor sends the recipient's report again: its newest version, or a new version made now (the
    data changed since); the earlier versions and sendings stay in the history."""
    newest = (
        Report.objects.filter(
            kind=delivery.kind,
            period_start=delivery.period_start,
            period_end=delivery.period_end,
            recipient=delivery.recipient,
        )
        .order_by("-version")
        .first()
    )
    if newest is None or regenerate:
        newest = generate_report(kind=delivery.kind, period=_period(delivery), recipient=delivery.recipient, user=user)
    with transaction.atomic():
        delivery = ReportDelivery.objects.select_for_update().get(pk=delivery.pk)
        delivery.resend(report=newest)
        delivery.save()
        record(delivery, "resent", text=f"v{newest.version}", actor=user)
    transaction.on_commit(lambda: send_delivery(delivery))
    return delivery
