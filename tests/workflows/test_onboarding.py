"""Onboarding a public service for consultation (paras 20-23, 33), on the seeded Kazakhstan calendar of 2026.

The days off that matter here: Nauryz 21-23 March 2026 (Saturday to Monday) with 24 and 25 March as the
days off moved from the weekend; 7 May (Defender of the Fatherland Day) and Monday 11 May (Victory Day,
moved off Saturday 9 May); 16 December (Independence Day).
"""

from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django_q.tasks import async_task, result

from tests.factories import OnboardingProtocolFactory, OnboardingServiceFactory, StateBodyFactory, UserFactory
from workflows.calendar.clocks import consultation_start_date, local_date
from workflows.calendar.working_days import is_working_day
from workflows.directory.models import StateBody
from workflows.onboarding import services
from workflows.onboarding.models import OnboardingProtocol
from workflows.registry.models import PublicService
from workflows.registry.services import appoint_responsible_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the platform's default language (kk) is translated by the lead."""
    with translation.override("en"):
        yield


State = OnboardingProtocol.State


@pytest.fixture
def ministry():
    return StateBodyFactory(name_ru="Министерство труда и социальной защиты населения")


@pytest.fixture
def service(ministry):
    service = OnboardingServiceFactory(
        register_number="00101001", name_kk="Әлеуметтік көмек тағайындау", name_ru="Назначение социальной помощи"
    )
    service.providers.add(ministry)
    return service


@pytest.fixture
def person(ministry, service):
    return appoint_responsible_person(
        body=ministry, full_name="Сейткали Айгерим", appointed_on=date(2026, 3, 24), email="aigerim@enbek.gov.kz"
    )


def start(service, body, approved_on=date(2026, 3, 20)):
    return services.start_onboarding(
        service=service, body=body, bylaw_reference="Приказ № 158", bylaw_approved_on=approved_on
    )


def at(year, month, day, hour=12):
    return timezone.make_aware(datetime(year, month, day, hour))


def signed_protocol(service, body, *, signed_on, person=None):
    """A protocol taken through paras 20-22 up to the signing on `signed_on`."""
    protocol = start(service, body, approved_on=date(2026, 1, 5))
    services.receive_information(protocol=protocol, received_on=date(2026, 1, 6), responsible_person=person)
    services.hold_training(protocol=protocol, held_on=date(2026, 1, 9))
    return services.sign_protocol(
        protocol=protocol, signed_on=signed_on, ucc_signatory="Омаров Е.", body_signatory="Сейткали А."
    )


# Para 20: three working days after the by-law's approval


def test_para_20_by_law_approved_on_the_friday_before_nauryz(service, ministry):
    """Approved Friday 20 March 2026; 23, 24 and 25 March are days off, so the three working days are
    Thursday 26, Friday 27 and Monday 30 March."""
    for day_off in (date(2026, 3, 23), date(2026, 3, 24), date(2026, 3, 25)):
        assert not is_working_day(day_off)
    protocol = start(service, ministry)
    assert protocol.state == State.BYLAW_APPROVED
    assert local_date(protocol.information_due) == date(2026, 3, 30)
    assert timezone.localtime(protocol.information_due).time().hour == 23  # at the close of the day


def test_para_20_the_service_is_being_onboarded(service, ministry):
    start(service, ministry)
    service.refresh_from_db()
    assert service.ucc_status == PublicService.UccStatus.ONBOARDING


def test_para_20_information_on_the_last_day_is_in_time(service, ministry, person):
    protocol = services.receive_information(
        protocol=start(service, ministry), received_on=date(2026, 3, 30), responsible_person=person
    )
    assert protocol.state == State.INFORMATION_RECEIVED
    assert protocol.information_received_on == date(2026, 3, 30)
    assert protocol.responsible_person == person
    assert protocol.information_late is False


def test_para_20_information_a_day_after_the_deadline_is_late(service, ministry, person):
    protocol = services.receive_information(
        protocol=start(service, ministry), received_on=date(2026, 3, 31), responsible_person=person
    )
    assert protocol.information_late is True
    assert protocol.is_late


