"""Notification templates (issue 20, item 3): every mail's text editable in kk/ru/en with placeholders, in a
safe template language, previewed on a sample record, reset to the shipped default in one click.

The existing mail tests (test_appeals.py, test_mailintake.py, test_appeals_merge.py …) run on templates nobody
edited: they are the proof that the shipped default is today's text. The appeals below are received on
Friday 20 March 2026 at 10:00, so their answer is due on Friday 27 March (Nauryz, 21-25 March, is off).
"""

import re
from datetime import datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import AppealFactory, UserFactory
from workflows.appeals import services as appeals
from workflows.notifications import registry, rendering, services
from workflows.notifications.models import NotificationTemplate
from workflows.notifications.selectors import compose

pytestmark = pytest.mark.django_db

ANSWER_RU = (
    "Здравствуйте, {{ applicant_name }}!\n\n"
    "Ответ по обращению {{ registration_number }}:\n{{ answer }}\n\n"
    "Оцените ответ: {{ rating_link }}"
)


@pytest.fixture(autouse=True)
def _templates():
    services.sync_templates()


@pytest.fixture
def supervisor():
    return UserFactory(username="senior", roles=["Senior operator"])


@pytest.fixture
def operator():
    return UserFactory(username="aigul", roles=["Operator"])


def template(key, language):
    return NotificationTemplate.objects.get(key=key, language=language)


def edit_url(key, language):
    return reverse("wagtailsnippets_notifications_notificationtemplate:edit", args=[template(key, language).pk])


def received_friday():
    return timezone.make_aware(datetime(2026, 3, 20, 10, 0))


def answer(operator, capture, *, language="ru", text="Справку выдаёт ЦОН или egov.kz."):
    appeal = AppealFactory(applicant_email="aigerim@mail.kz", language=language, received_at=received_friday())
    appeal = appeals.take(appeal=appeal, user=operator)
    with capture(execute=True):
        appeals.give_answer(appeal=appeal, user=operator, answer=text)
    return appeal, mail.outbox[-1]


# --- the safe template language -------------------------------------------------------------------


def test_placeholders_are_replaced_by_their_values_as_text():
    text = rendering.render("№ {{ registration_number }}: {{registration_number}}", {"registration_number": "X-1"})
    assert text == "№ X-1: X-1"


def test_a_value_that_looks_like_a_placeholder_stays_text():
    assert rendering.render("{{ answer }}", {"answer": "{{ applicant_name }}", "applicant_name": "Асель"}) == (
        "{{ applicant_name }}"
    )


def test_a_line_whose_placeholders_are_all_empty_is_left_out():
    text = "Органы:\n{{ body_name }}\nТелефон: {{ body_phone }}\nСайт: {{ body_website }}"
    assert rendering.render(text, {"body_name": "МЮ", "body_phone": ""}) == "Органы:\nМЮ"


def test_the_html_part_escapes_the_text_and_the_values():
    html = rendering.render("<b>{{ appeal_text }}</b>", {"appeal_text": "<script>alert(1)</script>"}, html=True)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html


@pytest.mark.parametrize(
    "probe",
    [
        "{{ applicant.__class__ }}",
        "{{ appeal.applicant_email }}",
        "{{ registration_number.__class__.__mro__ }}",
        "{{ answer|safe }}",
        "{{ settings.SECRET_KEY }}",
    ],
)
def test_attribute_look_ups_filters_and_unknown_names_are_refused_by_name(probe):
    with pytest.raises(rendering.ValidationError) as refused:
        rendering.check(f"Ответ: {probe}", ["answer", "registration_number"])
    assert probe in str(refused.value)


def test_template_tags_are_refused():
    with translation.override("en"), pytest.raises(rendering.ValidationError, match="not allowed"):
        rendering.check("{% load i18n %}{% debug %}", ["answer"])
    with translation.override("kk"), pytest.raises(rendering.ValidationError, match="рұқсат жоқ"):
        rendering.check("{% load i18n %}{% debug %}", ["answer"])


