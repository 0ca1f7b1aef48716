"""E-mail intake (para 8): each message read from the mailbox becomes an appeal, a reply in an appeal's
thread, a dropped duplicate, an ignored auto-reply — or a quarantined raw message. Never lost.

`ingest` is idempotent (the same bytes twice change nothing) and runs in one transaction, so the
mailbox reader marks a message done only after its row is committed. The acknowledgement with the
registration number and the two-working-day deadline leaves after the commit, once, never to
auto-replies, lists or our own address.
"""

import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.appeals.models import Appeal, AppealEvent
from workflows.appeals.services import register_appeal

from . import mail
from .documents import store_attachments
from .models import InboundMessage, OutboundMessage
from .parsing import Unparseable, parse, raw_hash

logger = logging.getLogger(__name__)
NUMBER_IN_SUBJECT = re.compile(r"\bUCC-\d{4}-\d{6,9}\b", re.IGNORECASE)
KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")


def ingest(raw_bytes, *, source, received_at=None):
    """Register one raw message; returns its `InboundMessage`. The same bytes again return the same row."""
    raw = bytes(raw_bytes)
    sha = raw_hash(raw)
    for attempt in range(2):
        existing = InboundMessage.objects.filter(raw_sha256=sha).first()
        if existing is not None:
            return existing
        message = InboundMessage(
            raw=raw, raw_sha256=sha, size=len(raw), source=source[:500], received_at=received_at or timezone.now()
        )
        try:
            with transaction.atomic():
                process(message)
            return message
        except IntegrityError as error:
            if attempt:  # not a race with another reader (that is seen on the second look): keep it aside
                return quarantine(message, error)
        except Exception as error:  # noqa: BLE001 - whatever went wrong, the message is kept, the next ones go on
            logger.exception("e-mail %s from %s quarantined", sha[:12], source)
            return quarantine(message, error)
    return InboundMessage.objects.get(raw_sha256=sha)


def quarantine(message, error):
    with transaction.atomic():
        message.pk = message.pk if InboundMessage.objects.filter(pk=message.pk).exists() else None
        message.status = InboundMessage.Status.QUARANTINED
        message.appeal = message.duplicate_of = message.message_id = None
        message.error = f"{type(error).__name__}: {error}"[:5000]
        message.save()
    return message


def reprocess(message):
    """A supervisor reads a quarantined message again (with today's parser); a good one is registered."""
    try:
        with transaction.atomic():
            fresh = InboundMessage.objects.select_for_update().get(pk=message.pk)
            if fresh.status != InboundMessage.Status.QUARANTINED:
                return fresh
            fresh.error = ""
            process(fresh)
            return fresh
    except Exception as error:  # noqa: BLE001 - still unreadable: it stays in quarantine with the new reason
        return quarantine(InboundMessage.objects.get(pk=message.pk), error)


def process(message):
    """Decide what `message` is and do it (inside the caller's transaction)."""
    try:
        parsed = parse(
            message.raw_bytes,
            max_attachment_bytes=settings.UCC_MAIL_MAX_ATTACHMENT_BYTES,
            own_addresses=settings.UCC_MAIL_OWN_ADDRESSES,
        )
    except Unparseable as error:
        message.status, message.error = InboundMessage.Status.QUARANTINED, str(error)
        message.save()
        return
    message.sender, message.subject, message.text = parsed.sender, parsed.subject, parsed.text
    message.in_reply_to = " ".join(parsed.thread_ids)[:5000]
    original = InboundMessage.objects.filter(message_id=parsed.message_id).exclude(pk=message.pk).first()
    if original is not None:
        message.status, message.duplicate_of = InboundMessage.Status.DUPLICATE, original
        message.save()
        return
    message.message_id = parsed.message_id
    if parsed.auto_reason:
        message.status, message.auto_reason = InboundMessage.Status.AUTO_REPLY, parsed.auto_reason
        message.save()
        return
    appeal = thread_appeal(parsed)
    if appeal is not None:
        message.status, message.appeal = InboundMessage.Status.ATTACHED, appeal
        message.save()
        attach_reply(appeal, parsed, message)
        return
    message.status, message.appeal = InboundMessage.Status.REGISTERED, register(parsed, message)
    message.save()
    message.appeal.documents.add(*store_attachments(parsed, folder=message.raw_sha256[:16]))
    acknowledge(message.appeal, parsed)


