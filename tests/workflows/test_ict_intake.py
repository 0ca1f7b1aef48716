"""Para 35 by e-mail: mail to the ICT desk's address becomes an ICT request, not an appeal, with the intake's
guarantees — the raw message kept, a malformed one quarantined, the same Message-ID twice a duplicate, a reply
in a request's thread landing on it — while mail to the appeals address still becomes an appeal."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import BodyMembershipFactory, StateBodyFactory, UserFactory
from workflows.appeals.models import Appeal
from workflows.directory.models import StateBody
from workflows.ict.models import IctMail, IctRequest
from workflows.mailintake import services as intake
from workflows.mailintake.models import InboundMessage, QuarantinedMessage

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
TUESDAY = datetime(2026, 11, 24, 10, 0, tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.UCC_MAIL_OWN_ADDRESSES = ["support@goscorp.kz", "ict@goscorp.kz"]
    settings.ICT_MAIL_ADDRESSES = ["ict@goscorp.kz"]
    settings.UCC_MAIL_MAX_ATTACHMENT_BYTES = 64 * 1024
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}


@pytest.fixture
def ministry():
    return StateBodyFactory(code="min-digital", kind=StateBody.Kind.CENTRAL_BODY, email="info@digital.gov.kz")


def eml(
    *,
    to="ict@goscorp.kz",
    sender="Асель <asel@digital.gov.kz>",
    subject="Ошибка входа в СЭД",
    message_id="<ict1@digital.gov.kz>",
    body="Не работает вход.",
    extra=(),
):
    lines = [f"From: {sender}", f"To: {to}", f"Subject: {subject}", "Date: Tue, 24 Nov 2026 10:00:00 +0500"]
    if message_id:
        lines.append(f"Message-ID: {message_id}")
    lines += [*extra, "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body]
    return "\r\n".join(lines).encode()


def test_mail_to_the_ict_address_becomes_an_ict_request_not_an_appeal(ministry):
    raw = eml()
    message = intake.ingest(raw, source="test", received_at=TUESDAY)
    assert message.status == InboundMessage.Status.OTHER_DESK
    assert message.raw_bytes == raw  # the raw message is kept
    assert Appeal.objects.count() == 0
    request = IctRequest.objects.get()
    assert request.channel == IctRequest.Channel.EMAIL
    assert request.body == ministry  # known by its domain in the directory
    assert (request.subject, request.description) == ("Ошибка входа в СЭД", "Не работает вход.")
    assert request.requester_email == "asel@digital.gov.kz"
    assert request.received_at == TUESDAY
    assert IctMail.objects.get().message == message


def test_a_copy_to_the_ict_address_counts_as_well(ministry):
    intake.ingest(eml(to="someone@digital.gov.kz", extra=["Cc: ICT desk <ICT@goscorp.kz>"]), source="test")
    assert IctRequest.objects.count() == 1


def test_a_sender_known_as_a_bodys_user_gives_the_body(ministry):
    akimat = StateBodyFactory(code="akimat", kind=StateBody.Kind.LOCAL_EXECUTIVE_BODY)
    person = UserFactory(username="zhanar", email="zhanar@mail.kz", roles=["Body responsible person"])
    BodyMembershipFactory(user=person, body=akimat)
    intake.ingest(eml(sender="zhanar@mail.kz"), source="test")
    request = IctRequest.objects.get()
    assert (request.body, request.requester_user) == (akimat, person)


def test_an_unknown_sender_still_gets_a_request_without_a_body():
    intake.ingest(eml(sender="stranger@mail.kz"), source="test")
    assert IctRequest.objects.get().body is None


def test_a_malformed_ict_mail_is_quarantined_never_lost():
    raw = b"To: ict@goscorp.kz\r\nSubject: no sender\r\nMessage-ID: <bad@x>\r\n\r\nbody"
    message = intake.ingest(raw, source="test")
    assert message.status == InboundMessage.Status.QUARANTINED
    assert QuarantinedMessage.objects.get().raw_bytes == raw
    assert IctRequest.objects.count() == 0 and Appeal.objects.count() == 0


def test_a_failure_in_the_ict_desk_quarantines_the_mail(monkeypatch):
    from workflows.ict import services

    def broken(parsed, message):
        raise RuntimeError("desk down")

    monkeypatch.setattr(services, "register_from_mail", broken)
    message = intake.ingest(eml(), source="test")
    assert message.status == InboundMessage.Status.QUARANTINED and "desk down" in message.error
    assert IctRequest.objects.count() == 0


def test_the_same_message_id_twice_is_one_request(ministry):
    first = intake.ingest(eml(), source="imap")
    again = intake.ingest(eml(), source="imap")  # the same bytes: the same row
    copy = intake.ingest(eml(body="Не работает вход.\r\n-- \r\nresent"), source="maildir")
    assert again.pk == first.pk
    assert copy.status == InboundMessage.Status.DUPLICATE and copy.duplicate_of == first
    assert IctRequest.objects.count() == 1


def test_the_requesters_reply_in_the_thread_joins_the_request(ministry):
    intake.ingest(eml(), source="test")
    request = IctRequest.objects.get()
    reply = eml(subject="Re: Ошибка", message_id="<ict2@digital.gov.kz>", extra=["In-Reply-To: <ict1@digital.gov.kz>"])
    message = intake.ingest(reply, source="test")
    assert IctRequest.objects.count() == 1
    assert message.ict_mail.request == request and message.ict_mail.kind == IctMail.Kind.REPLY
    assert request.events.filter(verb="email_reply").exists()


def test_the_batch_reader_routes_ict_mail_too(ministry):
    results = intake.ingest_many(
        [
            (eml(), "maildir", TUESDAY),
            (
                eml(to="support@goscorp.kz", message_id="<appeal1@mail.kz>", sender="citizen@mail.kz"),
                "maildir",
                TUESDAY,
            ),
        ]
    )
    assert [message.status for message in results] == [
        InboundMessage.Status.OTHER_DESK,
        InboundMessage.Status.REGISTERED,
    ]
    assert IctRequest.objects.count() == 1 and Appeal.objects.count() == 1


def test_mail_to_the_appeals_address_is_still_an_appeal():
    message = intake.ingest(eml(to="support@goscorp.kz", sender="citizen@mail.kz"), source="test")
    assert message.status == InboundMessage.Status.REGISTERED and message.appeal is not None
    assert IctRequest.objects.count() == 0
