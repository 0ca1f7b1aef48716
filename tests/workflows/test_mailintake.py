"""E-mail appeals (para 8): the corpus in tests/data/mail/ registered as expected.json says — none lost, none
duplicated, none executing script, the quarantine holding exactly the unparseable ones — the acknowledgement
with the registration number and the two-working-day deadline sent once and never to an auto-reply, the
Maildir reader surviving a run killed halfway, and a supervisor's reprocessing.

Dates are read off the 2026 calendar: the two working days after Tuesday 24 November end on Thursday 26.
"""

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone, translation

from workflows.appeals import services as appeals
from workflows.appeals.models import Appeal, AppealEvent
from workflows.mailintake import services
from workflows.mailintake.mailbox import MaildirReader
from workflows.mailintake.models import InboundMessage, OutboundMessage, QuarantinedMessage
from workflows.mailintake.parsing import raw_hash
from workflows.mailintake.tasks import fetch_mail

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parent.parent / "data" / "mail"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
PLACEHOLDER = re.compile(r"<<(ACK|NUMBER):([\w.-]+)>>")
CAP = 64 * 1024
TUESDAY = timezone.make_aware(datetime(2026, 11, 24, 10, 0))


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.UCC_MAIL_MAX_ATTACHMENT_BYTES = CAP
    settings.UCC_MAIL_OWN_ADDRESSES = ["support@goscorp.kz"]
    # A fresh in-memory file storage per test: a file name a previous test stored does not get a suffix here.
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}


def fill(text, done):
    """Put in what the platform generated: our acknowledgement's Message-ID, an appeal's number."""

    def value(match):
        kind, name = match.groups()
        appeal = done[name].appeal
        if kind == "NUMBER":
            return appeal.number
        return OutboundMessage.objects.get(appeal=appeal, kind=OutboundMessage.Kind.ACKNOWLEDGEMENT).message_id

    return PLACEHOLDER.sub(value, text)


def corpus_raw(name, done):
    raw = (CORPUS / name).read_bytes()
    if b"<<" not in raw:
        return raw
    return fill(raw.decode("latin-1"), done).encode("latin-1")


def ingest_corpus(capture):
    """Read the corpus in English (expected.json's placeholders are English), whichever language an earlier
    test left active in this thread."""
    done, raws = {}, {}
    with capture(execute=True), translation.override("en"):
        for name in sorted(EXPECTED):
            raws[name] = corpus_raw(name, done)
            done[name] = services.ingest(raws[name], source=f"corpus:{name}", received_at=TUESDAY)
    return done, raws


@pytest.fixture
def corpus(django_capture_on_commit_callbacks):
    return ingest_corpus(django_capture_on_commit_callbacks)


def test_the_corpus_has_at_least_thirty_real_shaped_messages():
    assert len(EXPECTED) >= 30
    assert sorted(p.name for p in CORPUS.glob("*.eml")) == sorted(EXPECTED)


def test_every_message_ends_with_its_expected_status(corpus):
    done, _raws = corpus
    statuses = {name: message.status for name, message in done.items()}
    assert statuses == {name: expected["status"] for name, expected in EXPECTED.items()}


def test_none_lost_none_duplicated(corpus, django_capture_on_commit_callbacks):
    done, raws = corpus
    assert InboundMessage.objects.count() == len(EXPECTED)
    for name, raw in raws.items():
        stored = InboundMessage.objects.get(raw_sha256=raw_hash(raw))
        assert stored.pk == done[name].pk
        assert stored.raw_bytes == raw  # the raw message is kept, always
    registered = [m for m in done.values() if m.status == InboundMessage.Status.REGISTERED]
    assert Appeal.objects.count() == len(registered)
    assert len({m.appeal_id for m in registered}) == len(registered)
    sent = len(mail.outbox)

    again, _ = ingest_corpus(django_capture_on_commit_callbacks)  # the mailbox read a second time

    assert {name: m.pk for name, m in again.items()} == {name: m.pk for name, m in done.items()}
    assert InboundMessage.objects.count() == len(EXPECTED)
    assert Appeal.objects.count() == len(registered)
    assert len(mail.outbox) == sent


