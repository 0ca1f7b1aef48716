"""Building the demo site in Kazakh, Russian and English: the home pages and a few plain pages, the service
catalogue with guidance pages for the demo registry's services, and the internal Knowledge Base.

All three hang under the home pages, so they are built here, in the app above the page apps they fill
(issue 15: cms.home > cms.services > cms.search > cms.knowledge); each loader is idempotent.
"""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from wagtail.blocks import StreamValue
from wagtail.models import Locale, Page, Site

from cms.knowledge.models import KnowledgeArticlePage, KnowledgeBaseIndexPage
from cms.services.models import ServiceCatalogueIndexPage, ServicePage
from workflows.registry.selectors import services_numbered

from .models import HomePage, PlannedInterruptionsPage, StandardPage

DEMO = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_PAGES = DEMO / "pages.json"
DEMO_SERVICES = DEMO / "services.json"
DEMO_KNOWLEDGE = DEMO / "knowledge.json"


def _read(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


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


def _below_home(model, texts, locales):
    """A section right below the home page (the catalogue, the Knowledge Base …) in every language, from its
    `texts` (a slug and the fields of each language); returns it as ensure_translated_page does."""
    home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    values = {code: texts[code] for code in locales}
    return ensure_translated_page(home, model, texts["slug"], values, locales)


@transaction.atomic
def load_demo_pages(path=None):
    """Create or refresh the demo pages; returns how many pages were (re)published. Idempotent."""
    data = _read(path or DEMO_PAGES)
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


PAGE_TEXT_FIELDS = (
    "title",
    "who_can_apply",
    "term",
    "cost",
    "result",
    "grounds_for_refusal",
    "apply_online",
    "online_term",
    "apply_in_person",
    "contacts",
)


def _service_page_values(item, texts):
    values = {key: texts[key] for key in PAGE_TEXT_FIELDS}
    values["required_documents"] = stream([("document", document) for document in texts["required_documents"]])
    (values["service"],) = services_numbered([item["register_number"]])
    values["life_situation"] = item["life_situation"]
    values["information_checked_on"] = date.fromisoformat(item["information_checked_on"])
    return values


def _most_asked(homes, register_numbers):
    """The editors' picks on every home page (each translation keeps its own list in the admin)."""
    services = services_numbered(register_numbers)
    return sum(publish_if_changed(home, {"most_asked_services": services}) for home in homes)


@transaction.atomic
def load_demo_service_pages(path=None):
    """Create or refresh the catalogue, its service pages and the planned-interruptions page in every
    language; returns how many pages were (re)published. Idempotent; needs the demo home pages and registry."""
    data = _read(path or DEMO_SERVICES)
    locales = ensure_locales()
    catalogue, published = _below_home(ServiceCatalogueIndexPage, data["catalogue"], locales)
    published += _below_home(PlannedInterruptionsPage, data["interruptions"], locales)[1]
    for item in data["pages"]:
        values = {code: _service_page_values(item, item[code]) for code in locales}
        published += ensure_translated_page(catalogue, ServicePage, item["slug"], values, locales)[1]
    published += _most_asked(HomePage.objects.all(), data["most_asked"])
    return published


def _article_values(item, texts):
    return {
        "title": texts["title"],
        "body": stream(texts["body"]),
        "services": services_numbered(item["services"]),
        "audience": item["audience"],
        "topic": item["topic"],
        "verified_on": date.fromisoformat(item["verified_on"]),
        "review_due": date.fromisoformat(item["review_due"]),
    }


@transaction.atomic
def load_demo_knowledge(path=None):
    """Create or refresh the Knowledge Base and its articles in every language; returns how many pages
    were (re)published. Idempotent; needs the demo home pages and registry."""
    data = _read(path or DEMO_KNOWLEDGE)
    locales = ensure_locales()
    index, published = _below_home(KnowledgeBaseIndexPage, data["index"], locales)
    for item in data["articles"]:
        values = {code: _article_values(item, item[code]) for code in locales}
        published += ensure_translated_page(index, KnowledgeArticlePage, item["slug"], values, locales)[1]
    return published
