"""Building the demo catalogue: guidance pages for the demo registry's services, in kk, ru and en."""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from cms.home.models import HomePage, PlannedInterruptionsPage
from cms.home.services import ensure_locales, ensure_translated_page, publish_if_changed, stream
from workflows.registry.models import PublicService

from .models import ServiceCatalogueIndexPage, ServicePage

DEMO_SERVICES = Path(settings.BASE_DIR) / "fixtures" / "demo" / "services.json"
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
    values["service"] = PublicService.objects.get(register_number=item["register_number"])
    values["life_situation"] = item["life_situation"]
    values["information_checked_on"] = date.fromisoformat(item["information_checked_on"])
    return values


def _most_asked(homes, register_numbers):
    """The editors' picks on every home page (each translation keeps its own list in the admin)."""
    services = list(PublicService.objects.filter(register_number__in=register_numbers))
    services.sort(key=lambda service: register_numbers.index(service.register_number))
    return sum(publish_if_changed(home, {"most_asked_services": services}) for home in homes)


@transaction.atomic
def load_demo_service_pages(path=None):
    """Create or refresh the catalogue, its service pages and the planned-interruptions page in every
    language; returns how many pages were (re)published. Idempotent; needs the demo home pages and registry."""
    with open(path or DEMO_SERVICES, encoding="utf-8") as handle:
        data = json.load(handle)
    locales = ensure_locales()
    home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    catalogue_values = {code: data["catalogue"][code] for code in locales}
    catalogue, published = ensure_translated_page(
        home, ServiceCatalogueIndexPage, data["catalogue"]["slug"], catalogue_values, locales
    )
    interruptions = {code: data["interruptions"][code] for code in locales}
    published += ensure_translated_page(
        home, PlannedInterruptionsPage, data["interruptions"]["slug"], interruptions, locales
    )[1]
    for item in data["pages"]:
        values = {code: _service_page_values(item, item[code]) for code in locales}
        published += ensure_translated_page(catalogue, ServicePage, item["slug"], values, locales)[1]
    published += _most_asked(HomePage.objects.all(), data["most_asked"])
    return published
