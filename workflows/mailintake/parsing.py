"""Raw bytes of an e-mail → `ParsedMessage`: sender, subject, text, attachments, threading, auto-reply signs.

Mail is untrusted input. Headers are decoded (RFC 2047 encoded words in any charset, raw 8-bit bytes),
bodies read through `charsets.decode_bytes`, HTML reduced to text (`htmltext`), attachment names never
used as paths (`safe_name`). Anything that is not an e-mail at all raises `Unparseable`; the caller
keeps those whole in quarantine.
"""

import base64
import binascii
import email
import hashlib
import mimetypes
import re
import unicodedata
from dataclasses import dataclass, field
from email.header import Header, decode_header
from email.utils import getaddresses, parsedate_to_datetime

from django.utils.text import slugify

from .charsets import decode_bytes
from .htmltext import defuse, html_to_text, tidy

KNOWN_HEADERS = ("from", "to", "subject", "date", "message-id", "received", "return-path", "mime-version", "sender")
DAEMONS = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|no-?reply-?daemon)@", re.I)
MESSAGE_ID = re.compile(r"<[^<>\s]+>")
MAX_ID_LENGTH = 250
MAX_NAME_LENGTH = 60
MAX_TITLE_LENGTH = 200
MAX_TEXT_LENGTH = 100_000


class Unparseable(Exception):
    """Not an e-mail we can register: no header block, no sender; the raw bytes go to quarantine."""


@dataclass
class Attachment:
    filename: str  # the name the sender gave, decoded, for display only
    storage_name: str  # generated: never the sender's path
    content_type: str
    size: int
    content: bytes | None  # None when over the size cap (it stays in the raw message)

    @property
    def over_cap(self):
        return self.content is None


@dataclass
class ParsedMessage:
    message_id: str
    sender: str
    sender_name: str
    subject: str
    text: str
    date: object = None
    in_reply_to: list = field(default_factory=list)
    references: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    auto_reason: str = ""  # why no acknowledgement may go back: auto-reply, list, bounce, loop
    defects: list = field(default_factory=list)
    recipients: list = field(default_factory=list)  # To, Cc, Delivered-To, X-Original-To: which desk it is for

    @property
    def thread_ids(self):
        return [*self.in_reply_to, *reversed(self.references)]


def raw_hash(raw):
    return hashlib.sha256(raw).hexdigest()


# --- headers ------------------------------------------------------------------------------------------


def header_text(value):
    """A header's readable text: encoded words in any charset, raw 8-bit bytes, folding undone."""
    if value is None:
        return ""
    if isinstance(value, Header):  # raw 8-bit bytes in a header: the parser kept them as "unknown-8bit"
        chunks = decode_header(value)
        return tidy_line("".join(decode_bytes(chunk, charset) for chunk, charset in chunks))
    value = str(value)
    if any("\udc80" <= char <= "\udcff" for char in value):
        return tidy_line(decode_bytes(value.encode("ascii", "surrogateescape")))
    try:
        chunks = decode_header(value)
    except Exception:  # noqa: BLE001 - a broken encoded word is shown as it came
        return tidy_line(value)
    text = "".join(
        chunk if isinstance(chunk, str) else decode_bytes(chunk, charset or "ascii") for chunk, charset in chunks
    )
    return tidy_line(text)


def tidy_line(text):
    return re.sub(r"\s+", " ", "".join(c for c in text if unicodedata.category(c) != "Cc" or c in "\t\n")).strip()


def message_ids(value):
    return MESSAGE_ID.findall(str(value or ""))


def normalise_id(message_id):
    """A Message-ID as stored: `<…>`, at most 250 characters (a longer one is kept as its hash)."""
    if len(message_id) > MAX_ID_LENGTH:
        return "sha256:" + hashlib.sha256(message_id.encode("utf-8", "surrogateescape")).hexdigest()
    return message_id


