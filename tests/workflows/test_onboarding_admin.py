"""Onboarding in the Wagtail admin: the coordinator's board, a protocol's steps and timeline, and a body's
responsible person who sees and moves only their own body's protocols."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from tests.factories import BodyMembershipFactory, OnboardingServiceFactory, StateBodyFactory, UserFactory
from workflows.onboarding import services
from workflows.onboarding.models import OnboardingProtocol
from workflows.registry import services as registry_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the platform's default language (kk) is translated by the lead."""
    with translation.override("en"):
        yield


State = OnboardingProtocol.State


@pytest.fixture
def labour():
    return StateBodyFactory(name_ru="Министерство труда")


@pytest.fixture
def justice():
    return StateBodyFactory(name_ru="Министерство юстиции")


def start(body, register_number, approved_on=date(2026, 3, 20)):
    service = OnboardingServiceFactory(register_number=register_number)
    service.providers.add(body)
    return services.start_onboarding(
        service=service, body=body, bylaw_reference="Приказ № 1", bylaw_approved_on=approved_on
    )


@pytest.fixture
def pensions(labour):
    return start(labour, "00202002")


@pytest.fixture
def births(justice):
    return start(justice, "00101001")


def in_english(client, user):
    """The admin speaks the user's preferred language: English here, so that messages can be asserted."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return user


def responsible_of(client, body):
    user = UserFactory(roles=["Body responsible person"])
    BodyMembershipFactory(user=user, body=body)
    return in_english(client, user)


def coordinator(client):
    return in_english(client, UserFactory(roles=["Onboarding coordinator"]))


# The board


def test_the_board_counts_services_by_stage_and_highlights_late_ones(client, pensions, births):
    services.receive_information(protocol=births, received_on=date(2026, 3, 31))  # a day late (para 20)
    coordinator(client)
    response = client.get(reverse("onboarding_board"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-stage="bylaw_approved">1<' in content
    assert 'data-stage="information_received">1<' in content
    assert 'data-stage="consulting">0<' in content
    assert content.count('data-late="true"') == 2  # births late; pensions' information is overdue by now
    assert "onboarding/board.css" in content
    OnboardingServiceFactory()  # in the registry, never onboarded
    listed = client.get(reverse("onboarding_board")).content.decode().split('id="services-by-status"')[1]
    assert "not accepted for consultation — <strong>1</strong>" in listed
    assert "being onboarded — <strong>2</strong>" in listed
    assert "cdn" not in content.lower()


def test_the_board_filters_by_stage(client, pensions, births):
    services.receive_information(protocol=births, received_on=date(2026, 3, 26))
    coordinator(client)
    content = client.get(reverse("onboarding_board"), {"state": "information_received"}).content.decode()
    listing = content.split('id="protocols-heading"')[1]  # below the overdue and due-soon lists
    assert reverse("onboarding_protocol", args=[births.pk]) in listing
    assert reverse("onboarding_protocol", args=[pensions.pk]) not in listing


def test_a_responsible_person_sees_only_their_own_bodys_protocols_on_the_board(client, labour, pensions, births):
    responsible_of(client, labour)
    content = client.get(reverse("onboarding_board")).content.decode()
    assert reverse("onboarding_protocol", args=[pensions.pk]) in content
    assert reverse("onboarding_protocol", args=[births.pk]) not in content
    assert 'data-stage="bylaw_approved">1<' in content


def test_the_board_is_closed_to_roles_without_onboarding(client):
    client.force_login(UserFactory(roles=["Operator"]))
    assert client.get(reverse("onboarding_board")).status_code == 403


# Object-level permission: another body's protocol


def test_a_responsible_person_of_another_body_cannot_see_the_protocol(client, justice, pensions):
    responsible_of(client, justice)
    assert client.get(reverse("onboarding_protocol", args=[pensions.pk])).status_code == 403
    assert client.get(reverse("onboarding_pdf", args=[pensions.pk, "ru"])).status_code == 403


def test_a_responsible_person_of_another_body_cannot_change_the_protocol(client, justice, pensions):
    responsible_of(client, justice)
    url = reverse("onboarding_step", args=[pensions.pk, "receive_information"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"received_on": "2026-03-26"}).status_code == 403
    pensions.refresh_from_db()
    assert pensions.state == State.BYLAW_APPROVED


def test_a_responsible_person_moves_their_own_protocol(client, labour, pensions):
    person = registry_services.appoint_responsible_person(
        body=labour, full_name="Жумабаев Болат", appointed_on=date(2026, 3, 24)
    )
    responsible_of(client, labour)
    url = reverse("onboarding_step", args=[pensions.pk, "receive_information"])
    response = client.post(url, {"received_on": "2026-03-26", "responsible_person": person.pk})
    assert response.status_code == 302
    pensions.refresh_from_db()
    assert pensions.state == State.INFORMATION_RECEIVED
    assert pensions.responsible_person == person


def test_a_responsible_person_cannot_cancel(client, labour, pensions):
    responsible_of(client, labour)
    url = reverse("onboarding_step", args=[pensions.pk, "cancel"])
    assert client.post(url, {"on": "2026-03-26", "reason": "x"}).status_code == 403
    assert "cancel" not in client.get(reverse("onboarding_protocol", args=[pensions.pk])).content.decode()


# Steps through the admin


def test_the_coordinator_takes_the_protocol_through_the_signing(client, pensions):
    coordinator(client)
    step = lambda name: reverse("onboarding_step", args=[pensions.pk, name])  # noqa: E731
    client.post(step("receive_information"), {"received_on": "2026-03-26"})
    client.post(step("schedule_training"), {"training_on": "2026-04-03"})
    client.post(step("hold_training"), {"held_on": "2026-04-03"})
    scan = SimpleUploadedFile("signed.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    response = client.post(
        step("sign"),
        {"signed_on": "2026-05-06", "ucc_signatory": "Омаров Е.", "body_signatory": "Жумабаев Б.", "signed_scan": scan},
    )
    assert response.status_code == 302
    pensions.refresh_from_db()
    assert pensions.state == State.SIGNED
    assert pensions.consultation_start_date == date(2026, 5, 16)
    download = client.get(reverse("onboarding_signed_scan", args=[pensions.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 scan"


def test_a_refused_step_shows_why_and_changes_nothing(client, pensions):
    coordinator(client)
    url = reverse("onboarding_step", args=[pensions.pk, "receive_information"])
    response = client.post(url, {"received_on": "2026-03-01"})  # before the by-law
    assert response.status_code == 200
    assert "the information cannot come before the by-law" in response.content.decode()
    pensions.refresh_from_db()
    assert pensions.state == State.BYLAW_APPROVED


def test_the_coordinator_starts_one_protocol(client, labour):
    user = coordinator(client)
    service = OnboardingServiceFactory(register_number="00303003")
    response = client.post(
        reverse("onboarding_start"),
        {"service": service.pk, "body": labour.pk, "bylaw_reference": "Приказ № 7", "bylaw_approved_on": "2026-03-20"},
    )
    protocol = OnboardingProtocol.objects.get(service=service)
    assert response.url == reverse("onboarding_protocol", args=[protocol.pk])
    assert protocol.coordinator == user


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("typed", ["01.12.2026", "2026-12-01"])
def test_the_start_form_takes_a_date_typed_the_local_way_or_iso_in_every_language(client, labour, language, typed):
    """Issue 14, defect 9: the form refused 01.12.2026, which the bulk start accepted."""
    user = coordinator(client)
    UserProfile.objects.filter(user=user).update(preferred_language=language)
    service = OnboardingServiceFactory(register_number="00303003")
    response = client.post(
        reverse("onboarding_start"),
        {"service": service.pk, "body": labour.pk, "bylaw_reference": "Приказ № 7", "bylaw_approved_on": typed},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert OnboardingProtocol.objects.get(service=service).bylaw_approved_on == date(2026, 12, 1)


def test_the_start_form_shows_its_date_field_as_dd_mm_yyyy_and_the_protocol_page_has_a_real_title(client, pensions):
    coordinator(client)
    UserProfile.objects.filter(user__username__isnull=False).update(preferred_language="kk")
    form = client.get(reverse("onboarding_start")).content.decode()
    assert '"format": "d.m.Y"' in form  # Wagtail's picker writes DD.MM.YYYY
    page = client.get(reverse("onboarding_protocol", args=[pensions.pk])).content.decode()
    assert "20.03.2026" in page
    title = page.split("<title>")[1].split("</title>")[0].strip()
    assert not title.startswith("-") and not title.startswith("Wagtail"), title


# The timeline: paras 26 and 27 from the registry


def test_the_timeline_shows_by_law_changes_and_replacements(client, labour, pensions):
    old = registry_services.appoint_responsible_person(
        body=labour, full_name="Жумабаев Болат", appointed_on=date(2026, 3, 24), services=[pensions.service]
    )
    new = registry_services.appoint_responsible_person(
        body=labour, full_name="Ахметова Дана", appointed_on=date(2026, 4, 1)
    )
    services.receive_information(protocol=pensions, received_on=date(2026, 3, 26), responsible_person=old)
    registry_services.replace_responsible_person(
        person=old, successor=new, replaced_on=date(2026, 4, 1), notified_on=date(2026, 4, 10)
    )
    registry_services.report_service_change(
        service=pensions.service, what_changed="Сокращён срок оказания", changed_on=date(2026, 4, 2)
    )
    coordinator(client)
    content = client.get(reverse("onboarding_protocol", args=[pensions.pk])).content.decode()
    assert "By-law changed (para 26)" in content and "Сокращён срок оказания" in content
    assert "information due by 09.04.2026" in content  # 5 wd after Thursday 2 April 2026
    assert "Responsible person replaced (para 27)" in content and "Ахметова Дана" in content
    assert "UCC to be notified by 08.04.2026" in content  # notified on 10 April: late
    assert content.index("26.03.2026") < content.index("01.04.2026") < content.index("02.04.2026")


def test_the_protocols_are_listed_in_the_order_of_the_rules(client, pensions, births):
    services.receive_information(protocol=pensions, received_on=date(2026, 3, 26))
    services.cancel_protocol(protocol=births, reason="Приказ отменён")
    coordinator(client)
    listing = client.get(reverse("onboarding_board")).content.decode().split('id="protocols-heading"')[1]
    assert listing.index("00202002") < listing.index("00101001")  # information received, then cancelled
