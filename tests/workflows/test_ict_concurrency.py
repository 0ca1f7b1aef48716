"""Two django-q clusters (or two mailbox readers) at the same moment, on PostgreSQL: each ICT reminder goes out
once, the same ICT mail read twice is one request, two registrations get two numbers."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from tests.concurrency import twice_at_once
from tests.factories import StateBodyFactory, UserFactory
from workflows.ict import services
from workflows.ict.models import IctAlert, IctRequest
from workflows.mailintake import services as intake

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ALMATY = ZoneInfo("Asia/Almaty")
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=ALMATY)


def register(body, at=TUESDAY_10):
    return services.register_request(body=body, subject="Ошибка", channel=IctRequest.Channel.PHONE, received_at=at)


def test_two_clusters_remind_each_passed_term_once():
    UserFactory(username="senior-ict", roles=["Senior operator"])
    body = StateBodyFactory()
    for _n in range(5):
        register(body)
    outcomes = twice_at_once(lambda: services.send_overdue_reminders(now=datetime(2026, 11, 24, 19, tzinfo=ALMATY)))
    assert sum(outcomes) == 5
    assert len(mail.outbox) == 5 and IctAlert.objects.count() == 5


def test_two_readers_of_the_same_ict_mail_make_one_request(settings):
    settings.ICT_MAIL_ADDRESSES = ["ict@goscorp.kz"]
    raw = (
        "From: asel@digital.gov.kz\r\nTo: ict@goscorp.kz\r\nSubject: Ошибка\r\n"
        "Date: Tue, 24 Nov 2026 10:00:00 +0500\r\nMessage-ID: <race@digital.gov.kz>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nНе работает."
    ).encode()
    messages = twice_at_once(lambda: intake.ingest(raw, source="race"))
    assert messages[0].pk == messages[1].pk
    assert IctRequest.objects.count() == 1


def test_two_registrations_at_once_get_two_numbers():
    body = StateBodyFactory()
    requests = twice_at_once(lambda: register(body))
    assert sorted(r.number for r in requests) == ["ICT-2026-000001", "ICT-2026-000002"]