def test_para_20_the_responsible_person_must_be_of_the_body(service, ministry):
    stranger = appoint_responsible_person(
        body=StateBodyFactory(), full_name="Чужой Человек", appointed_on=date(2026, 3, 20)
    )
    protocol = start(service, ministry)
    with pytest.raises(services.TransitionRefused):
        services.receive_information(protocol=protocol, received_on=date(2026, 3, 26), responsible_person=stranger)
    protocol.refresh_from_db()
    assert protocol.state == State.BYLAW_APPROVED


# Para 21: training within ten working days after the information


def test_para_21_training_due_ten_working_days_after_the_information(service, ministry, person):
    """Information received Monday 30 March 2026: ten working days are 31 March to 13 April (no holidays)."""
    protocol = services.receive_information(
        protocol=start(service, ministry), received_on=date(2026, 3, 30), responsible_person=person
    )
    assert local_date(protocol.training_due) == date(2026, 4, 13)


def test_para_21_training_held_on_the_tenth_working_day_is_in_time(service, ministry, person):
    protocol = services.receive_information(protocol=start(service, ministry), received_on=date(2026, 3, 30))
    protocol = services.schedule_training(protocol=protocol, training_on=date(2026, 4, 13))
    assert protocol.state == State.TRAINING_SCHEDULED
    assert protocol.training_scheduled_for == date(2026, 4, 13)
    protocol = services.hold_training(protocol=protocol, held_on=date(2026, 4, 13))
    assert protocol.state == State.TRAINING_HELD
    assert protocol.training_late is False


def test_para_21_training_after_the_tenth_working_day_is_late(service, ministry):
    protocol = services.receive_information(protocol=start(service, ministry), received_on=date(2026, 3, 30))
    protocol = services.hold_training(protocol=protocol, held_on=date(2026, 4, 14))
    assert protocol.training_late is True


def test_para_21_the_training_across_the_may_holidays(service, ministry):
    """Information on Wednesday 29 April 2026: 1 May, 7 May and 11 May are days off; the tenth working day
    is Monday 18 May."""
    protocol = start(service, ministry, approved_on=date(2026, 4, 27))
    protocol = services.receive_information(protocol=protocol, received_on=date(2026, 4, 29))
    assert local_date(protocol.training_due) == date(2026, 5, 18)


# Paras 22-23: the protocol signed by both sides; consultations after five working days


def test_para_22_the_protocol_is_signed_by_both_sides(service, ministry, person):
    protocol = start(service, ministry)
    services.receive_information(protocol=protocol, received_on=date(2026, 3, 26), responsible_person=person)
    services.hold_training(protocol=protocol, held_on=date(2026, 4, 3))
    scan = SimpleUploadedFile("protocol-00101001.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    protocol = services.sign_protocol(
        protocol=protocol,
        signed_on=date(2026, 4, 6),
        ucc_signatory="Омаров Ерлан, директор",
        body_signatory="Сейткали Айгерим, бас сарапшы",
        signed_scan=scan,
    )
    assert protocol.state == State.SIGNED
    assert protocol.signed_on == date(2026, 4, 6)
    assert protocol.ucc_signatory == "Омаров Ерлан, директор"
    assert protocol.body_signatory == "Сейткали Айгерим, бас сарапшы"
    assert protocol.signed_scan.read() == b"%PDF-1.4 signed"
    assert protocol.consultation_start_date == date(2026, 4, 14)  # 7-13 April are the five working days


def test_para_22_both_signatories_are_required(service, ministry):
    protocol = start(service, ministry)
    services.receive_information(protocol=protocol, received_on=date(2026, 3, 26))
    services.hold_training(protocol=protocol, held_on=date(2026, 4, 3))
    with pytest.raises(services.TransitionRefused):
        services.sign_protocol(protocol=protocol, signed_on=date(2026, 4, 6), ucc_signatory="Омаров", body_signatory="")


def test_para_22_no_signing_before_the_training(service, ministry):
    protocol = services.receive_information(protocol=start(service, ministry), received_on=date(2026, 3, 26))
    with pytest.raises(services.TransitionRefused):
        services.sign_protocol(protocol=protocol, signed_on=date(2026, 4, 6), ucc_signatory="A", body_signatory="B")