def thread_appeal(parsed):
    """The appeal a reply belongs to: our mail or the citizen's earlier message it answers, or the
    registration number in the subject — the latter only from the applicant's own address."""
    ids = parsed.thread_ids
    if ids:
        ours = OutboundMessage.objects.filter(message_id__in=ids).select_related("appeal").first()
        if ours is not None:
            return ours.appeal
        earlier = InboundMessage.objects.filter(message_id__in=ids, appeal__isnull=False).select_related("appeal")
        earlier = earlier.first()
        if earlier is not None:
            return earlier.appeal
    numbers = [number.upper() for number in NUMBER_IN_SUBJECT.findall(parsed.subject)]
    if numbers and parsed.sender:
        return Appeal.objects.filter(number__in=numbers, applicant_email__iexact=parsed.sender).first()
    return None


def attach_reply(appeal, parsed, message):
    """The citizen wrote again in the thread: the text joins the appeal's timeline, attachments its documents."""
    AppealEvent.objects.create(
        appeal=appeal,
        action="email_reply",
        from_state=appeal.state,
        to_state=appeal.state,
        reason="\n\n".join(filter(None, [parsed.subject, parsed.text]))[:20000],
    )
    appeal.documents.add(*store_attachments(parsed, folder=message.raw_sha256[:16]))


def language_of(text):
    if KAZAKH_LETTERS.search(text):
        return "kk"
    return "ru" if CYRILLIC.search(text) else ""


def reply_address(address):
    try:
        validate_email(address)
    except ValidationError:
        return ""
    return address if len(address) <= 254 else ""


def register(parsed, message):
    """Para 8: registered automatically, with its number and the two-working-day deadline (appeals app).

    The applicant's address is set after `register_appeal` (one UPDATE, in the same transaction), so the
    appeals app's generic "registered" mail is not sent too: this app's acknowledgement carries the
    Message-ID the thread needs.
    """
    content = "\n\n".join(filter(None, [parsed.subject, parsed.text])) or _("(empty e-mail)")
    appeal = register_appeal(
        channel=Appeal.Channel.EMAIL,
        content=content,
        received_at=message.received_at,
        applicant_name=parsed.sender_name[:300],
        language=language_of(content),
    )
    address = reply_address(parsed.sender)
    if address:
        Appeal.objects.filter(pk=appeal.pk).update(applicant_email=address)
        appeal.applicant_email = address
    return appeal


def acknowledge(appeal, parsed):
    """The acknowledgement (sent after commit) — only to a real person's valid address."""
    if not appeal.applicant_email or parsed.auto_reason:
        return None
    return mail.prepare(appeal, OutboundMessage.Kind.ACKNOWLEDGEMENT, in_reply_to=parsed.message_id)


def send_answer(appeal):
    """The answer written in an e-mail appeal, e-mailed in its thread with the number in the subject, once.

    The appeals app e-mails every written appeal's answer itself when the operator gives it; when it
    already did (`AppealEvent` "give_answer" told by e-mail), nothing is sent again and None returned.
    """
    if appeal.channel != Appeal.Channel.EMAIL or not appeal.answer.strip() or not appeal.applicant_email:
        return None
    told = appeal.events.filter(action="give_answer", applicant_told=AppealEvent.Told.BY_EMAIL).exists()
    if told and not OutboundMessage.objects.filter(appeal=appeal, kind=OutboundMessage.Kind.ANSWER).exists():
        return None
    first = appeal.inbound_messages.exclude(message_id=None).order_by("received_at", "id").first()
    with transaction.atomic():
        return mail.prepare(
            appeal, OutboundMessage.Kind.ANSWER, in_reply_to=first.message_id if first is not None else ""
        )
