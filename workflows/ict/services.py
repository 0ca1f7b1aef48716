"""The ICT desk's work on a request (paras 35-37): register, consult, answer, forward to the ICI operator and
record the reply, close; the reminders to the supervisors when a term passes, sent once.

Transitions run through the registry's `run_transition` (row locked, state and permission checked,
`TransitionRefused` with nothing written); the timeline event is written in the same transaction.
"""

import logging
import re
from email.utils import make_msgid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.accounts.roles import SENIOR_OPERATOR, emails_of
from workflows.calendar.clocks import calendar_hours_deadline, working_days_deadline, working_hours_deadline
from workflows.directory.models import StateBody
from workflows.registry.services import TransitionRefused, run_transition

from . import notification_templates as templates
from .models import (
    IctAlert,
    IctEvent,
    IctMail,
    IctNumberCounter,
    IctOutgoingMail,
    IctRequest,
    IctTerm,
    Priority,
    RequestType,
)

__all__ = ["TransitionRefused", "register_request"]

NUMBER_IN_SUBJECT = re.compile(r"\bICT-\d{4}-\d{6,9}\b", re.IGNORECASE)
# No row in the table for a type and priority (an administrator deleted it): the Regulations' usual term.
FALLBACK_TERM = (4, IctTerm.Unit.WORKING_HOURS, 3, IctTerm.Unit.WORKING_DAYS)
MAIL_LANGUAGES = ("kk", "ru")
logger = logging.getLogger(__name__)


def term_deadline(start, amount, unit, *, round_the_clock=False):
    """One term of para 37 from `start`. A round-the-clock service counts calendar hours: a term in working
    hours runs as as many calendar hours, a term in working days as 24 calendar hours a day."""
    if round_the_clock or unit == IctTerm.Unit.CALENDAR_HOURS:
        hours = amount * 24 if unit == IctTerm.Unit.WORKING_DAYS else amount
        return calendar_hours_deadline(start, hours)
    if unit == IctTerm.Unit.WORKING_DAYS:
        return working_days_deadline(start, amount)
    return working_hours_deadline(start, amount)


def deadlines(request_type, priority, received_at, service=None):
    """(term row or None, first-answer due, resolution due) as the table stands now."""
    term = IctTerm.objects.filter(request_type=request_type, priority=priority).first()
    first, first_unit, resolution, resolution_unit = (
        (term.first_answer, term.first_answer_unit, term.resolution, term.resolution_unit) if term else FALLBACK_TERM
    )
    around = bool(service and service.round_the_clock)
    return (
        term,
        term_deadline(received_at, first, first_unit, round_the_clock=around),
        term_deadline(received_at, resolution, resolution_unit, round_the_clock=around),
    )


def format_number(year, sequence):
    return f"ICT-{year}-{sequence:06d}"


def _next_number(year):
    IctNumberCounter.objects.get_or_create(year=year)
    counter = IctNumberCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_number(year, counter.last_number)


def record_event(request, verb, *, text="", actor=None, at=None):
    values = {"text": text, "actor": actor if getattr(actor, "pk", None) else None}
    if at is not None:
        values["at"] = at
    return IctEvent.objects.create(request=request, verb=verb, **values)


def step(request, name, *, user=None, event_text="", **kwargs):
    """Run the transition `name` as `user` and put it on the timeline (with `event_text`), all or nothing."""
    with transaction.atomic():
        run_transition(obj=request, name=name, user=user, **kwargs)
        record_event(request, name, text=event_text, actor=user, at=kwargs.get("at"))
    return request


