"""Para 4.5: a regular digest (every `UCC_ICT_DIGEST_DAYS` days, a week by default) to the ICI operator of the
appeals about the ICT services and of the bodies' ICT requests, and to each body concerned of theirs (the
appeals forwarded to it, the requests it made); Kazakh and Russian.

The periods are fixed runs of days counted from a Monday (DIGEST_EPOCH), so every run of the schedule within a
period names the same one: one `DigestDelivery` per body and period, sent once, retried while it fails. The
digest lists numbers, dates, channels and states, not the applicants (personal data stays in the appeal)."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from workflows.appeals import selectors as appeals
from workflows.directory.models import StateBody
from workflows.ict import selectors as ict
from workflows.notifications.selectors import compose_in_languages

from ..models import DigestDelivery
from ..notification_templates import digest_values
from .deliveries import deliver

DIGEST_EPOCH = date(2026, 1, 5)  # a Monday: weekly periods run Monday to Sunday
MAIL_LANGUAGES = ("kk", "ru")


def digest_days():
    return max(1, int(getattr(settings, "UCC_ICT_DIGEST_DAYS", 7)))


def last_period(now=None):
    """The last complete period before `now`: (first day, day after the last), local dates."""
    today = timezone.localdate(now)
    days = digest_days()
    end = DIGEST_EPOCH + timedelta(days=((today - DIGEST_EPOCH).days // days) * days)
    return end - timedelta(days=days), end


def _bounds(start, end):
    return (
        timezone.make_aware(datetime.combine(start, datetime.min.time())),
        timezone.make_aware(datetime.combine(end, datetime.min.time())),
    )


def _concerned(body):
    """None for the ICI operator, who is told of everything; the body itself otherwise."""
    return None if body.kind == StateBody.Kind.ICI_OPERATOR else body


def _appeals_for(delivery):
    since, until = _bounds(delivery.period_start, delivery.period_end)
    return appeals.ict_appeals_received(since=since, until=until, forwarded_to=_concerned(delivery.body))


def _requests_for(delivery):
    since, until = _bounds(delivery.period_start, delivery.period_end)
    return ict.requests_received(since=since, until=until, body=_concerned(delivery.body))


def render_digest(delivery):
    rows, requests = list(_appeals_for(delivery)), list(_requests_for(delivery))
    last = delivery.period_end - timedelta(days=1)
    with timezone.override("Asia/Almaty"):
        values = digest_values(rows, requests, delivery.period_start, last)
    edited = compose_in_languages("interruptions.digest", lambda language: values)
    if edited is not None:  # issue 20, item 3: the administrators' text
        return edited
    subjects, texts = [], []
    for code in MAIL_LANGUAGES:
        with translation.override(code), timezone.override("Asia/Almaty"):
            context = {
                "body": delivery.body,
                "appeals": rows,
                "requests": requests,
                "start": delivery.period_start,
                "last": delivery.period_end - timedelta(days=1),
            }
            subjects.append(render_to_string("interruptions/mail/digest_subject.txt", context).strip())
            texts.append(render_to_string("interruptions/mail/digest.txt", context).strip())
    return " / ".join(subjects), "\n\n----------\n\n".join(texts)


def send_digests(*, now=None):
    """The schedule (daily): the last complete period's digests, each body's once; returns how many were sent."""
    start, end = last_period(now)
    since, until = _bounds(start, end)
    recipients = list(StateBody.objects.filter(kind=StateBody.Kind.ICI_OPERATOR, is_active=True))
    concerned = {*appeals.ict_appeal_bodies(since=since, until=until), *ict.requesting_bodies(since=since, until=until)}
    recipients += list(StateBody.objects.filter(pk__in=concerned).exclude(kind=StateBody.Kind.ICI_OPERATOR))
    for body in recipients:
        count = appeals.ict_appeals_received(since=since, until=until, forwarded_to=_concerned(body)).count()
        DigestDelivery.objects.get_or_create(
            body=body, period_start=start, defaults={"period_end": end, "appeals": count, "email": body.email}
        )
    due = DigestDelivery.objects.filter(DigestDelivery.due())
    return sum(deliver(delivery, render_digest, now=now) for delivery in due.select_related("body"))