def test_registered_messages_read_as_expected(corpus):
    done, _raws = corpus
    for name, expected in EXPECTED.items():
        message = done[name]
        if expected["status"] != "registered":
            continue
        appeal = message.appeal
        assert appeal.channel == Appeal.Channel.EMAIL, name
        assert message.subject == fill(expected["subject"], done), name
        for snippet in expected["text"]:
            assert snippet in message.text and snippet in appeal.content, (name, snippet)
        for snippet in expected["not_text"]:
            assert snippet not in appeal.content, (name, snippet)
        if "content" in expected:
            assert appeal.content == expected["content"], name
        if "sender_name" in expected:
            assert appeal.applicant_name == expected["sender_name"]
        if "language" in expected:
            assert appeal.language == expected["language"]
        if expected.get("message_id") == "sha256":
            assert message.message_id.startswith("sha256:"), name
        documents = sorted((d.title, Path(d.file.name).name) for d in appeal.documents.all())
        assert documents == sorted(tuple(pair) for pair in expected["attachments"]), name


def test_attachments_are_stored_under_generated_names_only(corpus):
    done, _raws = corpus
    for message in done.values():
        if message.appeal is None:
            continue
        for document in message.appeal.documents.all():
            stored = document.file.name
            assert stored.startswith(f"documents/mail/{message.raw_sha256[:16]}/"), stored
            assert ".." not in stored and "\\" not in stored and "\x00" not in stored
            assert re.fullmatch(r"\d\d-[a-z0-9-]{1,60}\.[a-z0-9]{1,8}", Path(stored).name), stored
            assert document.file.size <= CAP
            assert document.collection.name == "E-mail attachments"


def test_an_attachment_over_the_cap_stays_only_in_the_raw_message(corpus):
    done, _raws = corpus
    message = done["21-huge-attachment.eml"]
    assert [d.title for d in message.appeal.documents.all()] == ["small.txt"]
    assert len(message.raw_bytes) > 200 * 1024


def test_replies_join_the_thread_of_their_appeal(corpus):
    done, _raws = corpus
    for name, expected in EXPECTED.items():
        if expected["status"] != "attached_to_thread":
            continue
        appeal = done[expected["appeal_of"]].appeal
        assert done[name].appeal == appeal, name
        event = AppealEvent.objects.get(appeal=appeal, action="email_reply", reason__contains=expected["text"][0])
        assert event.to_state == appeal.state
    stranger = done["34-number-from-stranger.eml"]
    assert stranger.appeal != done["04-cp1251-declared.eml"].appeal  # a number alone does not open someone's thread


def test_duplicates_are_dropped_by_message_id(corpus):
    done, _raws = corpus
    duplicate = done["30-duplicate-second.eml"]
    assert duplicate.duplicate_of == done["29-duplicate-first.eml"]
    assert duplicate.appeal is None
    assert Appeal.objects.filter(content__contains="Дубликат письма").count() == 1


def test_no_script_anywhere(corpus):
    done, _raws = corpus
    stored = [
        *InboundMessage.objects.values_list("text", flat=True),
        *InboundMessage.objects.values_list("subject", flat=True),
        *Appeal.objects.values_list("content", flat=True),
        *AppealEvent.objects.values_list("reason", flat=True),
    ]
    for message in mail.outbox:
        stored += [message.subject, message.body, *(content for content, _type in message.alternatives)]
    for text in stored:
        assert "<script" not in text.lower()
        assert not re.search(r"<[^>]*\bon\w+\s*=", text, re.I)


def test_the_quarantine_holds_exactly_the_unparseable_ones(corpus):
    done, raws = corpus
    unparseable = {name for name, expected in EXPECTED.items() if expected["status"] == "quarantined"}
    assert {m.pk for m in QuarantinedMessage.objects.all()} == {done[name].pk for name in unparseable}
    for name in unparseable:
        assert done[name].raw_bytes == raws[name]
        assert done[name].error


