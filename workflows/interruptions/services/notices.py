"""Para 38: a notice entered, notified (late with its reason past 24 hours before the start, still sent),
postponed, extended, cancelled; each version mailed to each recipient once, in Kazakh and Russian.

The deliveries of a version are inserted with the version (unique notice, body, version: a second run inserts
nothing) and sent after the commit; a delivery is claimed by a conditional update before its mail goes, so two
runs at once send it once. A failed one is retried by the schedule (`send_due_deliveries`)."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.search import page_cache
from workflows.notifications.selectors import compose
from workflows.registry.services import TransitionRefused, run_transition

from ..models import InterruptionEvent, InterruptionNotice, NoticeDelivery
from ..notification_templates import notice_key, notice_values
from ..selectors import notices as selectors
from .deliveries import deliver

MAIL_LANGUAGES = ("kk", "ru")
MAX_ATTEMPTS = 20  # about a day and a half at the schedule's every five minutes; then it stays failed, in the log


def record_event(notice, verb, *, text="", actor=None, at=None):
    return InterruptionEvent.objects.create(
        notice=notice,
        verb=verb,
        text=text,
        actor=actor if getattr(actor, "pk", None) else None,
        at=at or timezone.now(),
    )


def _public_pages_changed():
    """The public page lists the notified notices: cached pages of every language go stale (now and after the
    commit, as cms.search's receivers do for a published page)."""
    page_cache.purge(None)
    transaction.on_commit(lambda: page_cache.purge(None))


@transaction.atomic
def enter_notice(*, operator, services, starts_at, ends_at, user=None, **fields):
    notice = InterruptionNotice(operator=operator, starts_at=starts_at, ends_at=ends_at, created_by=user, **fields)
    if ends_at <= starts_at:
        raise TransitionRefused(_("The interruption must end after it starts."))
    notice.save()
    notice.services.set(services)
    record_event(notice, "drafted", actor=user)
    return notice


def step(notice, name, *, user=None, event_text="", at=None, **kwargs):
    """Run transition `name` of `notice`, put it on the timeline, queue the version's deliveries; then send."""
    at = at or timezone.now()
    with transaction.atomic():
        run_transition(obj=notice, name=name, user=user, at=at, **kwargs)
        record_event(notice, name, text=event_text, actor=user, at=at)
        if notice.version and name != "finish":
            queue_deliveries(notice)
        _public_pages_changed()
    transaction.on_commit(lambda: send_deliveries(notice.deliveries.filter(version=notice.version), now=at))
    return notice


def notify(notice, *, user=None, late_reason="", at=None):
    at = at or timezone.now()
    if at > notice.latest_notice_at and not late_reason.strip():
        raise TransitionRefused(_("The notice is later than 24 hours before the start: say why."))
    return step(notice, "notify", user=user, at=at, late_reason=late_reason.strip(), event_text=late_reason.strip())


def postpone(notice, *, starts_at, ends_at, reason, user=None, at=None):
    if ends_at <= starts_at:
        raise TransitionRefused(_("The interruption must end after it starts."))
    if not reason.strip():
        raise TransitionRefused(_("Say why the interruption is postponed."))
    return step(
        notice, "postpone", user=user, at=at, starts_at=starts_at, ends_at=ends_at, reason=reason, event_text=reason
    )


def extend(notice, *, ends_at, reason, user=None, at=None):
    if ends_at <= notice.ends_at:
        raise TransitionRefused(_("An extension ends later than the interruption did."))
    if not reason.strip():
        raise TransitionRefused(_("Say why the interruption is extended."))
    return step(notice, "extend", user=user, at=at, ends_at=ends_at, reason=reason, event_text=reason)


def cancel(notice, *, reason, user=None, at=None):
    if not reason.strip():
        raise TransitionRefused(_("Say why the interruption is cancelled."))
    return step(notice, "cancel", user=user, at=at, reason=reason, event_text=reason)


def queue_deliveries(notice):
    """One delivery per recipient of the notice's current version; those already there are left alone."""
    rows = [
        NoticeDelivery(notice=notice, body=body, version=notice.version, change=notice.last_change, email=body.email)
        for body in selectors.recipients(notice)
    ]
    NoticeDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def render_notice_mail(notice, change):
    """Subject and text, Kazakh then Russian; times in Almaty time."""
    subjects, texts = [], []
    for code in MAIL_LANGUAGES:
        with translation.override(code), timezone.override("Asia/Almaty"):
            context = {
                "notice": notice,
                "change": change,
                "service_names": ", ".join(service.name for service in notice.services.all()),
                "affected": notice.affected(code),
                "starts": f"{timezone.localtime(notice.starts_at):%d.%m.%Y %H:%M}",
                "ends": f"{timezone.localtime(notice.ends_at):%d.%m.%Y %H:%M}",
            }
            edited = compose(notice_key(change), notice_values(notice, change, context))
            if edited is not None:  # issue 20, item 3: the administrators' text
                subjects.append(edited.subject)
                texts.append(edited.text)
                continue
            subjects.append(render_to_string("interruptions/mail/notice_subject.txt", context).strip())
            texts.append(render_to_string("interruptions/mail/notice.txt", context).strip())
    return " / ".join(subjects), "\n\n----------\n\n".join(texts)


def send_delivery(delivery, *, now=None):
    """Send one delivery if no other run has; True when this call sent it."""
    return deliver(delivery, lambda row: render_notice_mail(row.notice, row.change), now=now)


def send_deliveries(queryset, *, now=None):
    sent = 0
    for delivery in queryset.select_related("body", "notice").filter(NoticeDelivery.due()):
        sent += send_delivery(delivery, now=now)
    return sent


def send_due_deliveries(*, now=None):
    """The schedule: retry what failed (up to MAX_ATTEMPTS), and finish the interruptions that are over."""
    now = now or timezone.now()
    sent = send_deliveries(selectors.due_deliveries().filter(attempts__lt=MAX_ATTEMPTS), now=now)
    finished = 0
    for notice in selectors.ended(now):
        try:
            step(notice, "finish", at=now)
        except TransitionRefused:
            continue
        finished += 1
    return sent, finished
