"""The Wagtail admin speaks the editor's language: Kazakh from ucc_site/wagtail_kk/locale/kk (Wagtail ships
none), Russian from Wagtail's own catalogue, chosen by the editor's account preference
(UserProfile.preferred_language)."""

import json
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from wagtail.models import Page
from wagtail.users.models import UserProfile

from cms.home.demo import load_demo_pages
from cms.home.models import HomePage
from tests.factories import UserFactory

CATALOGUES = Path(settings.BASE_DIR) / "ucc_site" / "wagtail_kk" / "locale" / "kk" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}|</?[a-zA-Z][^>]*>")


def editor_in(language):
    user = UserFactory(username=f"admin-{language}", is_superuser=True, is_staff=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def sidebar_strings(html):
    """Wagtail 8 renders the sidebar from JSON props (Cyrillic \\u-escaped): decode them, collect every string."""
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    found = set()

    def walk(node):
        if isinstance(node, str):
            found.add(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.group(1)))
    return found


@pytest.fixture
def home():
    load_demo_pages()
    return HomePage.objects.get(locale__language_code="kk")


def test_the_kazakh_catalogue_wins_over_the_wagtail_apps():
    apps = settings.INSTALLED_APPS
    assert apps.index("ucc_site.wagtail_kk") < min(apps.index(app) for app in apps if app.startswith("wagtail"))


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_kazakh_string_keeps_the_placeholders_and_markup_of_its_msgid(domain):
    catalogue = polib.pofile(str(CATALOGUES / f"{domain}.po"))
    translated = catalogue.translated_entries()
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n!=1);"
    # the catalogue is whole (an app with no strings of its own, so makemessages never rewrites it)
    assert len(translated) >= {"django": 1700, "djangojs": 120}[domain]
    for entry in translated:
        if entry.msgid_plural:
            assert sorted(PLACEHOLDER.findall(entry.msgstr_plural[1])) == sorted(
                PLACEHOLDER.findall(entry.msgid_plural)
            ), entry.msgid
        else:
            assert sorted(PLACEHOLDER.findall(entry.msgstr)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid
    compiled = {(entry.msgid, entry.msgstr) for entry in polib.mofile(str(CATALOGUES / f"{domain}.mo"))}
    assert compiled >= {(entry.msgid, entry.msgstr) for entry in translated if not entry.msgid_plural}  # .mo is fresh


@pytest.mark.django_db
def test_a_kazakh_editor_gets_the_dashboard_sidebar_and_explorer_in_kazakh(client, home):
    client.force_login(editor_in("kk"))

    dashboard = client.get("/admin/").content.decode()
    sidebar = sidebar_strings(dashboard)
    assert {"Беттер", "Суреттер", "Құжаттар", "Есептер", "Баптаулар", "Анықтама", "Шығу"} <= sidebar
    assert {"Пайдаланушылар", "Топтар", "Сайттар", "Жұмыс процестері", "Қайта бағыттаулар"} <= sidebar
    assert "Pages" not in sidebar and "Страницы" not in sidebar
    assert "Басқару тақтасы" in dashboard

    explorer = client.get(f"/admin/pages/{home.pk}/").content.decode()
    assert "Ішкі бет қосу" in explorer and "Мәртебе" in explorer
    assert "Add child page" not in explorer


@pytest.mark.django_db
def test_a_kazakh_editor_gets_the_page_editor_buttons_in_kazakh(client, home):
    client.force_login(editor_in("kk"))

    edit = client.get(f"/admin/pages/{home.pk}/edit/").content.decode()
    assert "Жариялау" in edit and "Жобаны сақтау" in edit and "Алдын ала қарау" in edit
    assert "Save Draft" not in edit

    catalogue = client.get("/admin/jsi18n/").content.decode()
    assert json.dumps("Бүйірлік мәзірді ашу/жабу") in catalogue  # the sidebar's own JS strings
    assert json.dumps("Аударылмаған") in client.get("/admin/localize/jsi18n/").content.decode()


@pytest.mark.django_db
def test_a_russian_editor_gets_wagtails_russian_and_the_sidebar_follows(client, home):
    client.force_login(editor_in("ru"))

    sidebar = sidebar_strings(client.get("/admin/").content.decode())
    assert {"Страницы", "Изображения", "Документы"} <= sidebar
    assert "Беттер" not in sidebar

    edit = client.get(f"/admin/pages/{home.pk}/edit/").content.decode()
    assert "Опубликовать" in edit and "Сохранить черновик" in edit
    assert "Жариялау" not in edit


@pytest.mark.django_db
def test_the_moderation_email_reaches_a_kazakh_reviewer_in_kazakh(home, mailoutbox):
    reviewer = editor_in("kk")
    reviewer.email = "reviewer@example.kz"
    reviewer.save()
    editor = UserFactory(username="writer", is_superuser=True)
    page = Page.objects.get(pk=home.pk).specific
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)

    subjects = [mail.subject for mail in mailoutbox if reviewer.email in mail.to]
    assert subjects and "модерация кезеңінде бекітуге жіберілді" in subjects[0]