def auto_reason(msg, sender, own_addresses):
    """Why nothing may be sent back to this message (RFC 3834 and common practice), or ""."""
    submitted = header_text(msg.get("Auto-Submitted")).lower()
    if submitted and not submitted.startswith("no"):
        return f"Auto-Submitted: {submitted}"
    precedence = header_text(msg.get("Precedence")).lower()
    if precedence in {"bulk", "junk", "list", "auto_reply"}:
        return f"Precedence: {precedence}"
    for name in ("List-Id", "List-Unsubscribe", "X-Autoreply", "X-Autorespond"):
        if msg.get(name) is not None:
            return f"{name} present"
    if DAEMONS.match(sender) or str(msg.get("Return-Path", "")).strip() == "<>":
        return "bounce (mailer-daemon, postmaster or null return path)"
    if sender.lower() in own_addresses:
        return "our own address (mail loop)"
    if msg.get_content_type() == "multipart/report":
        return "delivery report"
    return ""


# --- bodies -------------------------------------------------------------------------------------------


def lenient_base64(data):
    """Base64 with junk characters or the wrong padding (a cut-off body): as much as can be read."""
    data = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
    data = data[: len(data) - len(data) % 4] if len(data) % 4 == 1 else data + b"=" * (-len(data) % 4)
    try:
        return base64.b64decode(data)
    except (binascii.Error, ValueError):
        return None


def part_bytes(part):
    """A part's decoded payload as bytes (base64 / quoted-printable undone; broken encodings best effort)."""
    if str(part.get("Content-Transfer-Encoding", "")).strip().lower() == "base64" and not part.is_multipart():
        raw = part.get_payload()
        if isinstance(raw, str):
            decoded = lenient_base64(raw.encode("ascii", "surrogateescape"))
            if decoded is not None:
                return decoded
    payload = part.get_payload(decode=True)
    if payload is None:
        raw = part.get_payload()
        payload = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
    return payload


def part_text(part):
    text = decode_bytes(part_bytes(part), part.get_content_charset())
    if part.get_content_type() == "text/html":
        return html_to_text(text)
    return tidy(text)


CYRILLIC_LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch - y - e yu ya a g q n o u u h i".split(),
        strict=True,
    )
)


def transliterate(text):
    """Cyrillic (Russian and Kazakh letters) in Latin letters, for a readable ASCII file name."""
    return "".join(
        CYRILLIC_LATIN.get(c.lower(), c).replace("-", "") if c.lower() in CYRILLIC_LATIN else c for c in text
    )


def safe_name(filename, content_type, index):
    """`03-zayavlenie.pdf`: the position, an ASCII slug of the base name, a short extension — never a path."""
    base = re.split(r"[\\/]", filename.replace("\x00", ""))[-1]
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:8]
    if not extension:
        extension = (mimetypes.guess_extension(content_type) or ".bin").lstrip(".")
    slug = slugify(unicodedata.normalize("NFKD", transliterate(stem)))[:MAX_NAME_LENGTH].strip("-_.") or "attachment"
    return f"{index:02d}-{slug}.{extension}"


def display_name(filename, content_type, index):
    """The sender's file name for display: its last path component, at most 200 characters, extension kept."""
    name = tidy_line(re.split(r"[\\/]", filename.replace("\x00", ""))[-1])
    if len(name) > MAX_TITLE_LENGTH:
        stem, dot, extension = name.rpartition(".")
        extension = dot + extension if dot and len(extension) <= 10 else ""
        name = name[: MAX_TITLE_LENGTH - len(extension)] + extension
    return name or f"attachment-{index}{mimetypes.guess_extension(content_type) or '.bin'}"


def is_attachment(part):
    disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    if disposition == "attachment" or part.get_filename():
        return True
    return part.get_content_maintype() not in {"text", "multipart"}


def walk_leaves(msg):
    """The leaves of the MIME tree; a forwarded message (message/rfc822) is one leaf, kept as an .eml."""
    if msg.get_content_type() == "message/rfc822" or not msg.is_multipart():
        yield msg
        return
    payload = msg.get_payload()
    for part in payload if isinstance(payload, list) else []:
        yield from walk_leaves(part)


