"""The public site in three languages, and its headless API."""

import pytest
from django.core.management import call_command

from cms.home.demo import load_demo_pages
from cms.home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site():
    load_demo_pages()


def test_the_bare_address_sends_citizens_to_kazakh(client, demo_site):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="")
    assert response.status_code == 302 and response["Location"] == "/kk/"


@pytest.mark.parametrize(
    "language,title",
    [
        ("kk", "Бірыңғай байланыс орталығы 1414"),
        ("ru", "Единый контакт-центр 1414"),
        ("en", "Unified Contact Center 1414"),
    ],
)
def test_home_page_in_each_language(client, demo_site, language, title):
    page = client.get(f"/{language}/").content.decode()
    assert f'<html lang="{language}">' in page
    assert f"<h1>{title}</h1>" in page
    assert 'href="tel:1414"' in page and "support@goscorp.kz" in page


def test_language_switcher_lands_on_the_same_page(client, demo_site):
    page = client.get("/ru/about/").content.decode()
    assert 'href="/kk/about/" lang="kk"' in page
    assert 'href="/en/about/" lang="en"' in page
    assert 'href="/ru/about/" lang="ru" hreflang="ru" aria-current="true"' in page


def test_an_untranslated_page_is_shown_in_its_own_language_with_a_notice(client, demo_site):
    home = HomePage.objects.get(locale__language_code="kk")
    home.add_child(instance=StandardPage(title="Тек қазақша", slug="only-kk"))

    kazakh = client.get("/kk/only-kk/").content.decode()
    assert 'href="/en/only-kk/" lang="en"' in kazakh  # the switcher keeps the citizen on this page
    assert "not translated" not in kazakh

    response = client.get("/en/only-kk/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "This page is not translated into your language yet" in page
    assert '<main id="main" class="wrap" lang="kk">' in page and "<h1>Тек қазақша</h1>" in page
    assert 'rel="canonical" href="http://localhost/kk/only-kk/"' in page


def test_unknown_address_gives_a_trilingual_404(client, demo_site):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Бет табылмады" in text and "Страница не найдена" in text and "The page was not found" in text


def test_headless_api_serves_pages_per_language(client, demo_site):
    data = client.get("/api/v2/pages/", {"locale": "ru", "type": "home.StandardPage", "fields": "summary"}).json()
    titles = {item["title"] for item in data["items"]}
    assert titles == {"О контакт-центре", "Подача заявления через портал www.gov.kz"}


def test_demo_data_loads_twice_without_change(demo_site, capsys):
    assert load_demo_pages() == 0
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "Pages: 0 published" in out
    assert StandardPage.objects.count() == 6


def test_page_furniture_is_translated(client, demo_site):
    assert "Негізгі мазмұнға өту" in client.get("/kk/").content.decode()
    assert "Перейти к основному содержанию" in client.get("/ru/").content.decode()
    assert "Skip to main content" in client.get("/en/").content.decode()


def test_compiled_messages_match_their_sources():
    from pathlib import Path

    import polib
    from django.conf import settings

    for po_path in Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"):
        source = {entry.msgid: entry.msgstr for entry in polib.pofile(str(po_path))}
        compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(po_path.with_suffix(".mo")))}
        assert compiled == source, f"run `make messages`: {po_path} changed"
