"""Issue 19, item 4: answer templates (the peers' macros). Supervisors keep them in kk/ru/en with placeholders,
and a template with an unknown placeholder, or a `{{ x.__class__ }}`-style probe, is refused when saved. The
operator inserts one into the answer with its placeholders filled, the appeal's own service first."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.factories import AppealFactory, UserFactory
from workflows.appeals import selectors, services
from workflows.appeals.models import AnswerTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def operator():
    return UserFactory(username="op-templates", roles=["Operator"])


@pytest.fixture
def supervisor():
    return UserFactory(username="sup-templates", roles=["Senior operator"])


def template(**fields):
    values = {"title": "Справка", "language": "ru", "text": "Уважаемый(ая) {applicant_name}, ответ по {number}."}
    values.update(fields)
    made = AnswerTemplate(**values)
    made.full_clean()
    made.save()
    return made


@pytest.mark.parametrize("text", ["{name}", "{{ x.__class__ }}", "{number.__class__}", "Ответ {", "} ответ"])
def test_an_unknown_placeholder_or_a_probe_is_refused(text):
    with pytest.raises(ValidationError) as refused:
        template(text=text)
    assert "Unknown placeholders" in str(refused.value)
    assert not AnswerTemplate.objects.exists()


def test_the_placeholders_are_filled_for_the_appeal(operator):
    appeal = services.take(appeal=AppealFactory(applicant_name="Сейткали Айгерим", language="ru"), user=operator)
    template(text="{applicant_name}: обращение {number}, ответ до {deadline}; {service}{body}")
    (filled,) = selectors.answer_templates_for(appeal, applicant_name="Сейткали Айгерим")
    assert filled["text"].startswith(f"Сейткали Айгерим: обращение {appeal.number}, ответ до ")
    assert filled["text"].endswith("; ——")  # no service, no body: a dash each, never a placeholder left


def test_the_appeals_language_only(operator):
    appeal = AppealFactory(language="kk")
    template(title="Орысша")
    template(title="Қазақша", language="kk", text="Құрметті {applicant_name}!")
    assert [found["title"] for found in selectors.answer_templates_for(appeal, applicant_name="А.")] == ["Қазақша"]


def test_the_answer_form_offers_the_templates(client, operator):
    appeal = services.take(appeal=AppealFactory(language="ru"), user=operator)
    template(title="Справка о несудимости")
    client.force_login(operator)
    page = client.get(reverse("appeals_work", args=[appeal.pk]), {"step": "give_answer"}).content.decode()
    assert 'id="template-pick"' in page and "Справка о несудимости" in page
    assert appeal.number in page.split('id="answer-templates"')[1]  # filled on the server


def test_a_supervisor_keeps_them_and_the_admin_refuses_a_probe(client, supervisor):
    client.force_login(supervisor)
    url = reverse("answer_templates:add")
    data = {
        "title": "Проба",
        "language": "ru",
        "topic": "",
        "service": "",
        "text": "{{ x.__class__ }}",
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and not AnswerTemplate.objects.exists()
    response = client.post(url, {**data, "text": "Ответ по {number}."})
    assert response.status_code == 302 and AnswerTemplate.objects.get().text == "Ответ по {number}."


def test_an_operator_cannot_edit_them(client, operator):
    client.force_login(operator)
    assert client.get(reverse("answer_templates:add")).status_code in (302, 403)


def test_the_desks_shortcuts_are_listed_and_carried_by_the_buttons(client, operator):
    """Issue 19, item 10: take, answer, insert a template, search the Knowledge Base, close — by keyboard."""
    appeal = AppealFactory(language="ru")
    client.force_login(operator)
    page = client.get(reverse("appeals_work", args=[appeal.pk])).content.decode()
    assert 'id="keyboard-help"' in page and 'accesskey="g"' in page and 'accesskey="k"' in page
    services.take(appeal=appeal, user=operator)
    template(title="Справка")
    page = client.get(reverse("appeals_work", args=[appeal.pk]), {"step": "give_answer"}).content.decode()
    assert 'accesskey="a"' in page and 'accesskey="t"' in page