def test_acknowledgement_sent_once_with_number_and_deadline_never_to_auto_replies(corpus):
    done, _raws = corpus
    acknowledged = [
        m
        for name, m in done.items()
        if m.status == InboundMessage.Status.REGISTERED and EXPECTED[name].get("acknowledged", True)
    ]
    assert len(mail.outbox) == len(acknowledged)
    by_number = {re.search(r"UCC-\d{4}-\d{6}", message.subject).group(): message for message in mail.outbox}
    for inbound in acknowledged:
        sent = by_number[inbound.appeal.number]
        assert sent.to == [inbound.sender]
        if not inbound.message_id.startswith("sha256:"):
            assert sent.extra_headers["In-Reply-To"] == inbound.message_id
        assert "26.11.2026" in sent.body  # para 8: two working days after Tuesday 24 November 2026
        assert sent.extra_headers["Auto-Submitted"] == "auto-replied"
        outbound = OutboundMessage.objects.get(appeal=inbound.appeal)
        assert sent.extra_headers["Message-ID"] == outbound.message_id and outbound.sent_at is not None
    ignored = {m.sender for m in done.values() if m.status == InboundMessage.Status.AUTO_REPLY}
    assert "support@goscorp.kz" in ignored and "mailer-daemon@mx.mail.kz" in ignored
    replied_to = {m.extra_headers.get("In-Reply-To") for m in mail.outbox} - {None}
    assert not replied_to & {m.message_id for m in done.values() if m.status != InboundMessage.Status.REGISTERED}


def test_the_deadline_is_two_working_days_through_the_calendar(django_capture_on_commit_callbacks):
    friday = timezone.make_aware(datetime(2026, 3, 20, 16, 0))  # Nauryz: 21-25 March are days off
    with django_capture_on_commit_callbacks(execute=True):
        message = services.ingest((CORPUS / "01-plain-utf8-ru.eml").read_bytes(), source="t", received_at=friday)
    assert timezone.localtime(message.appeal.due_at).date() == date(2026, 3, 27)
    assert "27.03.2026" in mail.outbox[0].body


