"""Reading the mailbox: a Maildir folder (the embedded default, so `make run` works offline) or IMAP.

The one rule both readers keep: a message is marked done on the server only after `services.ingest`
has committed its row. A run killed at any point therefore loses nothing (an unmarked message is read
again) and duplicates nothing (the same bytes again are a no-op of `ingest`).
"""

import imaplib
import logging
import os
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .services import ingest, ingest_many

logger = logging.getLogger(__name__)
DONE_FLAG = "$UccRegistered"  # IMAP keyword set on every message whose row is committed


@dataclass
class RunReport:
    read: int = 0
    statuses: dict = field(default_factory=dict)

    def count(self, message):
        self.read += 1
        status = str(message.status)
        self.statuses[status] = self.statuses.get(status, 0) + 1


# --- Maildir ------------------------------------------------------------------------------------------


class MaildirReader:
    """`new/` and `cur/` of a Maildir are read; a message whose row is committed moves to the
    `.processed` sub-folder (Maildir++), flagged seen — a rename, atomic on one file system."""

    def __init__(self, path):
        self.path = Path(path)
        self.done = self.path / ".processed"

    def ensure(self):
        for folder in (self.path, self.done):
            for sub in ("tmp", "new", "cur"):
                (folder / sub).mkdir(parents=True, exist_ok=True)

    def pending(self):
        """Files delivered (never `tmp/`, where a delivery is still being written), oldest first."""
        entries = []
        for sub in ("new", "cur"):
            with os.scandir(self.path / sub) as found:
                entries.extend(entry for entry in found if entry.is_file() and not entry.name.startswith("."))
        return sorted(entries, key=lambda entry: (entry.stat().st_mtime, entry.name))

    def mark_done(self, entry):
        base = entry.name.split(":", 1)[0]
        os.replace(entry.path, self.done / "cur" / f"{base}:2,S")

    def run(self, *, limit=None, after_commit=None):
        """Read what is pending; every `UCC_MAIL_COMMIT_EVERY` messages commit together, then move."""
        self.ensure()
        report = RunReport()
        entries = self.pending()[:limit]
        size = max(1, settings.UCC_MAIL_COMMIT_EVERY)
        for start in range(0, len(entries), size):
            read = []
            for entry in entries[start : start + size]:
                try:
                    received_at = datetime.fromtimestamp(entry.stat().st_mtime, tz=UTC)
                    read.append((entry, (Path(entry.path).read_bytes(), f"maildir:{entry.name}", received_at)))
                except FileNotFoundError:
                    continue  # a run alongside this one took it first
            with transaction.atomic():
                messages = ingest_many([item for _entry, item in read])
            for (entry, _item), message in zip(read, messages, strict=True):  # committed: now the files may go
                if after_commit is not None:
                    after_commit(message)
                try:
                    self.mark_done(entry)
                except FileNotFoundError:
                    pass
                report.count(message)
        return report


# --- IMAP ---------------------------------------------------------------------------------------------


class ImapReader:
    """Messages without our keyword are fetched with BODY.PEEK (nothing marked while reading); after the
    commit each gets \\Seen and `$UccRegistered`, and moves to the processed folder when one is set."""

    def __init__(self, *, host, port, security, folder, user, password, processed_folder=""):
        self.host, self.port, self.security = host, port, security
        self.folder, self.user, self.password, self.processed_folder = folder, user, password, processed_folder

    def connect(self):
        if self.security == "ssl":
            connection = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=ssl.create_default_context())
        else:
            connection = imaplib.IMAP4(self.host, self.port)
            if self.security == "starttls":
                connection.starttls(ssl_context=ssl.create_default_context())
        connection.login(self.user, self.password)
        return connection

    def run(self, *, limit=None, after_commit=None):
        report = RunReport()
        connection = self.connect()
        try:
            connection.select(imap_quote(self.folder))
            status, data = connection.uid("SEARCH", None, "UNKEYWORD", DONE_FLAG, "UNDELETED")
            uids = data[0].split() if status == "OK" and data and data[0] else []
            for uid in uids[:limit]:
                raw = fetch_raw(connection, uid)
                if raw is None:
                    continue
                message = ingest(raw, source=f"imap:{self.folder}/{uid.decode()}")
                if after_commit is not None:
                    after_commit(message)
                self.mark_done(connection, uid)
                report.count(message)
            if self.processed_folder and uids:
                connection.expunge()
        finally:
            try:
                connection.logout()
            except (imaplib.IMAP4.error, OSError):
                pass
        return report

    def mark_done(self, connection, uid):
        connection.uid("STORE", uid, "+FLAGS", f"(\\Seen {DONE_FLAG})")
        if self.processed_folder:
            status, _data = connection.uid("COPY", uid, imap_quote(self.processed_folder))
            if status == "OK":
                connection.uid("STORE", uid, "+FLAGS", "(\\Deleted)")


def fetch_raw(connection, uid):
    status, data = connection.uid("FETCH", uid, "(BODY.PEEK[])")
    if status != "OK":
        return None
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    return None


def imap_quote(name):
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def configured_reader():
    """IMAP when `UCC_MAIL_IMAP_HOST` is set (production), else the Maildir folder `UCC_MAIL_MAILDIR`."""
    if settings.UCC_MAIL_IMAP_HOST:
        return ImapReader(
            host=settings.UCC_MAIL_IMAP_HOST,
            port=settings.UCC_MAIL_IMAP_PORT,
            security=settings.UCC_MAIL_IMAP_SECURITY,
            folder=settings.UCC_MAIL_IMAP_FOLDER,
            user=settings.UCC_MAIL_IMAP_USER,
            password=settings.UCC_MAIL_IMAP_PASSWORD,
            processed_folder=settings.UCC_MAIL_IMAP_PROCESSED_FOLDER,
        )
    return MaildirReader(settings.UCC_MAIL_MAILDIR)
