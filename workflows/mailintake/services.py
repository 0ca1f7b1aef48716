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
from workflows.appeals.services import register_appeal, register_appeals

from . import mail
from .documents import store_attachments
from .models import InboundMessage, OutboundMessage
from .parsing import Unparseable, parse, raw_hash
from .signals import other_desk_for

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
        message = new_message(raw, sha, source, received_at)
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


def ingest_many(items):
    """A batch of raw messages `(raw_bytes, source, received_at)`, e.g. one commit group of the Maildir
    reader: the same outcome per message as `ingest`, in the same order, with the new appeals registered
    together (`register_appeals`) and every row written in bulk.

    Replies, and messages whose Message-ID was seen before, go through `ingest` one at a time after what
    came before them is written, so they find their appeal or original. When a bulk write fails it is
    rolled back and its messages go through `ingest` one by one, which keeps a failing one aside in
    quarantine: a batch never loses or blocks a message.
    """
    items = [(bytes(raw), source, received_at) for raw, source, received_at in items]
    shas = [raw_hash(raw) for raw, _source, _received_at in items]
    batch = _Batch(InboundMessage.objects.filter(raw_sha256__in=shas))
    readings = [
        batch.read(raw, sha, source, received_at) for (raw, source, received_at), sha in zip(items, shas, strict=True)
    ]
    ids = [parsed.message_id for _message, parsed in filter(None, readings) if parsed is not None]
    batch.ids.update(InboundMessage.objects.filter(message_id__in=ids).values_list("message_id", flat=True))
    for item, sha, reading in zip(items, shas, readings, strict=True):
        batch.add(item, sha, reading)
    batch.flush()
    return batch.results


class _Batch:
    """The state of one `ingest_many`: results in order, rows waiting for the bulk write, what is known."""

    def __init__(self, known):
        self.results, self.pending = [], []
        self.known = {message.raw_sha256: message for message in known}
        self.ids = set()  # Message-IDs with a row, or waiting for one

    def read(self, raw, sha, source, received_at):
        """(unsaved message, parsed or None when unparseable); None when the bytes are known or parsing broke."""
        if sha in self.known:
            return None
        message = new_message(raw, sha, source, received_at)
        try:
            return message, parse_message(message)
        except Unparseable as error:
            message.status, message.error = InboundMessage.Status.QUARANTINED, str(error)
            return message, None
        except Exception:  # noqa: BLE001 - `ingest` keeps it in quarantine with the reason
            return None

    def add(self, item, sha, reading):
        if sha in self.known:  # read before, or earlier in this batch: nothing to do
            self.results.append(self.known[sha])
            return
        if reading is None:
            return self.one_by_one(item)
        message, parsed = reading
        if parsed is not None:
            if parsed.message_id in self.ids or thread_appeal_possible(parsed) or other_desk_possible(parsed):
                return self.one_by_one(item)
            describe(message, parsed)
            message.message_id = parsed.message_id
            self.ids.add(parsed.message_id)
            if parsed.auto_reason:
                message.status, message.auto_reason = InboundMessage.Status.AUTO_REPLY, parsed.auto_reason
            else:
                message.status = InboundMessage.Status.REGISTERED
        self.known[sha] = message
        self.pending.append((len(self.results), item, message, parsed))
        self.results.append(message)

    def one_by_one(self, item):
        self.flush()
        raw, source, received_at = item
        message = ingest(raw, source=source, received_at=received_at)
        self.known[message.raw_sha256] = message
        self.ids.add(message.message_id)
        self.results.append(message)

    def flush(self):
        """Write what is queued in bulk; on failure, roll it back and `ingest` each message alone."""
        pending, self.pending = self.pending, []
        if not pending:
            return
        try:
            with transaction.atomic():
                write_in_bulk([(message, parsed) for _index, _item, message, parsed in pending])
        except Exception:  # noqa: BLE001 - one by one, each failing message quarantined with its reason
            logger.warning("a batch of %s e-mails is written one by one", len(pending), exc_info=True)
            for index, (raw, source, received_at), message, _parsed in pending:
                alone = ingest(raw, source=source, received_at=received_at)
                self.known[alone.raw_sha256] = alone
                for later in range(index, len(self.results)):  # and the same bytes again later in the batch
                    if self.results[later] is message:
                        self.results[later] = alone


def thread_appeal_possible(parsed):
    """A message that may belong to an appeal's thread: it is looked up alone (`thread_appeal`)."""
    return bool(parsed.thread_ids) or (bool(parsed.sender) and bool(NUMBER_IN_SUBJECT.search(parsed.subject)))


def other_desk_possible(parsed):
    """A message another desk may want (`signals.message_for_other_desk`): it goes through `ingest` alone."""
    if parsed.auto_reason:
        return False
    try:
        return other_desk_for(parsed) is not None
    except Exception:  # noqa: BLE001 - `ingest` keeps it in quarantine with the reason
        return True


def write_in_bulk(pending):
    """The queued rows of `_Batch`: appeals for the new messages (para 8), then every row, attachments
    and acknowledgements (inside the caller's transaction)."""
    new = [(message, parsed) for message, parsed in pending if message.status == InboundMessage.Status.REGISTERED]
    specs = []
    for message, parsed in new:
        fields = appeal_fields(parsed, message)
        fields["applicant_email"] = reply_address(parsed.sender)
        specs.append(fields)
    appeals = register_appeals(specs, notify_applicant=False)
    for (message, _parsed), appeal in zip(new, appeals, strict=True):
        message.appeal = appeal
    InboundMessage.objects.bulk_create([message for message, _parsed in pending])
    for message, parsed in new:
        documents = store_attachments(parsed, folder=message.raw_sha256[:16])
        if documents:
            message.appeal.documents.add(*documents)
    mail.prepare_many(
        [(message.appeal, parsed.message_id) for message, parsed in new if message.appeal.applicant_email],
        OutboundMessage.Kind.ACKNOWLEDGEMENT,
    )


def new_message(raw, sha, source, received_at):
    """The unsaved row of a message just read (`ingest` and the batch path alike)."""
    return InboundMessage(
        raw=raw, raw_sha256=sha, size=len(raw), source=source[:500], received_at=received_at or timezone.now()
    )


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
        parsed = parse_message(message)
    except Unparseable as error:
        message.status, message.error = InboundMessage.Status.QUARANTINED, str(error)
        message.save()
        return
    describe(message, parsed)
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
    take = other_desk_for(parsed)
    if take is not None:
        message.status, message.appeal = InboundMessage.Status.OTHER_DESK, None
        message.save()
        take(message)
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


def parse_message(message):
    return parse(
        message.raw_bytes,
        max_attachment_bytes=settings.UCC_MAIL_MAX_ATTACHMENT_BYTES,
        own_addresses=settings.UCC_MAIL_OWN_ADDRESSES,
    )


def describe(message, parsed):
    message.sender, message.subject, message.text = parsed.sender, parsed.subject, parsed.text
    message.in_reply_to = " ".join(parsed.thread_ids)[:5000]


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
    appeal = register_appeal(**appeal_fields(parsed, message))
    address = reply_address(parsed.sender)
    if address:
        Appeal.objects.filter(pk=appeal.pk).update(applicant_email=address)
        appeal.applicant_email = address
    return appeal


def appeal_fields(parsed, message):
    content = "\n\n".join(filter(None, [parsed.subject, parsed.text])) or _("(empty e-mail)")
    return {
        "channel": Appeal.Channel.EMAIL,
        "content": content,
        "received_at": message.received_at,
        "applicant_name": parsed.sender_name[:300],
        "language": language_of(content),
    }


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
