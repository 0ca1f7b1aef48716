"""Paras 35-37: a body's ICT request registered with the Regulations' terms, answered from the Knowledge Base or
forwarded to the ICI operator and resolved by their mailed reply on the same request; the supervisors reminded
once when a term passes; a body's user sees only their own body's requests.

Dates are read off the 2026 calendar (Almaty time): Friday 20 November, the weekend of 21-22 November,
Wednesday 16 December is Independence Day.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import BodyMembershipFactory, StateBodyFactory, UserFactory
from workflows.directory.models import StateBody
from workflows.ict import selectors, services
from workflows.ict.models import IctAlert, IctRequest, IctService, IctTerm, Priority, RequestType
from workflows.mailintake import services as intake
from workflows.mailintake.models import InboundMessage

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
FRIDAY_17 = datetime(2026, 11, 20, 17, 0, tzinfo=ALMATY)
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=ALMATY)
ICI_EMAIL = "support@ici.example.kz"


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.UCC_MAIL_OWN_ADDRESSES = ["support@goscorp.kz"]
    settings.ICT_MAIL_ADDRESSES = ["ict@goscorp.kz"]
    settings.UCC_MAIL_MESSAGE_ID_DOMAIN = "goscorp.kz"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}


@pytest.fixture
def ici():
    return StateBodyFactory(code="ici", kind=StateBody.Kind.ICI_OPERATOR, email=ICI_EMAIL)


@pytest.fixture
def ministry():
    return StateBodyFactory(code="min-digital", kind=StateBody.Kind.CENTRAL_BODY, email="info@digital.gov.kz")


@pytest.fixture
def akimat():
    return StateBodyFactory(code="akimat-almaty", kind=StateBody.Kind.LOCAL_EXECUTIVE_BODY)


@pytest.fixture
def egov():
    return IctService.objects.create(code="EGOV-PORTAL", name_kk="eGov", name_ru="Портал eGov", name_en="eGov portal")


@pytest.fixture
def round_the_clock():
    return IctService.objects.create(code="EDS", name_kk="ЭЦҚ", name_ru="ЭЦП", name_en="EDS", round_the_clock=True)


def register(body, service, *, at=TUESDAY_10, **kwargs):
    values = {
        "body": body,
        "service": service,
        "subject": "Не открывается кабинет",
        "description": "С утра ошибка 500.",
        "channel": IctRequest.Channel.PHONE,
        "requester_name": "Асель Т.",
        "requester_phone": "+7 701 000 00 00",
        "requester_email": "asel@digital.gov.kz",
        "received_at": at,
    }
    values.update(kwargs)
    return services.register_request(**values)


class TestTerms:
    def test_default_terms_are_seeded_for_every_type_and_priority(self):
        assert IctTerm.objects.count() == len(RequestType.choices) * len(Priority.choices)
        normal = IctTerm.objects.get(request_type=RequestType.CONSULTATION, priority=Priority.NORMAL)
        assert (normal.first_answer, normal.first_answer_unit) == (4, IctTerm.Unit.WORKING_HOURS)
        assert (normal.resolution, normal.resolution_unit) == (3, IctTerm.Unit.WORKING_DAYS)

    def test_friday_afternoon_request_is_first_answered_by_monday_noon(self, ministry, egov):
        """4 working hours from Friday 17:00: one on Friday, three on Monday; resolution in 3 working days."""
        request = register(ministry, egov, at=FRIDAY_17)
        assert request.number == "ICT-2026-000001"
        assert request.first_answer_due == datetime(2026, 11, 23, 12, 0, tzinfo=ALMATY)
        assert request.resolution_due == datetime(2026, 11, 25, 23, 59, 59, 999999, tzinfo=ALMATY)

    def test_independence_day_does_not_count(self, ministry, egov):
        """Tuesday 15 December 16:00 + 4 working hours: 2 on Tuesday, none on the 16th, 2 on Thursday 17th."""
        request = register(ministry, egov, at=datetime(2026, 12, 15, 16, 0, tzinfo=ALMATY))
        assert request.first_answer_due == datetime(2026, 12, 17, 11, 0, tzinfo=ALMATY)
        # three working days after the 15th: Thursday 17, Friday 18, Monday 21 December
        assert request.resolution_due == datetime(2026, 12, 21, 23, 59, 59, 999999, tzinfo=ALMATY)

    def test_a_round_the_clock_service_counts_calendar_hours(self, ministry, round_the_clock):
        request = register(ministry, round_the_clock, at=FRIDAY_17)
        assert request.first_answer_due == datetime(2026, 11, 20, 21, 0, tzinfo=ALMATY)
        assert request.resolution_due == datetime(2026, 11, 23, 17, 0, tzinfo=ALMATY)  # 3 x 24 h

    def test_the_term_in_force_at_registration_stays_with_the_request(self, ministry, egov):
        request = register(ministry, egov)
        IctTerm.objects.filter(request_type=RequestType.CONSULTATION, priority=Priority.NORMAL).update(first_answer=1)
        request.refresh_from_db()
        assert request.first_answer_due == datetime(2026, 11, 24, 14, 0, tzinfo=ALMATY)
        assert register(ministry, egov).first_answer_due == datetime(2026, 11, 24, 11, 0, tzinfo=ALMATY)

    def test_an_administrator_may_set_calendar_hours(self, ministry, egov):
        IctTerm.objects.filter(request_type=RequestType.INCIDENT, priority=Priority.HIGH).update(
            first_answer=2, first_answer_unit=IctTerm.Unit.CALENDAR_HOURS
        )
        request = register(ministry, egov, at=FRIDAY_17, request_type=RequestType.INCIDENT, priority=Priority.HIGH)
        assert request.first_answer_due == datetime(2026, 11, 20, 19, 0, tzinfo=ALMATY)


class TestAnsweredFromTheKnowledgeBase:
    def test_consulted_answered_closed_with_its_timeline(self, ministry, egov, operator):
        request = register(ministry, egov)
        services.consult(request, user=operator)
        services.answer(request, text="Очистите кэш браузера.", user=operator, at=TUESDAY_10.replace(hour=11))
        services.close(request, user=operator)
        request.refresh_from_db()
        assert request.state == IctRequest.State.CLOSED
        assert not request.first_answer_late and not request.resolution_late
        events, _alerts = selectors.timeline(request)
        assert sorted(event.verb for event in events) == ["close", "consult", "give_answer", "registered"]
        assert all(event.label for event in events)

    def test_an_answer_after_the_term_is_late(self, ministry, egov, operator):
        request = register(ministry, egov)
        services.answer(request, text="…", user=operator, at=TUESDAY_10.replace(hour=15))
        request.refresh_from_db()
        assert request.first_answer_late

    def test_closing_an_unanswered_request_is_refused_and_writes_nothing(self, ministry, egov, operator):
        request = register(ministry, egov)
        with pytest.raises(services.TransitionRefused):
            services.close(request, user=operator)
        assert request.events.count() == 1


class TestForwardedToTheIciOperator:
    def forward(self, request, operator, capture):
        with capture(execute=True):
            services.forward_to_ici(request, note="В базе знаний нет ответа.", user=operator)
        request.refresh_from_db()
        return request

    def reply_mail(self, *, subject, in_reply_to="", sender=ICI_EMAIL, message_id="<r1@ici.example.kz>"):
        headers = [
            f"From: ICI Support <{sender}>",
            "To: ict@goscorp.kz",
            f"Subject: {subject}",
            "Date: Tue, 24 Nov 2026 12:00:00 +0500",
            f"Message-ID: {message_id}",
        ]
        if in_reply_to:
            headers.append(f"In-Reply-To: {in_reply_to}")
        headers += ["Content-Type: text/plain; charset=utf-8", "", "Исправлено на стороне портала."]
        return "\r\n".join(headers).encode()

    def test_para_36_the_mail_to_the_ici_operator_carries_the_number(
        self, ici, ministry, egov, operator, django_capture_on_commit_callbacks
    ):
        request = self.forward(register(ministry, egov), operator, django_capture_on_commit_callbacks)
        assert request.state == IctRequest.State.FORWARDED
        (sent,) = mail.outbox
        assert sent.to == [ICI_EMAIL]
        assert sent.subject.startswith(f"[{request.number}]")
        assert sent.extra_headers["Message-ID"] == request.forward_message_id
        assert request.first_answered_at is not None  # the requester told it went to the ICI operator

    def test_the_reply_lands_on_the_same_request_by_in_reply_to(
        self, ici, ministry, egov, operator, django_capture_on_commit_callbacks
    ):
        request = self.forward(register(ministry, egov), operator, django_capture_on_commit_callbacks)
        raw = self.reply_mail(subject="Re: your question", in_reply_to=request.forward_message_id)
        message = intake.ingest(raw, source="test", received_at=TUESDAY_10.replace(hour=12))
        request.refresh_from_db()
        assert message.status == InboundMessage.Status.OTHER_DESK
        assert request.state == IctRequest.State.RESOLVED
        assert request.ici_reply == "Исправлено на стороне портала."
        assert request.mails.get().message == message
        assert IctRequest.objects.count() == 1 and message.appeal is None

    def test_the_reply_lands_on_the_same_request_by_its_number(
        self, ici, ministry, egov, operator, django_capture_on_commit_callbacks
    ):
        request = self.forward(register(ministry, egov), operator, django_capture_on_commit_callbacks)
        intake.ingest(self.reply_mail(subject=f"RE: [{request.number}] ответ"), source="test")
        request.refresh_from_db()
        assert request.state == IctRequest.State.RESOLVED
        services.close(request, user=operator)
        request.refresh_from_db()
        assert request.state == IctRequest.State.CLOSED

    def test_a_number_from_a_stranger_opens_no_thread(
        self, ici, ministry, egov, operator, django_capture_on_commit_callbacks
    ):
        request = self.forward(register(ministry, egov), operator, django_capture_on_commit_callbacks)
        raw = self.reply_mail(subject=f"[{request.number}] hello", sender="someone@mail.kz")
        intake.ingest(raw, source="test")
        request.refresh_from_db()
        assert request.state == IctRequest.State.FORWARDED
        assert IctRequest.objects.count() == 2  # it was sent to the ICT address: a new request

    def test_forwarding_needs_the_ici_operator_in_the_directory(self, ministry, egov, operator):
        request = register(ministry, egov)
        with pytest.raises(services.TransitionRefused):
            services.forward_to_ici(request, user=operator)
        request.refresh_from_db()
        assert request.state == IctRequest.State.REGISTERED


class TestReminders:
    def test_supervisors_are_reminded_once_of_each_passed_term(self, ministry, egov, supervisor):
        request = register(ministry, egov)
        late_evening = datetime(2026, 11, 24, 19, 0, tzinfo=ALMATY)
        assert services.send_overdue_reminders(now=late_evening) == 1
        assert services.send_overdue_reminders(now=late_evening) == 0  # the schedule ran twice
        (sent,) = mail.outbox
        assert sent.to == [supervisor.email] and request.number in sent.subject
        after_resolution = datetime(2026, 11, 28, 9, 0, tzinfo=ALMATY)
        assert services.send_overdue_reminders(now=after_resolution) == 1  # the resolution term now
        assert set(IctAlert.objects.values_list("kind", flat=True)) == {
            IctAlert.Kind.FIRST_ANSWER_OVERDUE,
            IctAlert.Kind.RESOLUTION_OVERDUE,
        }

    def test_overdue_and_due_soon_lists(self, ministry, egov):
        request = register(ministry, egov)
        assert list(selectors.due_soon(now=datetime(2026, 11, 24, 12, 30, tzinfo=ALMATY))) == [request]
        assert list(selectors.overdue(now=datetime(2026, 11, 24, 12, 30, tzinfo=ALMATY))) == []
        assert list(selectors.overdue(now=datetime(2026, 11, 24, 14, 1, tzinfo=ALMATY))) == [request]

    def test_the_task_is_scheduled(self):
        from workflows.schedules import declared_names

        assert "ict: overdue request reminders" in declared_names()


class TestPermissions:
    def test_a_bodys_user_sees_only_their_own_bodys_requests(self, ministry, akimat, egov, operator):
        own = register(ministry, egov)
        register(akimat, egov)
        person = UserFactory(username="resp", roles=["Body responsible person"])
        BodyMembershipFactory(user=person, body=ministry)
        assert list(selectors.visible_requests(person)) == [own]
        assert selectors.visible_requests(operator).count() == 2

    def test_a_bodys_user_may_register_but_not_handle(self, ministry, egov):
        person = UserFactory(username="resp2", roles=["Body responsible person"])
        BodyMembershipFactory(user=person, body=ministry)
        assert person.has_perm("ict.register_own_ictrequest")
        request = register(ministry, egov, channel=IctRequest.Channel.FORM, requester_user=person, user=person)
        with pytest.raises(services.TransitionRefused):
            services.answer(request, text="сам себе", user=person)

    def test_who_works_ict_requests(self, operator, supervisor):
        viewer = UserFactory(username="viewer", roles=["Authority viewer"])
        coordinator = UserFactory(username="coord", roles=["Onboarding coordinator"])
        assert operator.has_perm("ict.handle_ictrequest") and supervisor.has_perm("ict.handle_ictrequest")
        assert coordinator.has_perm("ict.change_ictterm")
        assert not viewer.has_perm("ict.handle_ictrequest")


class TestReportFigures:
    def test_para_39_figures(self, ici, ministry, akimat, egov, operator, django_capture_on_commit_callbacks):
        answered = register(ministry, egov)
        services.answer(answered, text="…", user=operator, at=TUESDAY_10.replace(hour=11))
        forwarded = register(akimat, egov, request_type=RequestType.INCIDENT)
        with django_capture_on_commit_callbacks(execute=True):
            services.forward_to_ici(forwarded, user=operator, at=TUESDAY_10.replace(hour=15))
        start, end = datetime(2026, 11, 1, tzinfo=ALMATY), datetime(2026, 12, 1, tzinfo=ALMATY)
        report = selectors.ict_report(start, end)
        assert {row["body_id"]: row["count"] for row in report["by_body"]} == {ministry.pk: 1, akimat.pk: 1}
        assert report["by_service"][0]["count"] == 2
        assert {row["request_type"]: row["count"] for row in report["by_type"]} == {"consultation": 1, "incident": 1}
        assert report["forwarded_to_ici"] == 1
        first = report["terms"]["first_answer"]
        assert (first["given"], first["in_time"], first["late"]) == (2, 1, 1)
        assert report["terms"]["resolution"]["given"] == 1


class TestAdminScreens:
    def test_a_bodys_user_lists_and_opens_only_their_bodys_requests(self, client, ministry, akimat, egov):
        own = register(ministry, egov)
        other = register(akimat, egov)
        person = UserFactory(username="resp3", roles=["Body responsible person"])
        BodyMembershipFactory(user=person, body=ministry)
        client.force_login(person)
        listing = client.get(reverse("ict_requests"))
        assert listing.status_code == 200
        assert own.number in listing.content.decode() and other.number not in listing.content.decode()
        assert client.get(reverse("ict_request", args=[own.pk])).status_code == 200
        assert client.get(reverse("ict_request", args=[other.pk])).status_code == 403

    def test_a_bodys_user_registers_from_the_form_for_their_own_body_only(self, client, ministry, akimat, egov):
        person = UserFactory(username="resp4", roles=["Body responsible person"])
        BodyMembershipFactory(user=person, body=ministry)
        client.force_login(person)
        data = {
            "body": akimat.pk,
            "service": egov.pk,
            "channel": "form",
            "request_type": "consultation",
            "priority": "normal",
            "subject": "Вопрос",
        }
        refused = client.post(reverse("ict_request_add"), data)
        assert refused.status_code == 200 and IctRequest.objects.count() == 0  # not their body: form error
        response = client.post(reverse("ict_request_add"), {**data, "body": ministry.pk})
        created = IctRequest.objects.get()
        assert response.status_code == 302 and created.body == ministry
        assert created.channel == IctRequest.Channel.FORM and created.requester_user == person

    def test_the_operator_answers_from_the_detail_screen(self, client, ministry, egov, operator):
        record = register(ministry, egov)
        client.force_login(operator)
        page = client.get(reverse("ict_request", args=[record.pk])).content.decode()
        assert reverse("ict_request_step", args=[record.pk, "give_answer"]) in page
        client.post(reverse("ict_request_step", args=[record.pk, "give_answer"]), {"text": "Готово."})
        record.refresh_from_db()
        assert record.state == IctRequest.State.ANSWERED

    def test_coordinators_edit_the_terms(self, client):
        coordinator = UserFactory(username="coord2", roles=["Onboarding coordinator"])
        client.force_login(coordinator)
        assert client.get(reverse("ict_terms:index")).status_code == 200
        assert client.get(reverse("ict_services:index")).status_code == 200


def test_the_services_list_reads_in_kazakh(client):
    """The walk found its name column headed "Name" in English (a property has no verbose name)."""
    import re

    from wagtail.users.models import UserProfile

    from tests.factories import UserFactory
    from tests.i18n import english_words
    from workflows.ict.models import IctService

    IctService.objects.create(
        code="EGOV", name_kk="egov.kz порталы", name_ru="Портал egov.kz", name_en="egov.kz portal"
    )
    coordinator = UserFactory(roles=["Onboarding coordinator"])
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "kk"
    profile.save()
    client.force_login(coordinator)
    page = client.get("/admin/ict_services/").content.decode()
    headers = " ".join(
        re.sub(r"<[^>]+>", " ", re.search(r'<table class="listing.*?</thead>', page, re.S).group(0)).split()
    )
    assert not english_words(headers), headers
    assert "Атауы" in headers and "egov.kz порталы" in page


@pytest.fixture
def kb_article():
    from wagtail.models import Locale, Page

    from cms.knowledge.models import KnowledgeArticlePage, KnowledgeBaseIndexPage

    root = Page.get_first_root_node()
    locale = Locale.objects.get_or_create(language_code="ru")[0]
    home = root.add_child(instance=Page(title="Главная", slug="home-ru-ict", locale=locale))
    kb = home.add_child(instance=KnowledgeBaseIndexPage(title="База знаний", slug="kb", locale=locale))
    page = KnowledgeArticlePage(title="Вход в личный кабинет eGov", slug="egov-login", locale=locale)
    kb.add_child(instance=page)
    return page


class TestKnowledgeBaseOnTheConsultStep:
    """Para 9 as for appeals: the operator searches the Knowledge Base on the step and ticks the articles."""

    def speaks(self, user, language):
        from wagtail.users.models import UserProfile

        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()

    def test_the_step_searches_and_links_the_ticked_article(self, client, ministry, egov, operator, kb_article):
        record = register(ministry, egov)
        self.speaks(operator, "ru")
        client.force_login(operator)
        url = reverse("ict_request_step", args=[record.pk, "consult"])
        page = client.get(url, {"kb": "кабинет"}).content.decode()
        assert 'name="kb"' in page and "Вход в личный кабинет eGov" in page
        assert f'value="{kb_article.pk}"' in page  # a box to tick, not an id to type
        response = client.post(url, {"articles": [kb_article.pk]})
        assert response.status_code == 302
        record.refresh_from_db()
        assert record.state == IctRequest.State.CONSULTING
        assert list(record.articles.all()) == [kb_article.specific]
        assert record.events.filter(verb="articles_linked").exists()

    def test_the_operator_reads_the_articles_in_their_language(self, client, ministry, egov, operator, kb_article):
        record = register(ministry, egov)
        self.speaks(operator, "kk")
        client.force_login(operator)
        page = client.get(reverse("ict_request_step", args=[record.pk, "consult"]), {"kb": "кабинет"})
        assert "Вход в личный кабинет eGov" not in page.content.decode()  # a Russian article

    def test_an_unknown_article_is_refused_and_nothing_changes(self, client, ministry, egov, operator):
        record = register(ministry, egov)
        client.force_login(operator)
        response = client.post(reverse("ict_request_step", args=[record.pk, "consult"]), {"articles": ["999999"]})
        assert response.status_code == 200 and "999999" in response.content.decode()
        record.refresh_from_db()
        assert record.state == IctRequest.State.REGISTERED and not record.articles.exists()

    def test_the_answer_step_links_articles_too(self, client, ministry, egov, operator, kb_article):
        record = register(ministry, egov)
        client.force_login(operator)
        url = reverse("ict_request_step", args=[record.pk, "give_answer"])
        client.post(url, {"text": "Войдите через ЭЦП.", "articles": [kb_article.pk]})
        record.refresh_from_db()
        assert record.state == IctRequest.State.ANSWERED and record.articles.get() == kb_article.specific


class TestTheRequesterIsTold:
    def test_the_answer_is_mailed_in_kazakh_and_russian(
        self, ministry, egov, operator, django_capture_on_commit_callbacks
    ):
        record = register(ministry, egov)
        with django_capture_on_commit_callbacks(execute=True):
            services.answer(record, text="Войдите через ЭЦП.", user=operator)
        (sent,) = mail.outbox
        assert sent.to == ["asel@digital.gov.kz"] and sent.reply_to == ["ict@goscorp.kz"]
        assert record.number in sent.subject and "Войдите через ЭЦП." in sent.body
        assert sent.subject.startswith("Сіздің") and "Ваше обращение" in sent.subject  # Kazakh, then Russian
        assert record.outgoing_mails.get().status == "sent"

    def test_a_reply_to_the_answer_threads_back(self, ministry, egov, operator, django_capture_on_commit_callbacks):
        record = register(ministry, egov)
        with django_capture_on_commit_callbacks(execute=True):
            services.answer(record, text="Войдите через ЭЦП.", user=operator)
        answer_id = record.outgoing_mails.get().message_id
        raw = "\r\n".join(
            [
                "From: Асель <asel@digital.gov.kz>",
                "To: ict@goscorp.kz",
                "Subject: Re: ответ",
                "Message-ID: <back1@digital.gov.kz>",
                f"In-Reply-To: {answer_id}",
                "Content-Type: text/plain; charset=utf-8",
                "",
                "Спасибо, получилось.",
            ]
        ).encode()
        message = intake.ingest(raw, source="test")
        assert message.status == InboundMessage.Status.OTHER_DESK and message.appeal is None
        assert record.events.filter(verb="email_reply").exists() and IctRequest.objects.count() == 1

    def test_the_ici_operators_resolution_is_mailed(
        self, ici, ministry, egov, operator, django_capture_on_commit_callbacks
    ):
        record = register(ministry, egov)
        with django_capture_on_commit_callbacks(execute=True):
            services.forward_to_ici(record, user=operator)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.record_ici_reply(record, reply="Исправлено на стороне портала.", user=operator)
        (sent,) = mail.outbox
        assert sent.to == ["asel@digital.gov.kz"] and "Исправлено на стороне портала." in sent.body

    def test_a_request_by_phone_without_an_address_sends_nothing(
        self, ministry, egov, operator, django_capture_on_commit_callbacks
    ):
        record = register(ministry, egov, requester_email="")
        with django_capture_on_commit_callbacks(execute=True):
            services.answer(record, text="Сказали по телефону.", user=operator)
        assert mail.outbox == [] and not record.outgoing_mails.exists()


class TestAForwardTheMailServerRefusedIsRetried:
    """Para 36, and nothing is lost: the forward is kept before it is sent; a refusal stays for the schedule."""

    def refuse_mail(self, settings):
        # A real SMTP connection to a port nobody listens on: the mail server is down.
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2

    def test_refused_kept_and_sent_once_by_the_retry(
        self, settings, ici, ministry, egov, operator, django_capture_on_commit_callbacks
    ):
        record = register(ministry, egov)
        self.refuse_mail(settings)
        with django_capture_on_commit_callbacks(execute=True):
            services.forward_to_ici(record, user=operator)
        record.refresh_from_db()
        forward = record.outgoing_mails.get()
        assert record.state == IctRequest.State.FORWARDED  # the transition stands; the mail waits
        assert forward.status == "failed" and forward.attempts == 1 and forward.last_error
        assert selectors.home_figures(operator)["mails_failed"] == 1

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert services.retry_outgoing_mails() == 1
        assert services.retry_outgoing_mails() == 0  # sent once
        (sent,) = mail.outbox
        assert sent.to == [ICI_EMAIL] and sent.extra_headers["Message-ID"] == record.forward_message_id
        forward.refresh_from_db()
        assert forward.status == "sent" and forward.attempts == 2

    def test_the_retry_is_scheduled(self):
        from workflows.schedules import declared_names

        assert "ict: retry outgoing mail" in declared_names()


def test_the_home_panel_counts_the_desks_work(client, ministry, egov, operator):
    register(ministry, egov)
    client.force_login(operator)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("ict_requests") in page and reverse("ict_request_add") in page


def test_a_mail_the_schedule_gave_up_on_is_sent_again_by_a_handler(
    client, settings, ici, ministry, egov, operator, django_capture_on_commit_callbacks
):
    """After 20 refusals the schedule stops; the request's screen says so and a handler sends it again."""
    from workflows.ict.models import IctOutgoingMail

    record = register(ministry, egov)
    with django_capture_on_commit_callbacks(execute=True):
        services.forward_to_ici(record, user=operator)
    record.outgoing_mails.update(status="failed", attempts=IctOutgoingMail.MAX_ATTEMPTS, last_error="421")
    mail.outbox.clear()
    assert services.retry_outgoing_mails() == 0  # the schedule has given up
    viewer = UserFactory(username="viewer-ict", roles=["Authority viewer"])
    forward = record.outgoing_mails.get()
    url = reverse("ict_mail_send_again", args=[record.pk, forward.pk])
    client.force_login(viewer)
    assert client.post(url).status_code == 403
    client.force_login(operator)
    page = client.get(reverse("ict_request", args=[record.pk])).content.decode()
    assert url in page
    client.post(url)
    (sent,) = mail.outbox
    assert sent.to == [ICI_EMAIL]
    forward.refresh_from_db()
    assert forward.status == "sent" and record.events.filter(verb="mail_sent_again", actor=operator).exists()