@transaction.atomic
def register_request(
    *,
    body,
    subject,
    channel,
    description="",
    service=None,
    request_type=RequestType.CONSULTATION,
    priority=Priority.NORMAL,
    requester_name="",
    requester_phone="",
    requester_email="",
    requester_user=None,
    received_at=None,
    user=None,
):
    """Paras 35-37: a body's request registered with its number and the two deadlines of the term in force."""
    received_at = received_at or timezone.now()
    term, first_due, resolution_due = deadlines(request_type, priority, received_at, service)
    request = IctRequest.objects.create(
        number=_next_number(timezone.localtime(received_at).year),
        body=body,
        subject=subject[:500],
        description=description,
        channel=channel,
        service=service,
        request_type=request_type,
        priority=priority,
        requester_name=requester_name[:300],
        requester_phone=requester_phone[:50],
        requester_email=requester_email,
        requester_user=requester_user,
        received_at=received_at,
        term=term,
        first_answer_due=first_due,
        resolution_due=resolution_due,
        created_by=user if getattr(user, "pk", None) else None,
    )
    record_event(request, "registered", actor=user, at=received_at)
    return request


def consult(request, *, articles=(), user=None, at=None):
    """The operator consults the Knowledge Base; the articles used are linked to the request (as for appeals)."""
    with transaction.atomic():
        if request.state == IctRequest.State.REGISTERED:
            step(request, "consult", user=user, at=at)
        if articles:
            request.articles.add(*articles)
            titles = ", ".join(str(article.title) for article in articles)
            record_event(request, "articles_linked", text=titles, actor=user)
    return request


def answer(request, *, text, articles=(), user=None, at=None):
    """The first answer (from the Knowledge Base); mailed to the requester when they gave an address."""
    with transaction.atomic():
        if articles:
            request.articles.add(*articles)
        step(request, "give_answer", user=user, answer=text, at=at, event_text=text[:2000])
        tell_requester(request, IctOutgoingMail.Kind.ANSWER, text)
    return request


def close(request, *, user=None):
    return step(request, "close", user=user)


def ici_operator():
    """The ICI operator's body in the directory (para 36), with an e-mail address."""
    return StateBody.objects.filter(kind=StateBody.Kind.ICI_OPERATOR, is_active=True).exclude(email="").first()


def forward_subject(request):
    return f"[{request.number}] {request.subject}"[:500]


def forward_to_ici(request, *, note="", user=None, at=None):
    """Para 36: the Knowledge Base lacks the information; the request is mailed to the ICI operator's address
    from the directory, its number in the subject, the Message-ID kept so the reply threads back."""
    operator = ici_operator()
    if operator is None:
        raise TransitionRefused(_("the directory has no ICI operator with an e-mail address"))
    message_id = make_msgid(domain=settings.UCC_MAIL_MESSAGE_ID_DOMAIN)
    values = {
        "number": request.number,
        "body": request.body or "—",
        "service": request.service or "—",
        "subject": request.subject,
        "description": request.description,
        "note": note,
    }
    subject, body = templates.written("ict.forward", values)  # issue 20, item 3
    with transaction.atomic():
        step(request, "forward", user=user, message_id=message_id, at=at, event_text=note or operator.email)
        queue_mail(
            request,
            IctOutgoingMail.Kind.FORWARD,
            to=operator.email,
            subject=subject[:500],
            text=body,
            message_id=message_id,
        )
    return request


def record_ici_reply(request, *, reply, user=None, at=None):
    """The ICI operator's answer (from the intake, or entered by an operator): resolved by the ICI operator,
    and the requester told."""
    with transaction.atomic():
        step(request, "record_ici_reply", user=user, reply=reply, at=at, event_text=reply[:2000])
        tell_requester(request, IctOutgoingMail.Kind.RESOLVED, reply)
    return request


# --- outgoing mail: kept first, sent after the commit, retried by the schedule -------------------------------


def queue_mail(request, kind, *, to, subject, text, message_id=""):
    """Keep the mail with the request and send it once the transaction commits; a failure stays for the
    schedule (`retry_outgoing_mails`)."""
    mail = IctOutgoingMail.objects.create(
        request=request,
        kind=kind,
        to=to,
        reply_to=next(iter(settings.ICT_MAIL_ADDRESSES), ""),
        subject=subject[:500],
        text=text,
        message_id=message_id or make_msgid(domain=settings.UCC_MAIL_MESSAGE_ID_DOMAIN),
    )
    transaction.on_commit(lambda: send_outgoing(mail))
    return mail


