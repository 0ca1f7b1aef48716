"""Bulk start: a list of newly approved by-laws starts a protocol for every service it names (para 20)."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tests.factories import OnboardingServiceFactory, StateBodyFactory, UserFactory
from workflows.calendar.clocks import local_date
from workflows.directory.models import StateBody
from workflows.onboarding.bulk import BulkStartError, start_from_file
from workflows.onboarding.models import OnboardingProtocol
from workflows.registry.models import PublicService

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the platform's default language (kk) is translated by the lead."""
    with translation.override("en"):
        yield


@pytest.fixture
def labour():
    return StateBodyFactory(code="mtszn", name_ru="Министерство труда")


@pytest.fixture
def catalogue(labour):
    for number in ("00101001", "00202002"):
        OnboardingServiceFactory(register_number=number).providers.add(labour)
    shared = OnboardingServiceFactory(register_number="00303003")
    shared.providers.add(labour, StateBodyFactory(kind=StateBody.Kind.LOCAL_EXECUTIVE_BODY))
    multi = OnboardingServiceFactory(register_number="00404004")
    multi.providers.add(labour, StateBodyFactory(), StateBodyFactory())


def csv_file(*lines):
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_a_good_csv_starts_every_protocol(catalogue, labour):
    report = start_from_file(
        csv_file(
            "register_number;bylaw_reference;bylaw_approved_on",
            "00101001;Приказ № 158;20.03.2026",
            "00202002;Приказ № 159;2026-03-20",
            "00303003;Приказ № 160;2026-04-01",  # the only central body among its providers
        ),
        "csv",
    )
    assert report.ok and len(report.created) == 3
    protocol = OnboardingProtocol.objects.get(service__register_number="00101001")
    assert protocol.body == labour
    assert protocol.bylaw_approved_on == date(2026, 3, 20)
    assert local_date(protocol.information_due) == date(2026, 3, 30)  # Nauryz: 23-25 March off
    assert PublicService.objects.get(register_number="00202002").ucc_status == "onboarding"


def test_every_bad_row_is_reported_with_its_number_and_nothing_is_written(catalogue):
    report = start_from_file(
        csv_file(
            "register_number,bylaw_reference,bylaw_approved_on,body",
            "00101001,Приказ № 158,2026-03-20,",
            "99999999,Приказ № 1,2026-03-20,",
            "00202002,,31.02.2026,",
            "00404004,Приказ № 2,2026-03-20,",
            "00101001,Приказ № 158,2026-03-20,mtszn",
            "00202002,Приказ № 3,2026-03-20,no-such-body",
        ),
        "csv",
    )
    rows = [row for row, _message in report.errors]
    assert rows == [3, 4, 4, 5, 6, 7]
    messages = dict(report.errors)
    assert "99999999" in messages[3]
    assert "name the body" in messages[5]
    assert "row 2" in messages[6]
    assert "no-such-body" in messages[7]
    assert not OnboardingProtocol.objects.exists()


def test_a_service_already_being_onboarded_is_refused(catalogue):
    file = csv_file("register_number,bylaw_reference,bylaw_approved_on", "00101001,Приказ № 158,2026-03-20")
    assert start_from_file(file, "csv").ok
    again = start_from_file(file, "csv")
    assert again.errors == [(2, "the service is already being onboarded with this body")]
    assert OnboardingProtocol.objects.count() == 1


def test_an_xlsx_with_russian_headers_and_real_dates(catalogue):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["№ государственной услуги в реестре", "Подзаконный акт", "Дата утверждения"])
    sheet.append(["00101001", "Приказ № 158", date(2026, 3, 20)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = start_from_file(buffer.getvalue(), "xlsx")
    assert report.ok
    assert report.created[0].bylaw_approved_on == date(2026, 3, 20)


def test_a_file_without_the_date_column_is_refused_as_a_whole(catalogue):
    with pytest.raises(BulkStartError, match="bylaw_approved_on"):
        start_from_file(csv_file("register_number,bylaw_reference", "00101001,Приказ"), "csv")


def test_bulk_start_from_the_admin(client, catalogue):
    client.force_login(UserFactory(roles=["Onboarding coordinator"]))
    good = SimpleUploadedFile(
        "bylaws.csv", csv_file("register_number,bylaw_reference,bylaw_approved_on", "00101001,Приказ,2026-03-20")
    )
    assert client.post(reverse("onboarding_bulk_start"), {"file": good}).status_code == 302
    bad = SimpleUploadedFile(
        "bylaws.csv", csv_file("register_number,bylaw_reference,bylaw_approved_on", "00202002,Приказ,вчера")
    )
    content = client.post(reverse("onboarding_bulk_start"), {"file": bad}).content.decode()
    assert 'id="bulk-errors"' in content and "вчера" in content
    assert OnboardingProtocol.objects.count() == 1


def test_a_body_responsible_person_cannot_bulk_start(client):
    client.force_login(UserFactory(roles=["Body responsible person"]))
    assert client.get(reverse("onboarding_bulk_start")).status_code == 403
