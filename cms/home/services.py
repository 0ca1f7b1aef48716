"""Building the demo site: a home page and a few pages in Kazakh, Russian and English."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from wagtail.blocks import StreamValue
from wagtail.models import Locale, Page, Site

from .models import HomePage, StandardPage

DEMO_PAGES = Path(settings.BASE_DIR) / "fixtures" / "demo" / "pages.json"


def ensure_locales():
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES}


def _differs(page, key, value):
    current = getattr(page, key)
    if isinstance(current, StreamValue):
        current = [{"type": block["type"], "value": block["value"]} for block in current.raw_data]
    elif hasattr(current, "all"):  # a ParentalManyToManyField: compare what it holds
        return {obj.pk for obj in current.all()} != {obj.pk for obj in value}
    return current != value


def publish_if_changed(page, values):
    """Set `values` and publish a new revision, only if something changed (so loaders are idempotent)."""
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


def stream(body):
    """A StreamField value from the demo files' `[[block type, value], ...]`."""
    return [{"type": kind, "value": value} for kind, value in body]


def ensure_translated_page(parent, model, slug, values_by_language, locales):
    """A page `slug` of type `model` under `parent` (a default-language page) in the default language, and
    its translation in every other locale, each published with its language's values when they changed.
    Returns (the default-language page, how many pages were published)."""
    default = settings.LANGUAGE_CODE
    original = model.objects.child_of(parent).filter(slug=slug).first()
    if original is None:
        original = parent.add_child(instance=model(slug=slug, live=False, **values_by_language[default]))
    published = 0
    for code, locale in locales.items():
        page = original if code == default else original.get_translation_or_none(locale)
        page = page or original.copy_for_translation(locale)
        published += publish_if_changed(page.specific, values_by_language[code])
    return original, published


@transaction.atomic
def load_demo_pages(path=None):
    """Create or refresh the demo pages; returns how many pages were (re)published. Idempotent."""
    with open(path or DEMO_PAGES, encoding="utf-8") as handle:
        data = json.load(handle)
    locales = ensure_locales()
    homes = _home_page(locales, data["home"])
    published = 0
    for code, home in homes.items():
        published += publish_if_changed(
            home, {"title": data["home"][code]["title"], "intro": data["home"][code]["intro"]}
        )
    for item in data["pages"]:
        values = {
            code: {"title": item[code]["title"], "summary": item[code]["summary"], "body": stream(item[code]["body"])}
            for code in locales
        }
        published += ensure_translated_page(homes[settings.LANGUAGE_CODE], StandardPage, item["slug"], values, locales)[
            1
        ]
    return published