def test_every_shipped_default_uses_only_its_own_placeholders():
    for notification in registry.all_notifications():
        for language in notification.languages:
            subject, body = notification.default(language)
            rendering.check(subject, list(notification.placeholders))
            rendering.check(body, list(notification.placeholders))
            assert body, f"{notification.key} has no shipped text in {language}"


def test_every_declared_notification_has_a_template_in_each_of_its_languages():
    declared = registry.all_notifications()
    keys = {notification.key for notification in declared}
    assert {"appeals.register", "appeals.give_answer", "appeals.refer", "appeals.merged"} <= keys
    rows = set(NotificationTemplate.objects.values_list("key", "language"))
    assert {(notification.key, language) for notification in declared for language in notification.languages} == rows
    assert registry.get("appeals.give_answer").languages == ("kk", "ru", "en")
    assert registry.get("interruptions.notice_notified").languages == ("kk", "ru")  # sent Kazakh, then Russian
    assert services.sync_templates() == 0  # idempotent


def test_the_shipped_default_of_a_kazakh_mail_is_kazakh():
    subject, body = registry.get("appeals.give_answer").default("kk")
    assert "Тіркеу нөмірі: {{ registration_number }}" in body and "{{ rating_link }}" in body


def test_an_untouched_template_composes_nothing_and_the_files_write_the_mail():
    assert compose("appeals.give_answer", {"answer": "x"}, language="ru") is None


# --- through the admin, as a supervisor would -------------------------------------------------------