def test_the_appeals_app_does_not_send_a_second_acknowledgement(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.ingest((CORPUS / "04-cp1251-declared.eml").read_bytes(), source="t")
    assert len(mail.outbox) == 1
    assert message.appeal.applicant_email == "petrov@mail.ru"


# --- reprocessing -----------------------------------------------------------------------------------


def quarantined_row(raw, error="ParseError: parser of an earlier release"):
    return InboundMessage.objects.create(
        raw=raw,
        raw_sha256=raw_hash(raw),
        size=len(raw),
        received_at=TUESDAY,
        status=InboundMessage.Status.QUARANTINED,
        error=error,
    )


def test_reprocess_registers_a_message_the_parser_now_reads(django_capture_on_commit_callbacks):
    row = quarantined_row((CORPUS / "02-kazakh-subject-base64.eml").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        message = services.reprocess(row)
    assert message.status == InboundMessage.Status.REGISTERED and message.error == ""
    assert message.appeal.content.startswith("Жеке куәлік туралы сұрақ")
    with django_capture_on_commit_callbacks(execute=True):
        again = services.reprocess(row)
    assert again.appeal == message.appeal
    assert Appeal.objects.count() == 1 and len(mail.outbox) == 1


def test_reprocess_keeps_an_unreadable_message_in_quarantine():
    row = quarantined_row((CORPUS / "45-garbage.eml").read_bytes(), error="old reason")
    message = services.reprocess(row)
    assert message.status == InboundMessage.Status.QUARANTINED
    assert "header block" in message.error
    assert QuarantinedMessage.objects.get().raw_bytes == (CORPUS / "45-garbage.eml").read_bytes()


# --- the Maildir reader ------------------------------------------------------------------------------


def deliver(maildir, names):
    for sub in ("tmp", "new", "cur"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    for name in names:
        (maildir / "new" / f"1764000000.{name}.mx").write_bytes((CORPUS / name).read_bytes())


READABLE = [n for n in sorted(EXPECTED) if b"<<" not in (CORPUS / n).read_bytes()]


class Killed(Exception):
    pass


def test_a_run_killed_halfway_and_restarted_registers_each_message_exactly_once(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.UCC_MAIL_COMMIT_EVERY = 10
    deliver(tmp_path, READABLE)
    committed = []

    def killed_after_twenty(message):
        committed.append(message.pk)
        if len(committed) == 20:  # the row is committed, the file not yet moved: the worst moment
            raise Killed

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Killed):
        MaildirReader(tmp_path).run(after_commit=killed_after_twenty)
    assert InboundMessage.objects.count() == 20
    assert len(list((tmp_path / "new").iterdir())) == len(READABLE) - 19

    with django_capture_on_commit_callbacks(execute=True):
        report = MaildirReader(tmp_path).run()

    assert report.read == len(READABLE) - 19
    assert InboundMessage.objects.count() == len(READABLE)
    assert list((tmp_path / "new").iterdir()) == []
    assert len(list((tmp_path / ".processed" / "cur").iterdir())) == len(READABLE)
    registered = InboundMessage.objects.filter(status=InboundMessage.Status.REGISTERED)
    assert Appeal.objects.count() == registered.count()
    assert len(mail.outbox) == registered.exclude(appeal__applicant_email="").count()


def test_the_every_minute_task_reads_the_configured_maildir(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.UCC_MAIL_MAILDIR = tmp_path / "inbox"
    settings.UCC_MAIL_IMAP_HOST = ""
    deliver(tmp_path / "inbox", ["01-plain-utf8-ru.eml", "36-auto-replied.eml", "46-zero-byte.eml"])
    with django_capture_on_commit_callbacks(execute=True):
        first = fetch_mail()
    with django_capture_on_commit_callbacks(execute=True):
        second = fetch_mail()
    # (the test's transaction holds the acknowledgement's on-commit until the end: the retry sends it first)
    assert {key: value for key, value in first.items() if key != "mail_resent"} == {
        "read": 3,
        "registered": 1,
        "auto_reply_ignored": 1,
        "quarantined": 1,
    }
    assert second == {"read": 0, "mail_resent": 0}
    assert len(mail.outbox) == 1


def test_fetch_mail_is_scheduled_every_minute():
    from django_q.models import Schedule

    from workflows.schedules import sync_schedules

    sync_schedules()
    schedule = Schedule.objects.get(func="workflows.mailintake.tasks.fetch_mail")
    assert (schedule.schedule_type, schedule.minutes) == (Schedule.MINUTES, 1)
    assert schedule.next_run - timezone.now() < timezone.timedelta(minutes=2)


# --- the answer by e-mail -----------------------------------------------------------------------------


def test_send_answer_mails_the_answer_in_the_thread_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.ingest((CORPUS / "05-koi8r-declared.eml").read_bytes(), source="t")
    appeal = message.appeal
    Appeal.objects.filter(pk=appeal.pk).update(answer="Пенсия назначается с 63 лет.", state="answered")
    appeal.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_answer(appeal)
        services.send_answer(appeal)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert appeal.number in sent.subject
    assert "Пенсия назначается с 63 лет." in sent.body
    assert sent.extra_headers["In-Reply-To"] == "<c05.koi8@mail.ru>"
    assert "Auto-Submitted" not in sent.extra_headers


def test_send_answer_does_not_repeat_the_answer_the_appeals_app_mailed(django_capture_on_commit_callbacks):
    from tests.factories import UserFactory

    operator = UserFactory(username="mail-operator", roles=["Operator"])
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.ingest((CORPUS / "05-koi8r-declared.eml").read_bytes(), source="t").appeal
        appeal = appeals.take(appeal=appeal, user=operator)
        appeals.give_answer(appeal=appeal, user=operator, answer="С 63 лет.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_answer(appeal) is None
    assert mail.outbox == []


# --- the IMAP reader, against a small IMAP server over a real socket (tests/workflows/imap_server.py) ------


IMAP_FILES = ["01-plain-utf8-ru.eml", "04-cp1251-declared.eml", "36-auto-replied.eml", "46-zero-byte.eml"]


def imap_reader(server, processed="Processed"):
    from workflows.mailintake.mailbox import ImapReader

    return ImapReader(
        host="127.0.0.1",
        port=server.server_address[1],
        security="none",
        folder="INBOX",
        user="mailuser",
        password="secret",
        processed_folder=processed,
    )


def test_imap_messages_are_flagged_and_moved_only_after_commit(django_capture_on_commit_callbacks):
    from tests.workflows.imap_server import ImapServer

    raws = [(CORPUS / name).read_bytes() for name in IMAP_FILES]
    with ImapServer(raws) as server:
        seen = []

        def killed_after_two(message):
            flags = server.mailbox.messages[len(seen) + 1][1]
            assert "$UccRegistered" not in flags  # committed, not yet marked on the server
            seen.append(message.pk)
            if len(seen) == 2:
                raise Killed

        with django_capture_on_commit_callbacks(execute=True), pytest.raises(Killed):
            imap_reader(server).run(after_commit=killed_after_two)
        assert InboundMessage.objects.count() == 2
        assert [uid for uid, (_raw, flags) in server.mailbox.messages.items() if "$UccRegistered" in flags] == [1]

        with django_capture_on_commit_callbacks(execute=True):
            report = imap_reader(server).run()

        assert report.read == 3
        assert InboundMessage.objects.count() == 4
        assert sorted(uid for uid, _folder in server.mailbox.copied) == [1, 2, 3, 4]
        assert server.mailbox.messages == {}  # copied to Processed, then expunged from the inbox
    assert {str(m.status) for m in InboundMessage.objects.all()} == {"registered", "auto_reply_ignored", "quarantined"}
    assert Appeal.objects.count() == 2 and len(mail.outbox) == 2


# --- the Maildir reader's batches (`ingest_many`) end each message as `ingest` alone does ---------------


def ingest_corpus_in_batches(capture):
    """The corpus in two batches: the messages that stand alone, then the replies to them (their headers
    name what the first batch generated)."""
    done, raws = {}, {}
    alone = [name for name in sorted(EXPECTED) if b"<<" not in (CORPUS / name).read_bytes()]
    replies = [name for name in sorted(EXPECTED) if name not in alone]
    with capture(execute=True), translation.override("en"):
        for names in (alone, replies):
            items = [(corpus_raw(name, done), f"corpus:{name}", TUESDAY) for name in names]
            for name, (raw, _source, _at), message in zip(names, items, services.ingest_many(items), strict=True):
                done[name], raws[name] = message, raw
    return done, raws


def test_a_batch_ends_every_message_as_reading_it_alone_would(django_capture_on_commit_callbacks):
    done, _raws = ingest_corpus_in_batches(django_capture_on_commit_callbacks)

    assert {name: m.status for name, m in done.items()} == {name: e["status"] for name, e in EXPECTED.items()}
    assert InboundMessage.objects.count() == len(EXPECTED)
    registered = [m for m in done.values() if m.status == InboundMessage.Status.REGISTERED]
    assert Appeal.objects.count() == len({m.appeal_id for m in registered}) == len(registered)
    for message in registered:
        appeal = message.appeal
        assert appeal.events.filter(action="register").count() == 1
        assert appeal.due_at == appeals.answer_due(Appeal.Channel.EMAIL, TUESDAY)
    numbers = sorted(Appeal.objects.values_list("sequence", flat=True))
    assert numbers == list(range(1, len(registered) + 1))  # gap-free, as one at a time
    acknowledged = OutboundMessage.objects.filter(kind=OutboundMessage.Kind.ACKNOWLEDGEMENT)
    assert acknowledged.count() == len(mail.outbox) == sum(bool(m.appeal.applicant_email) for m in registered)


def test_a_batch_leaves_the_audit_entries_one_registration_leaves(django_capture_on_commit_callbacks):
    from auditlog.models import LogEntry

    done, _raws = ingest_corpus_in_batches(django_capture_on_commit_callbacks)
    appeal = next(m.appeal for m in done.values() if m.status == "registered" and m.appeal.applicant_name)
    entry = LogEntry.objects.get_for_object(appeal).get(action=LogEntry.Action.CREATE)
    assert entry.changes_dict["number"][1] == appeal.number
    assert appeal.applicant_name not in str(entry.changes_dict["applicant_name"])  # masked
    assert appeal.events.get(action="register").to_state == "registered"  # the timeline is its own record


def test_reading_the_same_batch_again_changes_nothing(django_capture_on_commit_callbacks):
    done, raws = ingest_corpus_in_batches(django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    items = [(raws[name], f"corpus:{name}", TUESDAY) for name in sorted(raws)]

    with django_capture_on_commit_callbacks(execute=True):
        again = services.ingest_many(items)

    assert [m.pk for m in again] == [done[name].pk for name in sorted(raws)]
    assert InboundMessage.objects.count() == len(EXPECTED)
    assert len(mail.outbox) == sent


def test_a_failed_bulk_write_is_rolled_back_and_read_one_by_one(monkeypatch, django_capture_on_commit_callbacks):
    """Whatever breaks the bulk write (here: the first one, refused), the messages are read alone, none lost."""
    write_in_bulk, calls = services.write_in_bulk, []

    def refused_once(pending):
        calls.append(len(pending))
        write_in_bulk(pending)
        if len(calls) == 1:
            raise RuntimeError("the database went away mid-batch")

    monkeypatch.setattr(services, "write_in_bulk", refused_once)
    done, _raws = ingest_corpus_in_batches(django_capture_on_commit_callbacks)

    assert calls and calls[0] > 1
    assert {name: m.status for name, m in done.items()} == {name: e["status"] for name, e in EXPECTED.items()}
    assert InboundMessage.objects.count() == len(EXPECTED)
    registered = InboundMessage.objects.filter(status=InboundMessage.Status.REGISTERED)
    assert Appeal.objects.count() == registered.count()
    assert sorted(Appeal.objects.values_list("sequence", flat=True)) == list(range(1, registered.count() + 1))


def test_the_intake_survives_an_unreachable_mailbox_and_catches_up(settings, django_capture_on_commit_callbacks):
    """Issue 21 (resilience): the every-minute task fails while the mail server does not answer, writes
    nothing, and the first run after the server is back registers everything that waited."""
    import socket

    from tests.workflows.imap_server import ImapServer

    with socket.socket() as closed:  # a port nothing listens on: the mail server is down
        closed.bind(("127.0.0.1", 0))
        down_port = closed.getsockname()[1]
    settings.UCC_MAIL_IMAP_HOST, settings.UCC_MAIL_IMAP_PORT = "127.0.0.1", down_port
    settings.UCC_MAIL_IMAP_SECURITY, settings.UCC_MAIL_IMAP_FOLDER = "none", "INBOX"
    settings.UCC_MAIL_IMAP_USER, settings.UCC_MAIL_IMAP_PASSWORD = "mailuser", "secret"
    settings.UCC_MAIL_IMAP_PROCESSED_FOLDER = "Processed"
    for _minute in range(3):  # three runs of the schedule while the server is down
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(OSError):
            fetch_mail()  # the task fails, so django-q records it and the next minute's run tries again
    assert InboundMessage.objects.count() == 0 and Appeal.objects.count() == 0 and mail.outbox == []

    raws = [(CORPUS / name).read_bytes() for name in IMAP_FILES]
    with ImapServer(raws) as server:
        settings.UCC_MAIL_IMAP_PORT = server.server_address[1]
        with django_capture_on_commit_callbacks(execute=True):
            result = fetch_mail()
        assert result["read"] == 4
        assert server.mailbox.messages == {}  # every waiting message read and moved to Processed
    assert InboundMessage.objects.count() == 4
    assert Appeal.objects.count() == 2 and len(mail.outbox) == 2  # acknowledged once each
