"""The operator's screens: the lists (my queue, open, overdue, by channel/region/state/service), the search,
one appeal with its allowed steps and the Knowledge Base beside it, a new appeal from a call, "take next",
and what a second operator sees when they lose a race. Everything an applicant wrote stays inert."""

import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile

from tests.factories import AppealFactory, CallFactory, RegionFactory, UserFactory
from workflows.appeals import services
from workflows.appeals.models import Appeal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(settings):
    """The messages are checked in English; kk/ru are the translators' (the admin defaults to kk)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


INDEX = "appeals:index"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def local(*args):
    return timezone.make_aware(datetime(*args))


def work_url(appeal):
    return reverse("appeals_work", args=[appeal.pk])


def step(client, appeal, name, **data):
    fields = {f"{name}-state": data.pop("state", appeal.state), **{f"{name}-{k}": v for k, v in data.items()}}
    return client.post(reverse("appeals_step", args=[appeal.pk, name]), fields, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# --- the lists ------------------------------------------------------------------------------------


def test_my_queue_lists_my_appeals_and_my_groups_queue(client, operator, other_operator):
    mine = services.take(appeal=AppealFactory(), user=operator)
    waiting = AppealFactory()
    theirs = services.take(appeal=AppealFactory(), user=other_operator)
    client.force_login(operator)
    content = client.get(reverse(INDEX), {"view": "mine"}).content.decode()
    assert mine.number in content and waiting.number in content and theirs.number not in content


def test_the_operator_is_named_by_name_in_the_list_on_the_screen_and_in_the_timeline(client, operator):
    """Issue 14 journey: the list, the appeal and its timeline said "aigul", a login, not a person."""
    operator.first_name, operator.last_name = "Айгүл", "Серікова"
    operator.save()
    appeal = services.take(appeal=AppealFactory(), user=operator)
    client.force_login(operator)
    listing = client.get(reverse(INDEX)).content.decode()
    screen = client.get(work_url(appeal)).content.decode()
    assert "Айгүл Серікова" in listing
    timeline = screen.split("<tbody>")[-1]
    assert screen.count("Айгүл Серікова") >= 3 and ">aigul<" not in timeline and "(aigul)" not in screen


def test_an_answered_appeal_says_when_it_was_answered_and_whether_in_time(client, operator):
    """Issue 14 journey: the answered appeal still showed only its deadline, not whether it was kept."""
    late = services.take(appeal=AppealFactory(received_at=local(2026, 3, 20, 10, 0)), user=operator)
    late = services.give_answer(appeal=late, user=operator, answer="Ответ", measures_taken="")
    client.force_login(operator)
    content = client.get(work_url(late)).content.decode()
    answered = content.split('class="appeal-answered"')[1].split("</p>")[0]
    assert "Answered late" in answered and timezone.localtime(late.answered_at).strftime("%d.%m.%Y") in answered


def test_overdue_list_and_the_deadline_column(client, operator):
    late = AppealFactory(received_at=local(2026, 3, 20, 10, 0))
    call = AppealFactory(channel=Appeal.Channel.PHONE_1414)
    client.force_login(operator)
    content = client.get(reverse(INDEX), {"view": "overdue"}).content.decode()
    assert late.number in content and call.number not in content
    assert "27.03.2026 23:59" in content


@pytest.mark.parametrize("field", ["channel", "state", "region"])
def test_filters_by_channel_state_and_region(client, operator, field):
    astana = RegionFactory(name_ru="г. Астана")
    match = AppealFactory(channel=Appeal.Channel.PHONE_8800, region=astana)
    other = services.take(appeal=AppealFactory(channel=Appeal.Channel.EMAIL), user=operator)
    value = {"channel": "phone_8800", "state": "registered", "region": astana.pk}[field]
    client.force_login(operator)
    content = client.get(reverse(INDEX), {field: value}).content.decode()
    assert match.number in content and other.number not in content


@pytest.mark.parametrize("query", ["UCC-2026-000002", "+7 777 000 11 22", "Ахметов", "пенсии"])
def test_the_listing_search_by_number_phone_applicant_and_text(client, operator, query):
    AppealFactory(received_at=local(2026, 3, 2, 10, 0))
    wanted = AppealFactory(
        received_at=local(2026, 3, 2, 11, 0),
        applicant_name="Ахметов Болат",
        applicant_phone="+7 777 000 11 22",
        content="Вопрос о пенсии",
    )
    client.force_login(operator)
    content = client.get(reverse(INDEX), {"q": query}).content.decode()
    assert set(re.findall(r"UCC-2026-\d{6}", content)) == {wanted.number}


def test_roles_without_appeals_do_not_see_them(client):
    client.force_login(UserFactory(roles=["KB editor"]))
    assert client.get(reverse(INDEX)).status_code in (302, 403)
    assert client.get(work_url(AppealFactory())).status_code in (302, 403)


def test_the_listing_offers_no_add_edit_or_delete_of_rows(client, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("appeals:add")).status_code in (302, 403)
    assert client.get(reverse("appeals:edit", args=[AppealFactory().pk])).status_code in (302, 403)


# --- one appeal -----------------------------------------------------------------------------------


def test_the_appeal_screen_shows_the_deadline_and_only_the_allowed_steps(client, operator):
    appeal = AppealFactory(received_at=local(2026, 3, 20, 10, 0))
    client.force_login(operator)
    content = client.get(work_url(appeal)).content.decode()
    assert "27.03.2026 23:59" in content
    assert reverse("appeals_step", args=[appeal.pk, "take"]) in content
    for name in ("give_answer", "close", "assign", "refer"):
        assert reverse("appeals_step", args=[appeal.pk, name]) not in content


def test_the_authority_viewer_sees_the_appeal_without_steps(client):
    appeal = AppealFactory()
    client.force_login(UserFactory(roles=["Authority viewer"]))
    content = client.get(work_url(appeal)).content.decode()
    assert appeal.number in content and "/step/" not in content


def test_the_allowed_steps_are_buttons_the_primary_first(client, operator):
    """Issue 14, defect 7: the steps were <details> without a marker, and the screen looked inert."""
    appeal = AppealFactory()
    client.force_login(operator)
    content = client.get(work_url(appeal)).content.decode()
    assert "<details" not in content
    take = reverse("appeals_step", args=[appeal.pk, "take"])
    primary = rf'<form method="post" action="{take}"[^>]*>.*?<button type="submit" class="button"[ >]'  # then its key
    assert re.search(primary, content, re.S)

    services.take(appeal=appeal, user=operator)
    content = client.get(work_url(appeal)).content.decode()
    buttons = re.findall(r'<a class="(button[^"]*)" href="\?step=(\w+)', content)
    assert buttons[0] == ("button", "give_answer")  # the step that moves the appeal on, primary
    assert {name for _css, name in buttons[1:]} >= {"redirect", "refer", "forward"}
    assert all(css == "button button-secondary" for css, _name in buttons[1:])
    answer = reverse("appeals_step", args=[appeal.pk, "give_answer"])
    assert f'action="{answer}" id="step-form"' in content  # its form is open: the operator types the answer

    content = client.get(work_url(appeal), {"step": "refer"}).content.decode()
    assert f'action="{reverse("appeals_step", args=[appeal.pk, "refer"])}" id="step-form"' in content
    assert f'action="{answer}" id="step-form"' not in content


def test_the_timeline_and_the_queue_read_in_the_admin_language(client, operator):
    """Issue 14, defect 8: "register → registered", "take → in_progress" and the queue "Operator" were raw."""
    appeal = AppealFactory()
    services.take(appeal=appeal, user=operator)
    UserProfile.get_for_user(operator).__class__.objects.filter(user=operator).update(preferred_language="kk")
    client.force_login(operator)
    with translation.override("kk"):
        content = client.get(work_url(appeal)).content.decode()
    assert "Тіркелді → тіркелді" in content and "Жұмысқа алу → жұмыста" in content
    for raw in ("register →", "take →", "→ in_progress", "(Operator)", "queue: Operator"):
        assert raw not in content


def test_the_authority_viewer_is_offered_nothing_it_cannot_do(client):
    """Issue 14, defect 12: "Back to my queue" and the KB linking were shown to a read-only role."""
    appeal = AppealFactory()
    client.force_login(UserFactory(roles=["Authority viewer"]))
    content = client.get(work_url(appeal)).content.decode()
    assert "Back to my queue" not in content and "view=mine" not in content
    assert "Used for the answer" not in content and "What you can do" not in content
    assert "Back to the appeals" in content


def test_an_operator_takes_and_answers_from_the_screen(client, operator):
    appeal = AppealFactory()
    client.force_login(operator)
    response = step(client, appeal, "take")
    assert "done" in messages_of(response)[0]
    appeal.refresh_from_db()
    response = step(client, appeal, "give_answer", answer="Справку выдаёт ЦОН.", measures_taken="Дана консультация")
    appeal.refresh_from_db()
    assert (appeal.state, appeal.answer, appeal.operator) == ("answered", "Справку выдаёт ЦОН.", operator)


def test_the_second_operator_gets_a_clear_message_and_nothing_changes(client, operator, other_operator):
    appeal = AppealFactory()
    services.take(appeal=appeal, user=operator)  # the first operator was faster
    client.force_login(other_operator)
    response = step(client, appeal, "take", state="registered")  # the second's screen still says "registered"
    (message,) = messages_of(response)
    assert "changed by another operator meanwhile" in message and "Nothing was changed" in message
    appeal.refresh_from_db()
    assert appeal.operator == operator and appeal.events.filter(action="take").count() == 1


def test_a_step_not_allowed_to_the_user_is_refused_with_a_message(client, operator, other_operator):
    appeal = services.take(appeal=AppealFactory(), user=operator)
    client.force_login(other_operator)
    response = step(client, appeal, "give_answer", answer="Чужой ответ")
    assert "not allowed" in messages_of(response)[0]
    assert Appeal.objects.get(pk=appeal.pk).state == "in_progress"


def test_steps_are_post_only(client, operator):
    client.force_login(operator)
    assert client.get(reverse("appeals_step", args=[AppealFactory().pk, "take"])).status_code == 405


def test_a_supervisor_assigns_from_the_screen(client, supervisor, operator):
    appeal = AppealFactory()
    client.force_login(supervisor)
    step(client, appeal, "assign", operator=operator.pk, reason="Очередь")
    appeal.refresh_from_db()
    assert (appeal.state, appeal.operator) == ("in_progress", operator)


def test_take_next_from_the_listing(client, operator):
    appeal = AppealFactory()
    client.force_login(operator)
    response = client.post(reverse("appeals_take_next"))
    assert response.status_code == 302 and response.url == work_url(appeal)
    response = client.post(reverse("appeals_take_next"), follow=True)
    assert "empty" in messages_of(response)[-1]


# --- a new appeal from a call ----------------------------------------------------------------------


def test_the_call_form_is_prefilled_by_the_phone_system(client, operator):
    client.force_login(operator)
    content = client.get(
        reverse("appeals_new_from_call"), {"phone": "+77011234567", "line": "8 800 080 7777"}
    ).content.decode()
    assert 'value="+77011234567"' in content
    assert re.search(r'<option value="phone_8800" selected>', content)


def test_one_click_registers_the_call_in_the_operators_hands(client, operator):
    client.force_login(operator)
    response = client.post(
        reverse("appeals_new_from_call"),
        {
            "channel": "phone_1414",
            "applicant_phone": "+77011234567",
            "applicant_kind": "individual",
            "topic": "e_government",
            "content": "Не приходит SMS на egov.kz",
        },
    )
    appeal = Appeal.objects.get()
    assert response.url == work_url(appeal)
    assert (appeal.state, appeal.operator, appeal.due_at) == ("in_progress", operator, None)


CALL_FORM = {
    "channel": "phone_1414",
    "applicant_phone": "+77011234567",
    "applicant_kind": "individual",
    "topic": "e_government",
    "content": "Не приходит SMS на egov.kz",
}


def test_the_call_form_carries_the_phone_systems_call_id(client, operator):
    client.force_login(operator)
    content = client.get(reverse("appeals_new_from_call"), {"phone": "+77011234567", "call": "pbx-0042"}).content
    assert re.search(r'<input type="hidden" name="call_id" value="pbx-0042"[^>]*>', content.decode())


def test_the_appeal_registered_from_a_call_is_the_calls_appeal(client, operator):
    call = CallFactory(call_id="pbx-0042", operator=operator)
    client.force_login(operator)
    response = client.post(reverse("appeals_new_from_call"), {**CALL_FORM, "call_id": "pbx-0042"}, follow=True)
    appeal = Appeal.objects.get()
    call.refresh_from_db()
    assert call.appeal == appeal
    assert [text.strip() for text in messages_of(response)] == [f"Appeal {appeal.number} registered."]


def test_a_call_the_phone_system_never_reported_does_not_keep_the_appeal_from_being_registered(client, operator):
    linked_elsewhere = CallFactory(call_id="pbx-0007", appeal=AppealFactory(channel="phone_1414"))
    client.force_login(operator)
    for call_id in ("pbx-unknown", "pbx-0007"):
        response = client.post(reverse("appeals_new_from_call"), {**CALL_FORM, "call_id": call_id}, follow=True)
        assert f"Call {call_id} was not linked" in messages_of(response)[-1]
    assert Appeal.objects.filter(operator=operator).count() == 2
    linked_elsewhere.refresh_from_db()
    assert linked_elsewhere.appeal.operator != operator


# --- the Knowledge Base beside the appeal (para 9) ------------------------------------------------


@pytest.fixture
def article():
    from cms.knowledge.models import KnowledgeArticlePage, KnowledgeBaseIndexPage

    root = Page.get_first_root_node()
    locale = Locale.objects.get_or_create(language_code="ru")[0]
    home = root.add_child(instance=Page(title="Главная", slug="home-ru-appeals", locale=locale))
    kb = home.add_child(instance=KnowledgeBaseIndexPage(title="База знаний", slug="kb", locale=locale))
    page = KnowledgeArticlePage(title="Справка о несудимости", slug="nesudimost", locale=locale)
    kb.add_child(instance=page)
    return page


def test_the_kb_search_beside_the_appeal_and_linking_the_article_used(client, operator, article):
    appeal = services.take(appeal=AppealFactory(), user=operator)
    client.force_login(operator)
    content = client.get(work_url(appeal), {"kb": "несудимости"}).content.decode()
    assert "Справка о несудимости" in content
    client.post(reverse("appeals_link_article", args=[appeal.pk, article.pk]))
    assert list(appeal.articles_used.all()) == [article.specific]
    assert appeal.events.last().action == "link_article"


@pytest.mark.parametrize("language", ["kk", "ru", "en", ""])
def test_the_kb_search_beside_an_appeal_in_any_language_answers(client, operator, article, language):
    """Issue 14, defect 1: a web-form appeal carries its language, and the search beside it answered 500."""
    Locale.objects.get_or_create(language_code="kk")
    appeal = services.take(appeal=AppealFactory(channel=Appeal.Channel.WEB, language=language), user=operator)
    client.force_login(operator)
    response = client.get(work_url(appeal), {"kb": "несудимости"})
    assert response.status_code == 200
    found = "Справка о несудимости" in response.content.decode()
    assert found == (language in ("ru", ""))  # in the appeal's language; every language when it has none


def test_a_kb_title_beside_the_appeal_opens_the_article_for_reading(client, operator, article):
    """Issue 14, defect 2: the title led to the page editor, which an operator may not open."""
    appeal = services.take(appeal=AppealFactory(), user=operator)
    client.force_login(operator)
    content = client.get(work_url(appeal), {"kb": "несудимости"}).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[article.pk]) not in content
    assert f'href="{article.url}"' in content


def test_the_authority_viewer_cannot_link_articles(client, article):
    appeal = AppealFactory()
    client.force_login(UserFactory(roles=["Authority viewer"]))
    response = client.post(reverse("appeals_link_article", args=[appeal.pk, article.pk]), follow=True)
    assert "not allowed" in messages_of(response)[0]
    assert not appeal.articles_used.exists()


# --- XSS: what the applicant wrote is inert --------------------------------------------------------


def test_every_field_an_applicant_fills_is_inert_in_the_admin(client, operator):
    appeal = AppealFactory(applicant_name=XSS, content=XSS, applicant_phone="+7 701 000 00 00")
    services.take(appeal=appeal, user=operator)
    client.force_login(operator)
    for response in (
        client.get(work_url(appeal)),
        client.get(reverse(INDEX)),
        client.get(reverse(INDEX), {"q": "alert"}),
    ):
        content = response.content.decode()
        assert "<script>alert" not in content and "<img src=x" not in content
    assert "&lt;script&gt;alert" in client.get(work_url(appeal)).content.decode()