def tell_requester(request, kind, text):
    """The answer or the resolution to the requester, Kazakh then Russian, the number in the subject so a
    reply threads back onto the request. Nothing is queued without an address (a call is answered by phone)."""
    if not request.requester_email:
        return None
    values = {"number": request.number, "subject": request.subject, "text": text}
    subject, text = templates.to_requester(values)  # issue 20, item 3: the administrators' text, if edited
    return queue_mail(request, kind, to=request.requester_email, subject=subject, text=text)


def send_outgoing(mail, *, now=None):
    """Send `mail` if no other run has; True when this call sent it."""
    claimed = IctOutgoingMail.objects.filter(IctOutgoingMail.due(now), pk=mail.pk).update(
        status=IctOutgoingMail.Status.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    if claimed != 1:
        return False
    message = EmailMessage(
        mail.subject[:200],
        mail.text,
        None,
        [mail.to],
        reply_to=[mail.reply_to] if mail.reply_to else None,
        headers={"Message-ID": mail.message_id},
    )
    try:
        message.send()
    except Exception as error:  # the mail server's refusal or outage: kept with its error, retried
        logger.warning("ICT outgoing mail %s failed: %s", mail.pk, error)
        IctOutgoingMail.objects.filter(pk=mail.pk).update(
            status=IctOutgoingMail.Status.FAILED, last_error=str(error)[:2000]
        )
        return False
    IctOutgoingMail.objects.filter(pk=mail.pk).update(
        status=IctOutgoingMail.Status.SENT, sent_at=now or timezone.now(), last_error=""
    )
    return True


def send_again(mail, *, user=None):
    """A person sends a failed mail again (after the schedule gave up, or at once); the timeline says who.
    Returns (sent, the error if it failed again)."""
    IctOutgoingMail.objects.filter(pk=mail.pk, status=IctOutgoingMail.Status.FAILED).update(attempts=0)
    sent = send_outgoing(mail)
    mail.refresh_from_db()
    record_event(mail.request, "mail_sent_again", text=f"{mail.get_kind_display()}: {mail.to}", actor=user)
    return sent, ("" if sent else mail.last_error)


def retry_outgoing_mails(*, now=None):
    """The schedule's pass: every mail not sent yet (failed, or left by a run that died) is tried again."""
    return sum(
        send_outgoing(mail, now=now) for mail in IctOutgoingMail.objects.filter(IctOutgoingMail.due(now)).order_by("pk")
    )


# --- e-mail intake (the mail intake's `message_for_other_desk`, receivers.py) --------------------------------


def ict_addresses():
    return {address.lower() for address in settings.ICT_MAIL_ADDRESSES}


def thread_request(parsed):
    """The request a mail belongs to: it answers our forward (In-Reply-To / References), or an earlier mail of
    the request, or it names the request's number in the subject and comes from the ICI operator or the
    requester."""
    ids = parsed.thread_ids
    if ids:
        found = IctRequest.objects.filter(forward_message_id__in=ids).first()
        if found is not None:
            return found
        earlier = IctMail.objects.filter(message__message_id__in=ids).select_related("request").first()
        if earlier is not None:
            return earlier.request
        ours = IctOutgoingMail.objects.filter(message_id__in=ids).select_related("request").first()
        if ours is not None:  # a reply to the answer we mailed the requester
            return ours.request
    numbers = [number.upper() for number in NUMBER_IN_SUBJECT.findall(parsed.subject)]
    if numbers and parsed.sender:
        request = IctRequest.objects.filter(number__in=numbers).select_related("body").first()
        if request is not None and parsed.sender in {*ici_emails(), request.requester_email.lower()}:
            return request
    return None


def ici_emails():
    return {
        email.lower()
        for email in StateBody.objects.filter(kind=StateBody.Kind.ICI_OPERATOR)
        .exclude(email="")
        .values_list("email", flat=True)
    }


def wanted(parsed):
    """The `take` for the mail intake when this mail is the desk's, else None."""
    request = thread_request(parsed)
    if request is not None:
        return lambda message: attach_mail(request, parsed, message)
    if ict_addresses() & set(parsed.recipients):
        return lambda message: register_from_mail(parsed, message)
    return None


def body_of_sender(address):
    """The body of a known sender: a user of the body with that address, or the body's own domain."""
    if not address:
        return None, None
    user = get_user_model().objects.filter(email__iexact=address, body_memberships__isnull=False).first()
    if user is not None:
        return user.body_memberships.first().body, user
    domain = address.rpartition("@")[2]
    body = StateBody.objects.filter(email__iendswith=f"@{domain}", is_active=True).first()
    return body, None


def register_from_mail(parsed, message):
    body, user = body_of_sender(parsed.sender)
    request = register_request(
        body=body,
        subject=parsed.subject or _("(no subject)"),
        description=parsed.text,
        channel=IctRequest.Channel.EMAIL,
        requester_name=parsed.sender_name,
        requester_email=parsed.sender if "@" in parsed.sender and len(parsed.sender) <= 254 else "",
        requester_user=user,
        received_at=message.received_at,
    )
    IctMail.objects.create(request=request, message=message, kind=IctMail.Kind.OPENED)
    return request


def attach_mail(request, parsed, message):
    """A mail in the request's thread: the ICI operator's reply resolves a forwarded request; anything else
    joins the timeline."""
    text = "\n\n".join(filter(None, [parsed.subject, parsed.text]))[:20000]
    from_ici = parsed.sender in ici_emails()
    if from_ici and request.state == IctRequest.State.FORWARDED:
        IctMail.objects.create(request=request, message=message, kind=IctMail.Kind.ICI_REPLY)
        return record_ici_reply(request, reply=parsed.text or parsed.subject, at=message.received_at)
    IctMail.objects.create(request=request, message=message, kind=IctMail.Kind.REPLY)
    record_event(request, "email_reply", text=text, at=message.received_at)
    return request


# --- reminders (para 37: escalation to the supervisors when a term passes) ----------------------------------


def supervisors_emails():
    return emails_of(SENIOR_OPERATOR)


def send_alert_once(request, kind, *, due, to, subject, body):
    """One reminder per request, kind and deadline: the unique row makes a second run send nothing."""
    if not to:
        return False
    try:
        with transaction.atomic():
            IctAlert.objects.create(request=request, kind=kind, due=due, recipients=", ".join(to))
            send_mail(subject[:200], body, None, list(to))
    except IntegrityError:
        return False
    return True


def send_overdue_reminders(*, now=None):
    """Every request past its first-answer or resolution term: the supervisors are mailed once per term."""
    now = now or timezone.now()
    to = supervisors_emails()
    sent = 0
    overdue_first = IctRequest.objects.filter(
        state__in=IctRequest.UNANSWERED_STATES, first_answer_due__lt=now
    ).select_related("body")
    for request in overdue_first:
        values = {
            "number": request.number,
            "subject": request.subject,
            "due": f"{timezone.localtime(request.first_answer_due):%d.%m.%Y %H:%M}",
        }
        subject, body = templates.written("ict.first_answer_overdue", values)
        sent += send_alert_once(
            request, IctAlert.Kind.FIRST_ANSWER_OVERDUE, due=request.first_answer_due, to=to, subject=subject, body=body
        )
    overdue_resolution = IctRequest.objects.filter(
        state__in=IctRequest.OPEN_STATES, resolution_due__lt=now
    ).select_related("body")
    for request in overdue_resolution:
        values = {
            "number": request.number,
            "subject": request.subject,
            "due": f"{timezone.localtime(request.resolution_due):%d.%m.%Y %H:%M}",
        }
        subject, body = templates.written("ict.resolution_overdue", values)
        sent += send_alert_once(
            request, IctAlert.Kind.RESOLUTION_OVERDUE, due=request.resolution_due, to=to, subject=subject, body=body
        )
    return sent