def test_para_23_signed_the_day_before_defender_of_the_fatherland_day(service, ministry):
    """Signed Wednesday 6 May 2026. 7 May and Monday 11 May are days off: the five working days are
    8, 12, 13, 14 and 15 May, so consultations start on Saturday 16 May (the UCC works every day)."""
    protocol = signed_protocol(service, ministry, signed_on=date(2026, 5, 6))
    assert protocol.consultation_start_date == date(2026, 5, 16)


def test_para_23_signed_the_day_before_independence_day():
    """Signed Tuesday 15 December 2026; 16 December is a holiday: 17, 18, 21, 22, 23 December → Thursday 24."""
    assert consultation_start_date(date(2026, 12, 15)) == date(2026, 12, 24)


def test_para_23_the_schedule_flips_the_status_exactly_on_the_start_date(service, ministry):
    protocol = signed_protocol(service, ministry, signed_on=date(2026, 5, 6))

    assert services.start_due_consultations(today=date(2026, 5, 15)) == []
    service.refresh_from_db()
    assert service.ucc_status == PublicService.UccStatus.ONBOARDING

    assert services.start_due_consultations(today=date(2026, 5, 16)) == [protocol]
    protocol.refresh_from_db()
    service.refresh_from_db()
    assert protocol.state == State.CONSULTING
    assert protocol.consultations_started_on == date(2026, 5, 16)
    assert protocol.consultations_started_late is False
    assert service.ucc_status == PublicService.UccStatus.CONSULTED
    assert service.consulted_since == date(2026, 5, 16)
    assert service.status_label == "consulted by the UCC since 16.05.2026"

    assert services.start_due_consultations(today=date(2026, 5, 16)) == []  # a second run changes nothing


def test_para_23_the_django_q_task_catches_up_a_missed_day(service, ministry):
    """The cluster was down on the day: the next run starts consultations, dated from the day para 23 gives."""
    signed_protocol(service, ministry, signed_on=date(2026, 5, 6))
    later = signed_protocol(OnboardingServiceFactory(), ministry, signed_on=date(2026, 5, 6))
    OnboardingProtocol.objects.filter(pk=later.pk).update(consultation_start_date=date(2099, 1, 1))

    assert result(async_task("workflows.onboarding.tasks.start_consultations_task")) == "1 started"
    service.refresh_from_db()
    assert service.consulted_since == date(2026, 5, 16)
    assert OnboardingProtocol.objects.get(service=service).consultations_started_late is True
    assert OnboardingProtocol.objects.get(pk=later.pk).state == State.SIGNED
    assert result(async_task("workflows.onboarding.tasks.start_consultations_task")) == "0 started"


# Para 33, one live protocol per service and body, cancel and withdraw


def test_para_33_an_e_service_subject_onboards_the_same_way(service):
    subject = StateBodyFactory(
        kind=StateBody.Kind.E_SERVICE_SUBJECT, name_ru="АО «Национальные информационные технологии»"
    )
    protocol = start(service, subject)
    assert protocol.subject_kind == OnboardingProtocol.SubjectKind.E_SERVICE_SUBJECT
    assert local_date(protocol.information_due) == date(2026, 3, 30)


def test_one_live_protocol_per_service_and_body(service, ministry):
    start(service, ministry)
    with pytest.raises(services.TransitionRefused):
        start(service, ministry)
    assert start(service, StateBodyFactory(kind=StateBody.Kind.E_SERVICE_SUBJECT)).pk  # para 33: another subject


def test_cancelled_with_a_reason_and_started_again(service, ministry):
    protocol = start(service, ministry)
    coordinator = UserFactory(roles=["Onboarding coordinator"])
    protocol = services.cancel_protocol(
        protocol=protocol, reason="Приказ отменён", on=date(2026, 3, 25), user=coordinator
    )
    assert protocol.state == State.CANCELLED
    assert protocol.closed_reason == "Приказ отменён"
    service.refresh_from_db()
    assert service.ucc_status == PublicService.UccStatus.NOT_ACCEPTED
    assert start(service, ministry, approved_on=date(2026, 4, 1)).state == State.BYLAW_APPROVED


