"""What a page contributes to the index: its title, its linked services' names and register numbers, and the
text of the fields its model declares searchable (Wagtail's `search_fields`)."""

from html import unescape

from django.utils.html import strip_tags
from wagtail.search import index

from cms.knowledge.models import InternalPageMixin


def linked_services(page):
    """The registry services a page is about: a service page's `service`, an article's `services`."""
    services = []
    service = getattr(page, "service", None)
    if service is not None and hasattr(service, "register_number"):
        services.append(service)
    related = getattr(page, "services", None)
    if related is not None and hasattr(related, "all"):
        services.extend(related.all())
    return services


def service_name(service, language):
    """A service's name as a page in `language` shows it (Russian, then Kazakh, when it has none)."""
    return getattr(service, f"name_{language}", "") or service.name_ru or service.name_kk


def service_fields(services, language):
    """The register numbers and names of `services` as the index holds them."""
    return {
        "register_numbers": (" " + " ".join(s.register_number for s in services) + " ") if services else "",
        "service_names": "\n".join(service_name(s, language) for s in services),
    }


def searchable_text(page):
    """The plain text of the page's searchable fields other than the title (rich text and blocks included)."""
    parts = []
    for search_field in page.search_fields:
        if not isinstance(search_field, index.SearchField) or search_field.field_name == "title":
            continue
        value = search_field.get_value(page)
        if value in (None, ""):
            continue
        if isinstance(value, list | tuple):  # Wagtail gives a StreamField's searchable content as a list
            parts.extend(str(item) for item in value)
        else:
            parts.append(str(value))
    return " ".join(unescape(strip_tags(part)) for part in parts).strip()


def is_public(page):
    """Public: not a Knowledge Base page, and no view restriction on the page or above it."""
    return not isinstance(page, InternalPageMixin) and not page.get_view_restrictions().exists()


def page_document(page):
    """The fields of the SearchDocument for a live, specific page."""
    language = page.locale.language_code
    services = linked_services(page)
    return {
        "language": language,
        "kind": page._meta.label_lower,
        "is_public": is_public(page),
        "title": page.title[:255],
        "url": page.get_url() or "",
        **service_fields(services, language),
        "topic": getattr(page, "topic", "") or "",
        "audience": getattr(page, "audience", "") or "",
        "body_text": searchable_text(page),
        "services": services,
    }
