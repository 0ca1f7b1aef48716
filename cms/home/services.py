"""Building the demo site: a home page and a few pages in Kazakh, Russian and English."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage, StandardPage

DEMO_PAGES = Path(settings.BASE_DIR) / "fixtures" / "demo" / "pages.json"


def ensure_locales():
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES}


def _differs(page, key, value):
    current = getattr(page, key)
    if key == "body":
        current = [{"type": block["type"], "value": block["value"]} for block in current.raw_data]
    return current != value


def _publish(page, values):
    changed = not page.live or any(_differs(page, key, value) for key, value in values.items())
    for key, value in values.items():
        setattr(page, key, value)
    if changed:
        page.save_revision().publish()
    return changed


def _home_page(locales, texts):
    """The Kazakh home page is the site root; the other languages are its translations."""
    default = locales[settings.LANGUAGE_CODE]
    home = HomePage.objects.filter(locale=default).first()
    if home is None:
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).not_type(HomePage).delete()  # Wagtail's "Welcome" placeholder
        home = root.add_child(
            instance=HomePage(title=texts[default.language_code]["title"], slug="home", locale=default)
        )
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "site_name": "1414"}
        )
    pages = {default.language_code: home}
    for code, locale in locales.items():
        if code != default.language_code:
            pages[code] = home.get_translation_or_none(locale) or home.copy_for_translation(locale)
    return pages


def _stream(body):
    return [{"type": kind, "value": value} for kind, value in body]


@transaction.atomic
def load_demo_pages(path=None):
    """Create or refresh the demo pages; returns how many pages were (re)published. Idempotent."""
    with open(path or DEMO_PAGES, encoding="utf-8") as handle:
        data = json.load(handle)
    locales = ensure_locales()
    homes = _home_page(locales, data["home"])
    published = 0
    for code, home in homes.items():
        published += _publish(home, {"title": data["home"][code]["title"], "intro": data["home"][code]["intro"]})
    for item in data["pages"]:
        default_home = homes[settings.LANGUAGE_CODE]
        original = StandardPage.objects.child_of(default_home).filter(slug=item["slug"]).first()
        if original is None:
            original = default_home.add_child(
                instance=StandardPage(title=item[settings.LANGUAGE_CODE]["title"], slug=item["slug"])
            )
        for code, locale in locales.items():
            page = (
                original
                if code == settings.LANGUAGE_CODE
                else (original.get_translation_or_none(locale) or original.copy_for_translation(locale))
            )
            page = page.specific
            texts = item[code]
            published += _publish(
                page, {"title": texts["title"], "summary": texts["summary"], "body": _stream(texts["body"])}
            )
    return published
