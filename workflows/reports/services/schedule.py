"""The monthly run (paras 31, 39: every recipient's report of the month before, by the 5th) and the
supervisors' warning on the last working day before the 5th of anything not delivered yet."""

import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import Truncator

from workflows.accounts.roles import SENIOR_OPERATOR
from workflows.accounts.selectors import users_with_role
from workflows.calendar.clocks import local_date, report_warning_day
from workflows.notifications.selectors import compose_in_languages

from .. import selectors
from ..models import Report, ReportWarning
from .delivery import ensure_delivery, send_delivery

logger = logging.getLogger(__name__)


def run_monthly(*, today=None, now=None):
    """Generate and mail the previous month's reports to every recipient, each once. Idempotent: the schedule
    runs daily at 01:00, so the 1st's run does the work and a later run sends only what is not there yet (a
    recipient added since, a run that did not happen). Returns how many mails this run sent."""
    now = now or timezone.now()
    period = selectors.Period.previous_month(today or local_date(now))
    sent = 0
    for kind in (Report.Kind.ANNEX2, Report.Kind.ICT):
        for recipient in selectors.recipients(kind, period):
            try:
                delivery = ensure_delivery(kind=kind, period=period, recipient=recipient, at=now)
            except Exception:  # one recipient's report that cannot be made does not hold up the others
                logger.exception("the %s report of %s for %s could not be generated", kind, period.start, recipient)
                continue
            sent += send_delivery(delivery, now=now)
    return sent


def warn_undelivered(*, today=None):
    """On the warning day of the previous month's reports, tell the supervisors once which are not delivered."""
    today = today or local_date(timezone.now())
    period = selectors.Period.previous_month(today)
    if today != report_warning_day(period.start):
        return None
    pending = list(selectors.undelivered(period))
    if not pending:
        return None
    addresses = sorted(set(filter(None, users_with_role(SENIOR_OPERATOR.name).values_list("email", flat=True))))
    try:
        with transaction.atomic():
            warning = ReportWarning.objects.create(
                period_start=period.start, undelivered=len(pending), recipients=", ".join(addresses)
            )
    except IntegrityError:  # sent already by an earlier run
        return None
    context = {"period": period, "pending": pending, "deadline": selectors.deadline(period)}
    text = render_to_string("reports/mail/warning.txt", context).strip()
    subject = f"Есептер жеткізілмеді / Отчёты не доставлены: {period.start:%m.%Y} ({len(pending)})"
    edited = compose_in_languages("reports.warning", _warning_values(period, pending, context["deadline"]))
    if edited is not None:  # issue 20, item 3: the administrators' text
        subject, text = edited
    try:
        if addresses:
            send_mail(subject, text, None, addresses)
    except Exception:
        warning.delete()  # not sent: the next run of the day tries again
        raise
    return warning


def _warning_values(period, pending, deadline):
    def line(delivery):
        error = f" ({Truncator(delivery.last_error).chars(200)})" if delivery.last_error else ""
        recipient = f"{delivery.recipient.name_kk} / {delivery.recipient.name_ru}"
        return f"- {recipient} — {delivery.kind}: {delivery.state}{error}"

    values = {
        "month": f"{period.start:%m.%Y}",
        "deadline": f"{deadline:%d.%m.%Y}",
        "count": len(pending),
        "pending_lines": "\n".join(map(line, pending)),
    }
    return lambda language: values
