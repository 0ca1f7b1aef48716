"""Para 8's clock watched for the people who keep it (issue 19, item 5), each alert once.

- A written appeal still open on the morning of its due day: its operator is told (09:00 Almaty, or the
  first run after it).
- An appeal past its due time: the supervisors (Senior operators) are told once per deadline. A new deadline,
  after a redirect, alerts again.
- An appeal waiting without an operator longer than `UCC_APPEAL_UNASSIGNED_MINUTES`: the supervisors are told
  once.

Each alert is an `AppealAlert` row under a unique constraint, written in the same transaction as its mail is
sent. A second run, or a second cluster running at the same moment (it waits on the unique index and then
finds the row), sends nothing. A mail server that refuses rolls the rows back, and the next run tries again.
"""

from datetime import time

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from workflows.accounts.roles import SENIOR_OPERATOR, emails_of
from workflows.calendar.clocks import end_of_day
from workflows.notifications.selectors import compose

from . import selectors
from .models import Appeal, AppealAlert

MORNING = time(9, 0)
MAIL_LANGUAGES = ("kk", "ru")
Kind = AppealAlert.Kind


def send_alerts(*, now=None):
    """The schedule's pass (every 15 minutes): how many mails of each kind went."""
    now = now or timezone.now()
    return {"due_today": alert_due_today(now), "overdue": alert_overdue(now), "unassigned": alert_unassigned(now)}


def not_alerted(queryset, kind, *, dated=True):
    sent = AppealAlert.objects.filter(appeal=OuterRef("pk"), kind=kind)
    sent = sent.filter(due=OuterRef("due_at")) if dated else sent.filter(due__isnull=True)
    return queryset.filter(~Exists(sent))


def alert_due_today(now):
    """Written appeals due today and still open, after 09:00: one mail to each appeal's operator."""
    local = timezone.localtime(now)
    if local.time() < MORNING:
        return 0
    due_today = selectors.open_appeals().filter(
        channel__in=Appeal.WRITTEN_CHANNELS, due_at__gte=now, due_at__lte=end_of_day(local.date())
    )
    due_today = not_alerted(due_today.filter(operator__isnull=False).exclude(operator__email=""), Kind.DUE_TODAY)
    sent = 0
    for appeal in due_today:
        sent += _send_once([appeal], Kind.DUE_TODAY, to=[appeal.operator.email], mail=_due_today_mail)
    return sent


def alert_overdue(now):
    """Appeals newly past their due time: one mail to the supervisors listing them."""
    fresh = not_alerted(selectors.overdue(now), Kind.OVERDUE).order_by("due_at")
    return _send_once(list(fresh[:500]), Kind.OVERDUE, to=emails_of(SENIOR_OPERATOR), mail=_overdue_mail)


def alert_unassigned(now):
    """Open appeals nobody has taken for longer than the setting: one mail to the supervisors listing them."""
    fresh = not_alerted(selectors.unassigned_too_long(now), Kind.UNASSIGNED, dated=False).order_by("received_at")
    return _send_once(list(fresh[:500]), Kind.UNASSIGNED, to=emails_of(SENIOR_OPERATOR), mail=_unassigned_mail)


def _send_once(appeals, kind, *, to, mail):
    """Claim the alert of each appeal (a row each) and send one mail about those claimed; 1 when it went."""
    if not appeals or not to:
        return 0
    with transaction.atomic():
        claimed = [appeal for appeal in appeals if _claim(appeal, kind, to)]
        if not claimed:
            return 0
        subject, text = _in_mail_languages(mail, claimed)
        send_mail(subject[:200], text, None, list(to))
    return 1


def _claim(appeal, kind, to):
    due = None if kind == Kind.UNASSIGNED else appeal.due_at
    try:
        with transaction.atomic():
            AppealAlert.objects.create(appeal=appeal, kind=kind, due=due, recipients=", ".join(to))
    except IntegrityError:  # another run sent it
        return False
    return True


def _in_mail_languages(mail, appeals):
    subjects, texts = [], []
    for code in MAIL_LANGUAGES:
        with translation.override(code), timezone.override("Asia/Almaty"):
            subject, text = mail(appeals)
            subjects.append(subject)
            texts.append(text)
    return " / ".join(subjects), "\n\n----------\n\n".join(texts)


def _line(appeal):
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("appeals_work", args=[appeal.pk])
    due = f"{timezone.localtime(appeal.due_at):%d.%m.%Y %H:%M}" if appeal.due_at else "—"
    return f"{appeal.number} · {appeal.get_channel_display()} · {_('due')} {due} · {url}"


def _due_today_mail(appeals):
    (appeal,) = appeals
    edited = compose("appeals.alert_due_today", {"registration_number": appeal.number, "appeal_line": _line(appeal)})
    if edited is not None:  # issue 20, item 3: the administrators' text
        return edited.subject, edited.text
    subject = _("[%(number)s] the answer is due today") % {"number": appeal.number}
    text = _("Para 8: this appeal is to be answered today and is not answered yet.") + "\n\n" + _line(appeal)
    return subject, text


def _overdue_mail(appeals):
    edited = compose("appeals.alert_overdue", {"count": len(appeals), "appeal_lines": "\n".join(map(_line, appeals))})
    if edited is not None:
        return edited.subject, edited.text
    subject = _("Overdue appeals: %(count)s") % {"count": len(appeals)}
    text = _("Para 8: these appeals are past their deadline.") + "\n\n" + "\n".join(map(_line, appeals))
    return subject, text


def _unassigned_mail(appeals):
    minutes = settings.UCC_APPEAL_UNASSIGNED_MINUTES
    values = {"count": len(appeals), "minutes": minutes, "appeal_lines": "\n".join(map(_line, appeals))}
    edited = compose("appeals.alert_unassigned", values)
    if edited is not None:
        return edited.subject, edited.text
    subject = _("Appeals without an operator: %(count)s") % {"count": len(appeals)}
    text = _("These appeals have waited more than %(minutes)s minutes without an operator.") % {"minutes": minutes}
    return subject, text + "\n\n" + "\n".join(map(_line, appeals))
