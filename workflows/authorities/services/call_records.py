"""Para 14: the record of an operator's conversation, asked for in writing by the authorized body in
informatization or the quality-assessment authority, provided within four hours, round the clock.

Registered → searching → provided (the recording's reference or file, and the calls it is of) or not found
(why). The supervisors are alarmed by mail at three hours (`send_call_record_alarms`, every minute) and see a
banner until the request is handled. A recording is personal data: every opening and sending is audited.
"""

from auditlog.models import LogEntry
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.accounts.roles import SENIOR_OPERATOR, emails_of
from workflows.appeals.models import phone_digits
from workflows.appeals.personal_data import mask_phone
from workflows.calendar.terms import term
from workflows.directory.models import StateBody

from ..models import AuthorityAlert, CallRecordRequest
from ..notification_templates import reminder
from ..selectors import call_records as selectors
from .common import TransitionRefused, record_event, send_alert_once, step

REQUESTER_KINDS = (StateBody.Kind.INFORMATIZATION_AUTHORITY, StateBody.Kind.QUALITY_AUTHORITY)


def _check_request(requester, phone, period_start, period_end):
    if requester.kind not in REQUESTER_KINDS:
        raise TransitionRefused(
            _(
                "%(body)s may not request call records: para 14 gives that right to the authorized body in "
                "informatization and the quality-assessment authority only"
            )
            % {"body": requester}
        )
    if len(phone) < 10:
        raise TransitionRefused(_("the applicant's phone number needs ten digits"))
    if period_end < period_start:
        raise TransitionRefused(_("the period ends before it starts"))


def register_call_record_request(
    *, requester, letter_reference, phone, period_start, period_end, received_at, letter=None, user=None
):
    """Para 14: the written request is registered; it is due four calendar hours after `received_at`.

    The phone is kept as its last ten digits, the way telephony compares callers' numbers.
    """
    phone = phone_digits(phone)
    _check_request(requester, phone, period_start, period_end)
    with transaction.atomic():
        request = CallRecordRequest(
            requester=requester,
            letter_reference=letter_reference,
            phone=phone,
            period_start=period_start,
            period_end=period_end,
            received_at=received_at,
            created_by=user if getattr(user, "pk", None) else None,
        )
        if letter is not None:
            request.letter = letter
        request.save()
        record_event(request, "registered", text=letter_reference, actor=user, at=received_at)
    return request


def start_search(request, *, user=None):
    """Someone is looking for the conversation in the phone system's recordings."""
    return step(request, "start_search", user=user, by=user)


def provide(request, *, recording_reference="", recording=None, calls=(), user=None, at=None, remote_addr=None):
    """Para 14: the record is sent to the requester, with the calls it is of (late after four hours).

    The calls must be among `matching_calls(request)`; sending the recording is audited.
    """
    recording_reference = (recording_reference or "").strip()
    if not recording_reference and recording is None:
        raise TransitionRefused(_("give the recording's reference or attach its file"))
    calls = list(calls)
    matching = set(matching_calls(request).values_list("pk", flat=True))
    if any(call.pk not in matching for call in calls):
        raise TransitionRefused(_("a call chosen is not from this number on these dates"))
    with transaction.atomic():
        step(
            request,
            "provide",
            user=user,
            event_text=recording_reference,
            recording_reference=recording_reference,
            recording=recording,
            by=user,
            at=at,
        )
        request.calls.set(calls)
        audit_recording(request, user, "sent", remote_addr=remote_addr)
    return request


def report_not_found(request, *, reason, user=None, at=None):
    """No conversation of that number on those dates: the requester is told why."""
    if not (reason or "").strip():
        raise TransitionRefused(_("say why no record was found"))
    return step(request, "report_not_found", user=user, event_text=reason, reason=reason, by=user, at=at)


def matching_calls(request):
    """The calls of `telephony.Call` from the request's number on its dates (local, Asia/Almaty)."""
    return selectors.matching_calls(request)


def audit_recording(request, user, what, *, remote_addr=None):
    """An auditlog "access" entry: `user` opened (or sent) the recording provided for `request` now."""
    return LogEntry.objects.log_create(
        request,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=user if getattr(user, "pk", None) else None,
        remote_addr=remote_addr,
        additional_data={"recording": what, "reference": request.recording_reference, "file": request.recording.name},
    )


def open_recording(request, *, user, remote_addr=None):
    """The recording's file, opened for `user` (the download view): audited before it is read."""
    if not request.recording:
        raise TransitionRefused(_("no recording file was attached"))
    audit_recording(request, user, "opened", remote_addr=remote_addr)
    return request.recording.open("rb")


# --- para 14's alarm -------------------------------------------------------------------------------------


def supervisors_emails():
    return emails_of(SENIOR_OPERATOR)


def _link(request):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("authorities_call_record", args=[request.pk])


def alarm_message(request, kind):
    """(subject, body) of the alarm (three hours passed) or the overdue mail about `request`."""
    values = {
        "number": request.pk,
        "requester": request.requester,
        "due": timezone.localtime(request.due_at).strftime("%d.%m.%Y %H:%M"),
        "received": timezone.localtime(request.received_at).strftime("%d.%m.%Y %H:%M"),
        "phone": mask_phone(request.phone),
        "start": request.period_start.strftime("%d.%m.%Y"),
        "end": request.period_end.strftime("%d.%m.%Y"),
        "hours": term("call_record", on=request.received_at),
        "link": _link(request),
    }
    return reminder("authorities.call_record", values, kind)  # issue 20, item 3: editable


def send_call_record_alarms(*, now=None):
    """Para 14, every minute: every supervisor is mailed once per request when its three hours have passed
    (the alarm), and once more when its four have (overdue). Returns the number of mails sent."""
    now = now or timezone.now()
    to = supervisors_emails()
    sent = 0
    for kind, requests in (
        (AuthorityAlert.Kind.ALARM, selectors.alarmed(now=now).filter(due_at__gte=now)),
        (AuthorityAlert.Kind.OVERDUE, selectors.overdue_requests(now=now)),
    ):
        for request in requests.select_related("requester"):
            subject, body = alarm_message(request, kind)
            sent += send_alert_once(request, kind, due=request.due_at, to=to, subject=subject, body=body)
    return sent
