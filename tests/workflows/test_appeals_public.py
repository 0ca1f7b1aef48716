"""The public appeal form at /<lang>/appeal/ (paras 7, 8): no account, in Kazakh, Russian and English; the
registration number and its deadline on screen and by e-mail; a honeypot, a minimum fill time and a limit
per IP address; what the citizen wrote is inert in the mail."""

import time

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from tests.factories import RegionFactory
from workflows.appeals.forms import TIMESTAMP_SALT
from workflows.appeals.models import Appeal

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def url(language):
    with translation.override(language):
        return reverse("appeal_form")


def started(seconds_ago=30):
    return signing.dumps(time.time() - seconds_ago, salt=TIMESTAMP_SALT)


def filled(**overrides):
    return {
        "applicant_name": "Сейткали Айгерим Нурлановна",
        "applicant_email": "aigerim@mail.kz",
        "applicant_phone": "+7 701 123 45 67",
        "applicant_kind": "individual",
        "topic": "public_service",
        "content": "Как получить справку о несудимости через egov.kz?",
        "website": "",
        "started": started(),
        **overrides,
    }


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_form_is_served_in_each_language(client, language):
    response = client.get(url(language))
    assert response.status_code == 200
    assert url(language) == f"/{language}/appeal/"
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert 'name="website"' in content and 'name="started"' in content
    for other in ("kk", "ru", "en"):
        assert f'href="/{other}/appeal/"' in content


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_citizen_gets_the_number_and_deadline_on_screen_and_by_email(
    client, language, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(language), filled(region=RegionFactory().pk), follow=True)
    appeal = Appeal.objects.get()
    content = response.content.decode()
    assert response.redirect_chain == [(f"/{language}/appeal/registered/", 302)]
    assert appeal.number in content
    assert timezone_date(appeal) in content
    assert (appeal.channel, appeal.language, appeal.state) == ("web", language, "registered")
    (message,) = mail.outbox
    assert message.to == ["aigerim@mail.kz"] and appeal.number in message.subject
    assert timezone_date(appeal) in message.body


def test_reloading_the_receipt_shows_it_again_and_registers_nothing_twice(client):
    """Issue 14 journey: the receipt was the POST's own answer, so a reload sent the appeal a second time."""
    client.post(url("kk"), filled())
    first = client.get("/kk/appeal/registered/")
    again = client.get("/ru/appeal/registered/")  # the language switch of the receipt keeps the receipt
    appeal = Appeal.objects.get()
    assert appeal.number in first.content.decode() and appeal.number in again.content.decode()
    assert 'href="/en/appeal/registered/"' in again.content.decode()
    assert "no-cache" in first["Cache-Control"] or "max-age=0" in first["Cache-Control"]


def test_a_receipt_is_only_for_the_browser_that_sent_the_appeal(client):
    client.post(url("kk"), filled())
    client.logout()  # a new session: another person's browser
    response = client.get("/kk/appeal/registered/")
    assert response.status_code == 302 and response["Location"] == "/kk/appeal/"


def timezone_date(appeal):
    from django.utils import timezone

    return timezone.localtime(appeal.due_at).strftime("%d.%m.%Y")


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_missing_fields_are_named_in_the_citizens_language(client, language):
    with translation.override(language):
        required = translation.gettext("This field is required.")
    assert (required == "This field is required.") == (language == "en")
    response = client.post(url(language), filled(applicant_name="", content=""))
    assert response.status_code == 200
    content = response.content.decode()
    summary = content.split('class="error-summary"')[1].split("</div>")[0]
    assert summary.count(required) == 2  # named once at the top, linked to its field …
    assert 'href="#id_applicant_name"' in summary and 'href="#id_content"' in summary
    assert content.count(f'<p class="field-error" id="id_applicant_name-error">{required}</p>') == 1  # … and there
    assert not Appeal.objects.exists()


def test_the_form_has_labels_above_the_fields_and_a_real_button(client):
    content = client.get(url("en")).content.decode()
    label = content.index('<label for="id_applicant_name">')
    assert label < content.index('<input type="text" name="applicant_name"')
    assert '<button type="submit" class="button">Send the appeal</button>' in content
    assert 'name="viewport"' in content


def test_an_appeal_sent_from_a_service_page_is_about_that_service(client):
    from workflows.registry.models import PublicService

    service = PublicService.objects.create(register_number="00202002", name_kk="Зейнетақы", name_ru="Пенсия")
    response = client.post(url("ru"), filled(service="00202002"))
    assert response.status_code == 302
    assert Appeal.objects.get().service == service


def test_the_search_page_offers_the_form_when_nothing_is_found(client):
    page = client.get("/kk/search/", {"q": "жоқсөзбарма"}).content.decode()
    assert 'href="/kk/appeal/"' in page


def test_a_wrong_email_and_phone_are_explained(client):
    response = client.post(url("en"), filled(applicant_email="aigerim@", applicant_phone="call me"))
    content = response.content.decode()
    assert "Enter a valid email address." in content
    assert "Enter a phone number with digits only" in content
    assert not Appeal.objects.exists()


def test_the_honeypot_refuses_a_bot(client):
    response = client.post(url("en"), filled(website="http://spam.example"))
    assert "could not be accepted" in response.content.decode()
    assert not Appeal.objects.exists()


def test_a_form_sent_faster_than_a_person_can_fill_it_is_refused(client):
    response = client.post(url("en"), filled(started=started(seconds_ago=0)))
    assert "too quickly" in response.content.decode()
    assert not Appeal.objects.exists()


def test_a_forged_start_time_is_refused(client):
    response = client.post(url("en"), filled(started="12345"))
    assert "expired" in response.content.decode()
    assert not Appeal.objects.exists()


def test_each_ip_address_may_send_only_a_few_forms(client, settings):
    settings.UCC_APPEAL_RATE_LIMIT = 2
    for n in range(2):
        assert client.post(url("ru"), filled(content=f"Вопрос номер {n} о пособии")).status_code == 302
    response = client.post(url("ru"), filled(content="Третий вопрос о пособии"))
    assert response.status_code == 429
    assert Appeal.objects.count() == 2
    other = client.post(url("ru"), filled(content="Вопрос с другого адреса"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302 and Appeal.objects.count() == 3


def test_a_form_sent_back_with_errors_does_not_count_against_the_address(client, settings):
    """Issue 14 journey: every refused form counted, so two corrected mistakes locked a citizen out."""
    settings.UCC_APPEAL_RATE_LIMIT = 2
    for _attempt in range(5):
        assert client.post(url("kk"), filled(content="")).status_code == 200  # the form again, with its error
    assert client.post(url("kk"), filled()).status_code == 302
    assert Appeal.objects.count() == 1


def test_what_the_citizen_wrote_is_inert_in_the_mail_and_on_screen(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("en"), filled(applicant_name=XSS, content=f"{XSS} как получить справку"), follow=True
        )
    assert "<script>" not in response.content.decode()
    (message,) = mail.outbox
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert message.content_subtype == "plain"  # the plain part is text: nothing in it runs
    assert "\n" not in message.subject