def test_editing_the_answer_mail_changes_the_next_answer_mail(
    client, supervisor, operator, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    response = client.post(
        edit_url("appeals.give_answer", "ru"), {"subject": "Ответ: {{ registration_number }}", "body": ANSWER_RU}
    )
    assert response.status_code == 302

    appeal, message = answer(operator, django_capture_on_commit_callbacks)
    assert message.subject == f"Ответ: {appeal.number}"
    assert message.body.startswith("Здравствуйте, Сейткали Айгерим Нурлановна!")
    assert f"Ответ по обращению {appeal.number}:\nСправку выдаёт ЦОН или egov.kz." in message.body
    assert "Оцените ответ: http" in message.body  # telephony's signed rating link (para 13)
    html = message.alternatives[0][0]
    assert "Справку выдаёт ЦОН или egov.kz." in html and "<html" in html


def test_an_edit_in_one_language_leaves_the_others_shipped(
    client, supervisor, operator, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    client.post(edit_url("appeals.give_answer", "ru"), {"subject": "", "body": ANSWER_RU})
    _appeal, message = answer(operator, django_capture_on_commit_callbacks, language="kk")
    assert "Здравствуйте" not in message.body and "Тіркеу нөмірі" in message.body


def test_a_subject_left_as_shipped_follows_the_shipped_text(client, supervisor):
    client.force_login(supervisor)
    shipped_subject, _body = registry.get("appeals.give_answer").default("ru")
    client.post(edit_url("appeals.give_answer", "ru"), {"subject": shipped_subject, "body": ANSWER_RU})
    row = template("appeals.give_answer", "ru")
    assert row.subject == "" and row.body == ANSWER_RU


def test_an_unknown_placeholder_is_refused_on_save_with_its_name(client, supervisor):
    client.force_login(supervisor)
    response = client.post(
        edit_url("appeals.give_answer", "ru"), {"subject": "", "body": "Ответ: {{ answer }} {{ operator_phone }}"}
    )
    assert response.status_code == 200
    assert "{{ operator_phone }}" in response.content.decode()
    assert not template("appeals.give_answer", "ru").is_customised


def test_a_class_probe_is_refused_and_nothing_is_saved(
    client, supervisor, operator, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    response = client.post(
        edit_url("appeals.give_answer", "ru"), {"subject": "{{ applicant.__class__ }}", "body": "{{ answer }}"}
    )
    assert response.status_code == 200
    assert "{{ applicant.__class__ }}" in response.content.decode()
    assert not template("appeals.give_answer", "ru").is_customised
    _appeal, message = answer(operator, django_capture_on_commit_callbacks)
    assert "__class__" not in message.subject


def test_reset_restores_the_shipped_mail_in_one_click(client, supervisor, operator, django_capture_on_commit_callbacks):
    _appeal, shipped = answer(operator, django_capture_on_commit_callbacks, text="Первый ответ.")
    client.force_login(supervisor)
    client.post(edit_url("appeals.give_answer", "ru"), {"subject": "Ответ", "body": ANSWER_RU})
    edit = client.get(edit_url("appeals.give_answer", "ru")).content.decode()
    assert 'name="action-reset"' in edit

    response = client.post(edit_url("appeals.give_answer", "ru"), {"action-reset": "", "subject": "x", "body": "y"})
    assert response.status_code == 302
    assert not template("appeals.give_answer", "ru").is_customised

    appeal, message = answer(operator, django_capture_on_commit_callbacks, text="Первый ответ.")

    def same_words(sent, number, content):  # the number, the question and the signed link differ per appeal
        return re.sub(r"https?://\S+", "LINK", sent.replace(number, "N").replace(content, "Q"))

    assert message.subject == shipped.subject.replace(_appeal.number, appeal.number)
    assert same_words(message.body, appeal.number, appeal.content) == same_words(
        shipped.body, _appeal.number, _appeal.content
    )
    assert 'name="action-reset"' not in client.get(edit_url("appeals.give_answer", "ru")).content.decode()


def test_the_editor_starts_from_the_shipped_text_and_names_the_placeholders(client, supervisor):
    client.force_login(supervisor)
    page = client.get(edit_url("appeals.refer", "kk")).content.decode()
    assert "Сіздің сұрағыңыз Бірыңғай байланыс орталығының құзыретіне жатпайды" in page
    assert "{{ body_phone }}" in page


def test_the_preview_renders_the_edited_text_with_the_sample_record(client, supervisor):
    client.force_login(supervisor)
    url = reverse(
        "wagtailsnippets_notifications_notificationtemplate:preview_on_edit",
        args=[template("appeals.give_answer", "ru").pk],
    )
    posted = client.post(url, {"subject": "Ответ на {{ registration_number }}", "body": ANSWER_RU})
    assert posted.json()["is_valid"] is True
    preview = client.get(url).content.decode()
    assert "Ответ на UCC-2026-000123" in preview
    assert "Здравствуйте, Жумабаева Асель!" in preview
    assert "https://1414.kz/rate/UCC-2026-000123/sample" in preview
    assert not template("appeals.give_answer", "ru").is_customised  # a preview saves nothing


def test_a_preview_of_a_refused_text_is_not_rendered(client, supervisor):
    client.force_login(supervisor)
    url = reverse(
        "wagtailsnippets_notifications_notificationtemplate:preview_on_edit",
        args=[template("appeals.give_answer", "ru").pk],
    )
    assert client.post(url, {"subject": "", "body": "{{ applicant.__class__ }}"}).json()["is_valid"] is False


def test_the_merged_mail_edited_in_kazakh_changes_its_kazakh_half_only(
    client, supervisor, operator, django_capture_on_commit_callbacks
):
    from workflows.appeals import merging

    client.force_login(supervisor)
    client.post(
        edit_url("appeals.merged", "kk"),
        {"subject": "{{ registration_number }} → {{ joined_to }}", "body": "Өтініш {{ joined_to }} өтінішіне қосылды."},
    )
    first = AppealFactory(applicant_email="aigerim@mail.kz", received_at=received_friday())
    second = AppealFactory(applicant_email="aigerim@mail.kz", received_at=received_friday())
    with django_capture_on_commit_callbacks(execute=True):
        merging.merge(appeal=appeals.take(appeal=second, user=operator), into=first, user=operator)
    message = mail.outbox[-1]
    kazakh, russian = message.body.split("\n\n----------\n\n")
    assert kazakh == f"Өтініш {first.number} өтінішіне қосылды."
    assert "объединены" in russian
    assert message.subject.startswith(f"{second.number} → {first.number} / ")


def test_an_edit_is_audited_with_who_made_it(client, supervisor):
    client.force_login(supervisor)
    client.post(edit_url("appeals.register", "ru"), {"subject": "", "body": "Принято: {{ registration_number }}"})
    entry = LogEntry.objects.get_for_object(template("appeals.register", "ru")).latest("timestamp")
    assert entry.actor == supervisor
    assert entry.changes_dict["body"][1] == "Принято: {{ registration_number }}"


ROLES = [
    "Operator",
    "Senior operator",
    "KB editor",
    "KB reviewer",
    "Onboarding coordinator",
    "Body responsible person",
    "Authority viewer",
]
MAY_EDIT = {"Senior operator"}


@pytest.mark.parametrize("role", ROLES)
def test_only_supervisors_and_administrators_change_the_templates(client, role):
    client.force_login(UserFactory(username="someone", roles=[role]))
    response = client.post(edit_url("appeals.register", "ru"), {"subject": "", "body": "{{ registration_number }}"})
    assert template("appeals.register", "ru").is_customised == (role in MAY_EDIT)
    assert response.status_code in ((302,) if role in MAY_EDIT else (302, 403))


def test_an_administrator_may_change_them(client):
    client.force_login(UserFactory(username="admin1", is_superuser=True))
    client.post(edit_url("appeals.register", "kk"), {"subject": "", "body": "{{ registration_number }}"})
    assert template("appeals.register", "kk").is_customised


def test_the_listing_shows_every_template_in_the_readers_language(client, supervisor):
    client.force_login(supervisor)
    with translation.override("ru"):
        page = client.get(reverse("wagtailsnippets_notifications_notificationtemplate:list"), HTTP_ACCEPT_LANGUAGE="ru")
    assert page.status_code == 200
    assert "appeals.give_answer" in page.content.decode()


# --- the other apps' mails ------------------------------------------------------------------------


def edit(key, language, *, subject="", body=""):
    return services.save_text(template(key, language), subject=subject, body=body)


def test_every_notification_renders_its_sample_without_a_placeholder_left():
    for notification in registry.all_notifications():
        for language in notification.languages:
            subject, body = notification.default(language)
            for text in (subject, body):
                assert "{{" not in rendering.render(text, notification.sample), (notification.key, language)


def test_a_kazakh_then_russian_mail_edited_in_russian_keeps_its_shipped_kazakh_half():
    from workflows.notifications.selectors import compose_in_languages
    from workflows.reports.notification_templates import REPORT_SAMPLE

    edit("reports.delivery", "ru", body="Отчёт «{{ title }}» за {{ period }}: {{ link }}")
    subject, text = compose_in_languages("reports.delivery", lambda language: REPORT_SAMPLE)
    kazakh, russian = text.split("\n\n----------\n\n")
    assert kazakh.startswith("Құрметті әріптестер,")
    assert russian == f"Отчёт «{REPORT_SAMPLE['title']}» за 01.11.2026 – 30.11.2026: {REPORT_SAMPLE['link']}"
    assert subject == f"{REPORT_SAMPLE['title']} / {REPORT_SAMPLE['title']}"


def test_an_authoritys_overdue_alarm_edited_leaves_the_alarm_before_the_term_as_shipped():
    from workflows.authorities.notification_templates import REMINDERS, reminder

    sample = REMINDERS["authorities.call_record"][3]
    edit("authorities.call_record_overdue", "ru", subject="Просрочено: № {{ number }}", body="{{ link }}")
    with translation.override("ru"):
        assert reminder("authorities.call_record", sample, "overdue") == ("Просрочено: № 12", sample["link"])
        subject, _body = reminder("authorities.call_record", sample, "alarm")
    assert "Просрочено" not in subject and "12" in subject


def test_the_subject_of_a_threaded_mail_must_keep_the_number():
    with pytest.raises(rendering.ValidationError) as refused:
        edit("ict.forward", "ru", subject="Запрос {{ subject }}")
    assert "{{ number }}" in str(refused.value)
    edit("ict.forward", "ru", subject="[{{ number }}] Запрос: {{ subject }}")
    assert template("ict.forward", "ru").subject == "[{{ number }}] Запрос: {{ subject }}"


def test_an_edited_ict_reminder_is_what_the_supervisors_read():
    from workflows.ict.notification_templates import written

    values = {"number": "ICT-2026-000042", "subject": "ЭЦП", "due": "08.12.2026 18:00"}
    edit("ict.resolution_overdue", "kk", body="{{ number }}: шешім мерзімі {{ due }} өтті.")
    with translation.override("kk"):
        assert written("ict.resolution_overdue", values)[1] == "ICT-2026-000042: шешім мерзімі 08.12.2026 18:00 өтті."
    with translation.override("ru"):
        assert "ICT-2026-000042" in written("ict.resolution_overdue", values)[1]


def test_an_interruption_notice_edited_in_kazakh_reaches_the_bodies_kazakh_first(
    supervisor, django_capture_on_commit_callbacks
):
    """Para 38, Saturday 12 December 2026 22:00-02:00 announced on Friday 11 December at 10:00."""
    from zoneinfo import ZoneInfo

    from tests.factories import StateBodyFactory
    from workflows.directory.models import StateBody
    from workflows.ict.models import IctService
    from workflows.interruptions.services import notices

    almaty = ZoneInfo("Asia/Almaty")
    start = datetime(2026, 12, 12, 22, 0, tzinfo=almaty)
    ici = StateBodyFactory(kind=StateBody.Kind.ICI_OPERATOR, code="ici", email="noc@nitec.kz")
    ministry = StateBodyFactory(kind=StateBody.Kind.CENTRAL_BODY, name_en="Ministry of Justice", email="mj@gov.kz")
    portal = IctService.objects.create(code="EGOV", name_kk="egov.kz порталы", name_ru="Портал egov.kz")
    portal.subscribers.set([ministry])
    edit(
        "interruptions.notice_notified",
        "kk",
        subject="Үзіліс: {{ services }}, {{ starts }}",
        body="{{ services }} {{ starts }} – {{ ends }} аралығында жұмыс істемейді. Байланыс: {{ contact }}",
    )
    notice = notices.enter_notice(
        operator=ici,
        services=[portal],
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        affected_kk="Анықтамалар",
        affected_ru="Справки",
        contact="+7 717 255 00 00",
    )
    with django_capture_on_commit_callbacks(execute=True):
        notices.notify(notice, user=supervisor, at=datetime(2026, 12, 11, 10, 0, tzinfo=almaty))
    [message] = [sent for sent in mail.outbox if sent.to == ["mj@gov.kz"]]
    kazakh, russian = message.body.split("\n\n----------\n\n")
    assert (
        kazakh
        == "egov.kz порталы 12.12.2026 22:00 – 13.12.2026 02:00 аралығында жұмыс істемейді. Байланыс: +7 717 255 00 00"
    )
    assert "Портал egov.kz" in russian and "(п. 38)" in russian
    assert message.subject.startswith("Үзіліс: egov.kz порталы, 12.12.2026 22:00 / ")


def test_templates_are_neither_added_nor_deleted_by_hand_not_even_by_an_administrator(client):
    client.force_login(UserFactory(username="admin2", is_superuser=True))
    row = template("appeals.register", "ru")
    assert client.get(reverse("wagtailsnippets_notifications_notificationtemplate:add")).status_code in (302, 403)
    delete = reverse("wagtailsnippets_notifications_notificationtemplate:delete", args=[row.pk])
    assert client.post(delete).status_code in (302, 403)
    assert NotificationTemplate.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("role, shown", [("Senior operator", True), ("Operator", False), ("KB editor", False)])
def test_the_settings_menu_leads_the_supervisors_to_the_templates(rf, role, shown):
    from wagtail.admin.menu import settings_menu

    request = rf.get("/admin/")
    request.user = UserFactory(username="menu-" + role.split()[0].lower(), roles=[role])
    labels = [str(item.label) for item in settings_menu.menu_items_for_request(request)]
    assert ("Notification templates" in labels) is shown


@pytest.mark.parametrize(
    ("language", "subject"),
    [("kk", "Сіздің {} өтінішіңізге жауап"), ("ru", "Ответ на ваше обращение {}")],
)
def test_the_applicants_mail_has_its_subject_in_the_applicants_language(
    operator, django_capture_on_commit_callbacks, language, subject
):
    """A defect found while making the mails editable: the subjects were never marked for translation, so a
    Kazakh or Russian applicant got an English subject."""
    appeal, message = answer(operator, django_capture_on_commit_callbacks, language=language)
    assert message.subject == subject.format(appeal.number)
