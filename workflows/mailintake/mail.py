"""Our mail in an e-mail appeal's thread: the acknowledgement and the answer, each recorded once with the
Message-ID we generate (replies find their appeal by it) and sent after the commit.

The text is the appeals app's own mail text (`appeals/mail/step.*`), so the citizen reads the same words
whichever channel they wrote by; what this app adds is the threading and the auto-reply headers.
"""

from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from workflows.appeals.notification_templates import composed_step, html_document
from workflows.appeals.notifications import TOLD_STEPS

from .models import OutboundMessage

STEPS = {OutboundMessage.Kind.ACKNOWLEDGEMENT: "register", OutboundMessage.Kind.ANSWER: "give_answer"}


def prepare(appeal, kind, *, in_reply_to=""):
    """Record the mail (unique per appeal and kind: a second call returns the first) and send it on commit."""
    existing = OutboundMessage.objects.filter(appeal=appeal, kind=kind).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            outbound = record(appeal, kind, in_reply_to)
            outbound.save()
    except IntegrityError:
        return OutboundMessage.objects.get(appeal=appeal, kind=kind)
    transaction.on_commit(send_pending, robust=True)
    return outbound


def prepare_many(appeals_and_replies, kind):
    """`prepare` for many new appeals at once (the intake's batch): one INSERT, one send after the commit.
    `appeals_and_replies`: (appeal, the Message-ID it answers); none of the appeals has mail of `kind` yet."""
    rows = [record(appeal, kind, in_reply_to) for appeal, in_reply_to in appeals_and_replies]
    if rows:
        OutboundMessage.objects.bulk_create(rows)
        transaction.on_commit(send_pending, robust=True)
    return rows


def record(appeal, kind, in_reply_to):
    with translation.override(appeal.language or settings.LANGUAGE_CODE):
        edited = composed_step(appeal, STEPS[kind])  # issue 20, item 3: the administrators' text, if edited
        subject = edited.subject if edited else _(TOLD_STEPS[STEPS[kind]]) % {"number": appeal.number}
    return OutboundMessage(
        appeal=appeal,
        kind=kind,
        message_id=make_msgid(domain=settings.UCC_MAIL_MESSAGE_ID_DOMAIN),
        in_reply_to=in_reply_to if in_reply_to.startswith("<") else "",
        to=appeal.applicant_email,
        subject=subject[:500],
    )


def send_pending(limit=500):
    """Send the recorded mail not sent yet, over one connection, and mark it sent in one UPDATE.

    Called after each commit that recorded mail (a batch of messages commits once, so its acknowledgements
    go together) and by every run of the task, which retries what a mail server refused. The rows are
    locked while sending (PostgreSQL: SKIP LOCKED, so two workers never send the same mail; SQLite holds
    one writer). A failure rolls the marks back: the mail goes again next time (at least once).
    """
    with transaction.atomic():
        pending = OutboundMessage.objects.filter(sent_at=None).select_related("appeal").order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True, of=("self",))
        batch = list(pending[:limit])
        if not batch:
            return 0
        get_connection().send_messages([build(outbound) for outbound in batch])
        OutboundMessage.objects.filter(pk__in=[outbound.pk for outbound in batch]).update(sent_at=timezone.now())
    return len(batch)


def build(outbound):
    appeal = outbound.appeal
    headers = {"Message-ID": outbound.message_id}
    if outbound.in_reply_to:
        headers.update({"In-Reply-To": outbound.in_reply_to, "References": outbound.in_reply_to})
    if outbound.kind == OutboundMessage.Kind.ACKNOWLEDGEMENT:
        headers["Auto-Submitted"] = "auto-replied"  # RFC 3834: autoresponders must not answer it
    language = appeal.language or settings.LANGUAGE_CODE
    with translation.override(language):
        edited = composed_step(appeal, STEPS[outbound.kind])
        if edited is not None:
            message = EmailMultiAlternatives(
                subject=outbound.subject, body=edited.text, to=[outbound.to], headers=headers
            )
            message.attach_alternative(html_document(edited.html, language), "text/html")
            return message
        context = {"appeal": appeal, "step": STEPS[outbound.kind], "body": None}
        message = EmailMultiAlternatives(
            subject=outbound.subject,
            body=render_to_string("appeals/mail/step.txt", context),
            to=[outbound.to],
            headers=headers,
        )
        message.attach_alternative(render_to_string("appeals/mail/step.html", context), "text/html")
    return message
