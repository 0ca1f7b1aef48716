"""Information requests (paras 24-25), refusals and the escalation of para 28.

Para 24: the UCC asks a participant for information; the Rules set no term, the UCC gives five working days
unless it says otherwise. Para 25: secrets protected by law may lawfully be withheld. Para 28: a second
unlawful refusal by one provider within a month (the later on or before the same day of the next month) is
reported to the quality-assessment authority within three working days, with the supporting documents.
"""

import io
from datetime import date, datetime, time

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader
from wagtail.users.models import UserProfile

from tests.factories import BodyMembershipFactory, OnboardingServiceFactory, StateBodyFactory, UserFactory
from workflows.authorities.models import AuthorityAlert, Escalation, InformationRequest
from workflows.authorities.selectors.common import timeline
from workflows.authorities.selectors.information import refusals_in_month
from workflows.authorities.services import escalations, information
from workflows.authorities.services.common import TransitionRefused
from workflows.authorities.services.information_reminders import send_information_reminders
from workflows.directory.models import StateBody
from workflows.registry.services import appoint_responsible_person

pytestmark = pytest.mark.django_db

Ground = InformationRequest.Ground
State = InformationRequest.State


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the platform's default language (kk) is translated by the lead."""
    with translation.override("en"):
        yield


def at(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def end_of(day):
    return timezone.make_aware(datetime.combine(day, time.max))


@pytest.fixture
def coordinator():
    return UserFactory(username="coordinator", email="coordinator@1414.kz", roles=["Onboarding coordinator"])


@pytest.fixture
def provider():
    return StateBodyFactory(
        kind=StateBody.Kind.LOCAL_EXECUTIVE_BODY,
        name_kk="Алматы қаласының әкімдігі",
        name_ru="Акимат города Алматы",
        email="kense@almaty.gov.kz",
    )


@pytest.fixture
def authority():
    return StateBodyFactory(
        kind=StateBody.Kind.QUALITY_AUTHORITY,
        name_kk="Мемлекеттік қызметтер көрсету сапасын бағалау агенттігі",
        name_ru="Агентство по оценке качества оказания государственных услуг",
        email="quality@gov.kz",
    )


def sent_request(body, user, *, sent_at, service=None, subject="Құжаттар тізбесі"):
    request = information.draft_information_request(
        body=body, subject=subject, question="Қандай құжаттар қажет?", service=service, user=user
    )
    return information.send_information_request(request, user, at=sent_at)


def refusal(body, user, on, ground=Ground.UNLAWFUL, text="Ақпарат берілмейді."):
    """A request sent the working morning of `on` and refused that day; the escalation it made, if any."""
    request = sent_request(body, user, sent_at=timezone.make_aware(datetime.combine(on, time(9))))
    request.refresh_from_db()
    return information.record_refusal(request, ground, text, on, user=user)


# Para 24: drafting and sending


def test_only_a_body_provider_or_e_service_subject_is_asked(coordinator, authority):
    with pytest.raises(TransitionRefused):
        information.draft_information_request(body=authority, subject="?", question="?", user=coordinator)


def test_the_term_is_five_working_days_from_sending_unless_changed(coordinator, provider):
    # Sent Friday 20 March 2026; Nauryz days off Monday 23 - Wednesday 25 March: the five working days are
    # 26, 27, 30, 31 March and 1 April → due by the close of Wednesday 1 April.
    request = sent_request(provider, coordinator, sent_at=at(2026, 3, 20))
    assert request.state == State.SENT
    assert request.due_at == end_of(date(2026, 4, 1))


def test_the_timeline_dates_a_step_when_it_happened_not_when_it_was_recorded(coordinator, provider):
    """The walk found a request "sent 25.11 10:00" whose timeline said it was sent today."""
    request = sent_request(provider, coordinator, sent_at=at(2026, 3, 20))
    events, _alerts = timeline(request)
    assert [(event.verb, event.at) for event in events if event.verb == "send"] == [("send", at(2026, 3, 20))]


def test_the_mail_goes_to_the_responsible_person_for_the_service_first(coordinator, provider):
    service = OnboardingServiceFactory(register_number="00101001")
    member = UserFactory(email="member@almaty.gov.kz", roles=["Body responsible person"])
    BodyMembershipFactory(user=member, body=provider)
    appoint_responsible_person(
        body=provider,
        full_name="Сейтқали Айгерім",
        email="seitkali@almaty.gov.kz",
        appointed_on=date(2026, 1, 5),
        services=[service],
    )
    sent_request(provider, coordinator, sent_at=at(2026, 3, 2), service=service)
    assert mail.outbox[-1].to == ["seitkali@almaty.gov.kz", "member@almaty.gov.kz", "kense@almaty.gov.kz"]
    request = InformationRequest.objects.get()
    assert reverse("authorities_information_answer", args=[request.pk]) in mail.outbox[-1].body


def test_the_mail_is_in_the_activated_language(coordinator, provider):
    with translation.override("ru"):
        sent_request(provider, coordinator, sent_at=at(2026, 3, 2))
    assert "Акимат города Алматы" in mail.outbox[-1].body


def test_a_body_without_an_address_cannot_be_sent_to(coordinator):
    body = StateBodyFactory(email="")
    request = information.draft_information_request(body=body, subject="?", question="?", user=coordinator)
    with pytest.raises(TransitionRefused):
        information.send_information_request(request, coordinator)
    request.refresh_from_db()
    assert request.state == State.DRAFTED and not mail.outbox


# Para 25: the answer


def test_the_answer_keeps_its_files_and_is_late_after_the_term(coordinator, provider):
    # Sent Monday 2 March 2026; Monday 9 March is the day off for 8 March: due by the close of Tuesday 10 March.
    request = sent_request(provider, coordinator, sent_at=at(2026, 3, 2))
    assert request.due_at == end_of(date(2026, 3, 10))
    files = [SimpleUploadedFile("tizbe.pdf", b"%PDF-1.4 test")]
    information.record_answer(request, "Тізбе қоса беріледі.", files=files, user=coordinator, at=at(2026, 3, 12))
    request.refresh_from_db()
    assert request.state == State.ANSWERED and request.late
    assert [str(a) for a in information_attachments(request)] == ["tizbe.pdf"]


def information_attachments(request):
    from workflows.authorities.selectors.information import attachments_of

    return attachments_of(request)


# Para 28: the escalation


def test_a_second_unlawful_refusal_escalates_due_three_working_days_later_across_may_day(
    coordinator, provider, authority
):
    # Refused Friday 10 April and Thursday 30 April 2026; Friday 1 May is Unity Day, 2-3 May a weekend:
    # the authority is informed by the close of Wednesday 6 May.
    assert refusal(provider, coordinator, date(2026, 4, 10)) is None
    escalation = refusal(provider, coordinator, date(2026, 4, 30))
    assert escalation.provider == provider and escalation.authority == authority
    assert escalation.window_start == date(2026, 4, 10) and escalation.repeated_on == date(2026, 4, 30)
    assert escalation.due_at == end_of(date(2026, 5, 6))
    assert escalation.refusals.count() == 2


def test_the_second_refusal_on_the_same_day_next_month_escalates(coordinator, provider, authority):
    refusal(provider, coordinator, date(2026, 3, 16))
    assert refusal(provider, coordinator, date(2026, 4, 16)) is not None


def test_one_month_and_one_day_later_does_not(coordinator, provider, authority):
    refusal(provider, coordinator, date(2026, 3, 16))
    assert refusal(provider, coordinator, date(2026, 4, 17)) is None
    assert not Escalation.objects.exists()


def test_31_january_reaches_to_28_february(coordinator, provider, authority):
    refusal(provider, coordinator, date(2026, 1, 30))  # Friday; 31 January 2026 is a Saturday
    other = StateBodyFactory(kind=StateBody.Kind.OTHER_PROVIDER, email="info@provider.kz")
    refusal(other, coordinator, date(2026, 1, 31))
    assert refusal(other, coordinator, date(2026, 2, 28)) is not None
    late = StateBodyFactory(kind=StateBody.Kind.OTHER_PROVIDER, email="info@late.kz")
    refusal(late, coordinator, date(2026, 1, 31))
    assert refusal(late, coordinator, date(2026, 3, 1)) is None


def test_in_a_leap_year_31_january_reaches_to_29_february(coordinator, provider, authority):
    refusal(provider, coordinator, date(2024, 1, 31))
    assert refusal(provider, coordinator, date(2024, 2, 29)) is not None
    other = StateBodyFactory(kind=StateBody.Kind.OTHER_PROVIDER, email="info@provider.kz")
    refusal(other, coordinator, date(2024, 1, 31))
    assert refusal(other, coordinator, date(2024, 3, 1)) is None


def test_lawful_refusals_never_escalate(coordinator, provider, authority):
    refusal(provider, coordinator, date(2026, 3, 2), Ground.STATE_SECRET)
    refusal(provider, coordinator, date(2026, 3, 4), Ground.COMMERCIAL_SECRET)
    assert refusal(provider, coordinator, date(2026, 3, 5), Ground.OTHER_SECRET) is None
    assert refusal(provider, coordinator, date(2026, 3, 6)) is None  # the first unlawful one
    assert not Escalation.objects.exists()


def test_a_third_unlawful_refusal_in_the_window_joins_the_escalation(coordinator, provider, authority):
    refusal(provider, coordinator, date(2026, 3, 2))
    first = refusal(provider, coordinator, date(2026, 3, 10))
    joined = refusal(provider, coordinator, date(2026, 3, 27))
    assert joined == first and Escalation.objects.count() == 1
    assert first.refusals.count() == 3
    assert first.repeated_on == date(2026, 3, 10)


def test_refusals_already_reported_start_no_new_window(coordinator, provider, authority):
    refusal(provider, coordinator, date(2026, 3, 2))
    refusal(provider, coordinator, date(2026, 3, 20))
    # 10 April is past 2 April (the window's end) and within a month of 20 March, already reported.
    assert refusal(provider, coordinator, date(2026, 4, 10)) is None
    assert Escalation.objects.count() == 1


def test_the_escalation_is_sent_to_the_authority_with_the_pdf_and_acknowledged(coordinator, provider, authority):
    refusal(provider, coordinator, date(2026, 4, 10))
    escalation = refusal(provider, coordinator, date(2026, 4, 30))
    mail.outbox.clear()
    escalations.send_escalation(escalation, coordinator, at=at(2026, 5, 5))
    escalation.refresh_from_db()
    assert escalation.state == Escalation.State.SENT and not escalation.late
    message = mail.outbox[0]
    assert message.to == ["quality@gov.kz"]
    assert [name for name, _content, _type in message.attachments] == [
        f"escalation-{escalation.pk}-kk.pdf",
        f"escalation-{escalation.pk}-ru.pdf",
    ]
    escalations.acknowledge_escalation(escalation, date(2026, 5, 6), coordinator)
    escalation.refresh_from_db()
    assert escalation.state == Escalation.State.ACKNOWLEDGED


def _text(data):
    return "".join("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_the_escalation_pdf_in_kazakh_has_the_kazakh_letters(coordinator, provider, authority):
    refusal(provider, coordinator, date(2026, 4, 10), text="Ақпарат қызмет бабында ғана; үш күн өтті, һәм ішкі тәртіп.")
    escalation = refusal(provider, coordinator, date(2026, 4, 30))
    text = _text(escalations.escalation_pdf(escalation, "kk").content)
    for letter in "әғқңөұүһі":
        assert letter in text, letter
    assert "Алматықаласыныңәкімдігі" in text
    assert "10.04.2026" in text and "30.04.2026" in text and "06.05.2026" in text
    assert "заңсызбастарту" in text


def test_the_escalation_pdf_in_russian(coordinator, provider, authority):
    refusal(provider, coordinator, date(2026, 4, 10))
    escalation = refusal(provider, coordinator, date(2026, 4, 30))
    text = _text(escalations.escalation_pdf(escalation, "ru").content)
    assert "АкиматгородаАлматы" in text and "неправомерныйотказ" in text
    assert "Страница1из1" in text


# The coordinator's refusals of the month


def test_the_refusals_of_the_month_by_provider(coordinator, provider, authority):
    refusal(provider, coordinator, date(2026, 3, 2), Ground.STATE_SECRET)
    refusal(provider, coordinator, date(2026, 3, 3))
    escalation = refusal(provider, coordinator, date(2026, 3, 9))
    refusal(provider, coordinator, date(2026, 2, 27))  # another month
    [row] = refusals_in_month(date(2026, 3, 15))
    assert (row["body"], row["total"], row["lawful"], row["unlawful"]) == (provider.pk, 3, 1, 2)
    assert row["escalations"] == [escalation]


# Reminders


def test_reminders_go_once_each_to_the_body_and_the_author(coordinator, provider, authority):
    sent_request(provider, coordinator, sent_at=at(2026, 3, 2))  # due by the close of Tuesday 10 March
    mail.outbox.clear()
    assert send_information_reminders(now=at(2026, 3, 10, 9)) == 1
    assert send_information_reminders(now=at(2026, 3, 10, 9)) == 0
    assert mail.outbox[0].to == ["kense@almaty.gov.kz", "coordinator@1414.kz"]
    assert send_information_reminders(now=at(2026, 3, 11, 9)) == 1  # overdue, once
    assert send_information_reminders(now=at(2026, 3, 12, 9)) == 0
    kinds = AuthorityAlert.objects.order_by("sent_at").values_list("kind", flat=True)
    assert list(kinds) == [AuthorityAlert.Kind.DUE_SOON, AuthorityAlert.Kind.OVERDUE]


def test_escalations_due_soon_and_overdue_remind_the_coordinators(coordinator, provider, authority):
    refusal(provider, coordinator, date(2026, 4, 10))
    escalation = refusal(provider, coordinator, date(2026, 4, 30))  # due 6 May
    mail.outbox.clear()
    send_information_reminders(now=at(2026, 5, 6, 9))
    send_information_reminders(now=at(2026, 5, 6, 9))
    assert [m.to for m in mail.outbox if str(escalation.provider) in m.subject] == [["coordinator@1414.kz"]]


def test_the_reminder_task_is_scheduled_daily():
    from workflows.schedules import _specs

    [spec] = [s for s in _specs() if s.func == "workflows.authorities.tasks.send_information_reminders_task"]
    assert spec.schedule_type == "D"


# Screens, as each role


def in_english(client, user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return user


@pytest.fixture
def screens(coordinator, provider, authority):
    """A refused pair (with an escalation) and a request still open, all to the Almaty akimat."""
    refusal(provider, coordinator, date(2026, 4, 10))
    escalation = refusal(provider, coordinator, date(2026, 4, 30))
    open_request = sent_request(provider, coordinator, sent_at=at(2026, 5, 4))
    return {"escalation": escalation, "request": open_request}


def urls(records):
    request, escalation = records["request"], records["escalation"]
    return {
        "list": reverse("authorities_information_list"),
        "detail": reverse("authorities_information", args=[request.pk]),
        "answer": reverse("authorities_information_answer", args=[request.pk]),
        "add": reverse("authorities_information_add"),
        "escalations": reverse("authorities_escalations"),
        "escalation": reverse("authorities_escalation", args=[escalation.pk]),
        "pdf": reverse("authorities_escalation_pdf", args=[escalation.pk, "kk"]),
        "refusals": reverse("authorities_refusals_month"),
    }


ROLE_SCREENS = {
    # role: the screens' status codes
    "Onboarding coordinator": dict.fromkeys(
        ("list", "detail", "answer", "add", "escalations", "escalation", "pdf", "refusals"), 200
    ),
    "Senior operator": dict.fromkeys(
        ("list", "detail", "answer", "add", "escalations", "escalation", "pdf", "refusals"), 200
    ),
    "Authority viewer": {
        **dict.fromkeys(("list", "detail", "escalations", "escalation", "pdf", "refusals"), 200),
        **dict.fromkeys(("answer", "add"), 403),
    },
    "Operator": dict.fromkeys(("list", "detail", "answer", "add", "escalations", "escalation", "pdf", "refusals"), 403),
}


@pytest.mark.parametrize("role", ROLE_SCREENS)
def test_every_screen_as_every_role(client, screens, role):
    in_english(client, UserFactory(roles=[role]))
    codes = {name: client.get(url).status_code for name, url in urls(screens).items()}
    assert codes == ROLE_SCREENS[role]


def test_the_responsible_person_sees_and_answers_only_their_own_bodys_requests(client, screens, provider):
    person = in_english(client, UserFactory(roles=["Body responsible person"]))
    BodyMembershipFactory(user=person, body=provider)
    own = urls(screens)
    assert client.get(own["list"]).status_code == 200
    assert client.get(own["escalations"]).status_code == 403
    assert client.get(own["add"]).status_code == 403
    response = client.post(
        own["answer"], {"answer": "Тізбе қоса беріледі.", "files": [SimpleUploadedFile("a.pdf", b"%PDF")]}
    )
    assert response.status_code == 302
    screens["request"].refresh_from_db()
    assert screens["request"].state == State.ANSWERED

    elsewhere = StateBodyFactory(email="kense@astana.gov.kz")
    other = information.draft_information_request(body=elsewhere, subject="Астана сұрауы", question="?")
    for url in (
        reverse("authorities_information", args=[other.pk]),
        reverse("authorities_information_answer", args=[other.pk]),
    ):
        assert client.get(url).status_code == 403
    assert other.subject not in client.get(own["list"]).content.decode()


def test_the_answer_link_asks_for_sign_in_first(client, screens):
    response = client.get(urls(screens)["answer"])
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_authority_viewer_reads_but_takes_no_step(client, screens):
    in_english(client, UserFactory(roles=["Authority viewer"]))
    request = screens["request"]
    assert b"Record the answer" not in client.get(reverse("authorities_information", args=[request.pk])).content
    step = reverse("authorities_information_step", args=[request.pk, "record_refusal"])
    assert client.post(step, {"ground": Ground.UNLAWFUL, "text": "x", "on": "2026-05-05"}).status_code == 403
    request.refresh_from_db()
    assert request.state == State.SENT


def test_the_coordinator_drafts_sends_and_records_a_refusal_on_screen(client, coordinator, provider, authority):
    in_english(client, coordinator)
    response = client.post(
        reverse("authorities_information_add"),
        {"body": provider.pk, "subject": "Мерзімдер", "question": "Қызмет мерзімі қандай?", "term_working_days": 3},
    )
    request = InformationRequest.objects.get()
    assert response["Location"] == reverse("authorities_information", args=[request.pk])
    client.post(reverse("authorities_information_step", args=[request.pk, "send"]))
    request.refresh_from_db()
    assert request.state == State.SENT and mail.outbox[-1].to == ["kense@almaty.gov.kz"]
    today = timezone.localdate()
    client.post(
        reverse("authorities_information_step", args=[request.pk, "record_refusal"]),
        {"ground": Ground.COMMERCIAL_SECRET, "text": "Коммерциялық құпия.", "on": today.isoformat()},
    )
    request.refresh_from_db()
    assert request.state == State.REFUSED and request.refusal_ground == Ground.COMMERCIAL_SECRET
    page = client.get(reverse("authorities_refusals_month")).content.decode()
    assert "Алматы қаласының әкімдігі" in page or "Акимат города Алматы" in page


def test_an_answer_can_flag_the_services_knowledge_base_articles_for_review(coordinator, provider):
    from cms.home.demo import load_demo_pages
    from cms.home.models import HomePage
    from cms.knowledge.models import KnowledgeArticlePage, KnowledgeBaseIndexPage

    load_demo_pages()
    home = HomePage.objects.get(locale__language_code="kk")
    index = home.add_child(instance=KnowledgeBaseIndexPage(title="Білім базасы", slug="kb"))
    service = OnboardingServiceFactory(register_number="00101001")
    article = index.add_child(
        instance=KnowledgeArticlePage(title="Анықтама", slug="spravka", review_due=date(2099, 1, 1))
    )
    article.services.set([service])
    article.save_revision().publish()
    UserFactory(username="editor", email="editor@1414.kz", roles=["KB editor"])
    request = sent_request(provider, coordinator, sent_at=at(2026, 3, 2), service=service)
    mail.outbox.clear()
    information.record_answer(request, "Мерзім өзгерді.", flag_articles=True, user=coordinator)
    article.refresh_from_db()
    assert article.needs_review and "Para 25" in article.review_reason
    assert [m.to for m in mail.outbox] == [["editor@1414.kz"]]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_clusters_at_once_send_each_reminder_once():
    """Two django-q clusters running the morning schedule at the same moment (PostgreSQL, each thread its own
    connection): each overdue request is reminded once."""
    from tests.concurrency import twice_at_once

    author = UserFactory(username="coordinator-concurrent", email="author@1414.kz", roles=["Onboarding coordinator"])
    body = StateBodyFactory(kind=StateBody.Kind.LOCAL_EXECUTIVE_BODY, code="akimat-concurrent", email="a@gov.kz")
    for n in range(4):
        sent_request(body, author, sent_at=at(2026, 3, 2), subject=f"Сұрау {n}")  # due Tuesday 10 March
    mail.outbox.clear()
    outcomes = twice_at_once(lambda: send_information_reminders(now=at(2026, 3, 12, 9)))
    assert sum(outcomes) == 4
    assert len(mail.outbox) == 4
    assert AuthorityAlert.objects.filter(kind=AuthorityAlert.Kind.OVERDUE).count() == 4


def test_on_friday_evening_a_request_due_on_monday_is_due_soon(coordinator, provider):
    """Due soon reads working days: sent Monday 30 November 2026 with a term of 5 working days, due the close of
    Monday 7 December; on Friday 4 December at 18:00 the next working day is Monday, so it is due soon."""
    from workflows.authorities.selectors import deadlines

    request = sent_request(provider, coordinator, sent_at=at(2026, 11, 30))
    assert request.due_at == end_of(date(2026, 12, 7))
    friday_evening = at(2026, 12, 4, 18)
    assert list(deadlines.due_soon(InformationRequest, now=friday_evening)) == [request]
    assert not deadlines.due_soon(InformationRequest, now=at(2026, 12, 3, 18)).exists()  # Thursday: not yet