def leaf_content(part):
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return inner.as_bytes() if hasattr(inner, "as_bytes") else part_bytes(part)
    return part_bytes(part)


def body_and_attachments(msg, max_bytes):
    plain, html, attachments = [], [], []
    for part in walk_leaves(msg):
        if is_attachment(part):
            index = len(attachments) + 1
            content = leaf_content(part)
            content_type = part.get_content_type()
            filename = header_text(part.get_filename() or "")
            attachments.append(
                Attachment(
                    filename=display_name(filename, content_type, index),
                    storage_name=safe_name(filename, content_type, index),
                    content_type=content_type,
                    size=len(content),
                    content=content if len(content) <= max_bytes else None,
                )
            )
        elif part.get_content_type() == "text/html":
            html.append(part_text(part))
        elif part.get_content_maintype() == "text" or not part.is_multipart():
            plain.append(part_text(part))
    text = "\n\n".join(t for t in plain if t) or "\n\n".join(t for t in html if t)
    if len(text) > MAX_TEXT_LENGTH:  # the whole message stays in the raw copy
        text = text[:MAX_TEXT_LENGTH] + "\n[…]"
    return defuse(text), attachments


# --- the message --------------------------------------------------------------------------------------


def looks_like_mail(msg, raw):
    present = {key.lower() for key in msg.keys()}
    return bool(raw.strip()) and bool(present & set(KNOWN_HEADERS))


def sender_of(msg):
    for header in ("From", "Sender", "Reply-To", "Return-Path"):
        value = header_text(msg.get(header))
        for name, address in getaddresses([value] if value else []):
            if "@" in address:
                return address.strip().lower(), tidy_line(name)
        broken = re.search(r"<([^<>\s]*@[^<>\s]*)>", value) or re.search(r"(\S+@\S+)", value)
        if broken:  # an address no parser accepts: kept as the sender, never replied to
            return broken.group(1).strip().lower()[:320], tidy_line(value.split("<")[0]).strip('"')
    return "", ""


def parse(raw, *, max_attachment_bytes, own_addresses=()):
    """Parse `raw` (bytes). Raises `Unparseable` for what is no e-mail: empty, no headers, no sender."""
    if not raw or not raw.strip():
        raise Unparseable("empty file")
    msg = email.message_from_bytes(raw)
    if not looks_like_mail(msg, raw):
        raise Unparseable("no e-mail header block (From, To, Subject, Date, Message-ID …)")
    sender, name = sender_of(msg)
    reason = auto_reason(msg, sender, {a.lower() for a in own_addresses})
    if not sender and not reason:
        raise Unparseable("no sender address")
    ids = message_ids(msg.get("Message-ID"))
    text, attachments = body_and_attachments(msg, max_attachment_bytes)
    try:
        date = parsedate_to_datetime(str(msg.get("Date"))) if msg.get("Date") else None
    except (TypeError, ValueError, IndexError):
        date = None
    return ParsedMessage(
        message_id=normalise_id(ids[0]) if ids else f"sha256:{raw_hash(raw)}",
        sender=sender,
        sender_name=name[:300],
        subject=defuse(header_text(msg.get("Subject")))[:998],
        text=text,
        date=date,
        in_reply_to=[normalise_id(i) for i in message_ids(msg.get("In-Reply-To"))],
        references=[normalise_id(i) for i in message_ids(msg.get("References"))][-20:],
        attachments=attachments,
        auto_reason=reason,
        defects=[type(defect).__name__ for part in msg.walk() for defect in getattr(part, "defects", [])],
        recipients=recipients_of(msg),
    )


def recipients_of(msg):
    """The addresses the message was sent to, lower-cased (a header no parser reads gives nothing)."""
    values = []
    for name in ("To", "Cc", "Delivered-To", "X-Original-To"):
        for value in msg.get_all(name) or ():
            try:
                values.append(header_text(value))
            except Exception:  # noqa: BLE001 - a broken header names no desk
                continue
    return list(dict.fromkeys(address.strip().lower() for _name, address in getaddresses(values) if "@" in address))