def test_cancel_needs_a_reason_and_the_coordinators_permission(service, ministry):
    protocol = start(service, ministry)
    with pytest.raises(services.TransitionRefused):
        services.cancel_protocol(protocol=protocol, reason=" ")
    with pytest.raises(services.TransitionRefused):
        services.cancel_protocol(protocol=protocol, reason="x", user=UserFactory(roles=["Body responsible person"]))
    protocol.refresh_from_db()
    assert protocol.state == State.BYLAW_APPROVED


def test_withdrawn_from_consultation(service, ministry):
    protocol = signed_protocol(service, ministry, signed_on=date(2026, 5, 6))
    services.start_due_consultations(today=date(2026, 5, 16))
    protocol.refresh_from_db()
    protocol = services.withdraw_protocol(protocol=protocol, reason="Услуга исключена из реестра", on=date(2026, 6, 1))
    assert protocol.state == State.WITHDRAWN
    service.refresh_from_db()
    assert service.ucc_status == PublicService.UccStatus.WITHDRAWN


def test_a_step_out_of_order_is_refused(service, ministry):
    protocol = start(service, ministry)
    with pytest.raises(services.TransitionRefused):
        services.hold_training(protocol=protocol, held_on=date(2026, 3, 27))
    protocol.refresh_from_db()
    assert protocol.state == State.BYLAW_APPROVED


def test_a_stale_copy_cannot_move_the_protocol_twice(service, ministry):
    protocol = start(service, ministry)
    stale = OnboardingProtocol.objects.get(pk=protocol.pk)
    services.receive_information(protocol=protocol, received_on=date(2026, 3, 26))
    with pytest.raises(services.TransitionRefused):
        services.receive_information(protocol=stale, received_on=date(2026, 3, 27))
    protocol.refresh_from_db()
    assert protocol.information_received_on == date(2026, 3, 26)


def test_every_step_keeps_its_deadline_actual_date_and_late_flag(service, ministry):
    protocol = start(service, ministry)
    services.receive_information(protocol=protocol, received_on=date(2026, 3, 31))
    services.hold_training(protocol=protocol, held_on=date(2026, 4, 10))
    steps = {step.name: step for step in protocol.steps()}
    info, training = steps[State.INFORMATION_RECEIVED], steps[State.TRAINING_HELD]
    assert (info.due_date, info.done_on, info.late) == (date(2026, 3, 30), date(2026, 3, 31), True)
    assert (training.due_date, training.done_on, training.late) == (date(2026, 4, 14), date(2026, 4, 10), False)


def test_para_23_the_guidance_page_shows_the_status_from_the_start_date(client, service, ministry):
    from cms.home.demo import load_demo_pages
    from cms.home.models import HomePage
    from cms.services.models import ServiceCatalogueIndexPage, ServicePage

    load_demo_pages()
    home = HomePage.objects.get(locale__language_code="en")
    catalogue = home.add_child(instance=ServiceCatalogueIndexPage(title="Public services", slug="services"))
    page = ServicePage(
        title="Social assistance",
        slug="social-assistance",
        service=service,
        who_can_apply="<p>A low-income family.</p>",
        term="10 working days",
        cost="Free of charge",
        result="<p>A decision on the assistance.</p>",
        information_checked_on=date(2026, 5, 4),
    )
    catalogue.add_child(instance=page)
    signed_protocol(service, ministry, signed_on=date(2026, 5, 6))

    services.start_due_consultations(today=date(2026, 5, 15))
    assert "Being onboarded" in client.get("/en/services/social-assistance/").content.decode()
    services.start_due_consultations(today=date(2026, 5, 16))
    assert "Consulted by the UCC since 16.05.2026" in client.get("/en/services/social-assistance/").content.decode()


def test_para_20_a_protocol_saved_directly_gets_its_deadline_from_the_calendar():
    """Nauryz 2025: Friday 21 March a holiday, 24-25 March moved days off; approved Thursday 20 March 2025."""
    protocol = OnboardingProtocolFactory(bylaw_approved_on=date(2025, 3, 20))
    assert local_date(protocol.information_due) == date(2025, 3, 28)
