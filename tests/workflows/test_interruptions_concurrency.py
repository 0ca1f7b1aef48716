"""Two django-q clusters running the interruptions' schedules at the same moment, on PostgreSQL (each thread its
own connection): every failed notice delivery is retried and sent once, every digest goes once."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from tests.concurrency import twice_at_once
from tests.factories import AppealFactory, StateBodyFactory
from workflows.directory.models import StateBody
from workflows.ict.models import IctService
from workflows.interruptions.models import DigestDelivery, NoticeDelivery
from workflows.interruptions.services import deliveries, digest
from workflows.interruptions.services import notices as services

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ALMATY = ZoneInfo("Asia/Almaty")
START = datetime(2026, 12, 12, 22, 0, tzinfo=ALMATY)


def test_two_clusters_retry_each_failed_delivery_once(monkeypatch):
    ici = StateBodyFactory(kind=StateBody.Kind.ICI_OPERATOR, email="noc@nitec.kz")
    service = IctService.objects.create(code="EGOV", name_kk="egov", name_ru="egov", name_en="egov")
    service.subscribers.set([StateBodyFactory(email=f"body{n}@gov.kz") for n in range(10)])
    notice = services.enter_notice(
        operator=ici,
        services=[service],
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        affected_kk="кк",
        affected_ru="ру",
        contact="+7 717 255 00 00",
    )

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server unreachable")

    monkeypatch.setattr(deliveries, "send_mail", refuse)
    services.notify(notice, at=START - timedelta(days=3))
    assert NoticeDelivery.objects.filter(status=NoticeDelivery.Status.FAILED).count() == 10
    monkeypatch.undo()

    outcomes = twice_at_once(lambda: services.send_due_deliveries(now=START - timedelta(days=2))[0])
    assert sum(outcomes) == 10
    assert len(mail.outbox) == 10
    assert set(NoticeDelivery.objects.values_list("status", flat=True)) == {NoticeDelivery.Status.SENT}


def test_two_clusters_send_each_digest_once():
    StateBodyFactory(kind=StateBody.Kind.ICI_OPERATOR, email="noc@nitec.kz")
    AppealFactory(topic="ict_service", received_at=datetime(2026, 11, 30, 10, tzinfo=ALMATY), content="egov")
    mail.outbox.clear()  # the applicant's acknowledgement
    outcomes = twice_at_once(lambda: digest.send_digests(now=datetime(2026, 12, 8, 8, tzinfo=ALMATY)))
    assert sum(outcomes) == 1
    assert len(mail.outbox) == 1 and DigestDelivery.objects.count() == 1
