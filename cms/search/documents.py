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
    names = [getattr(s, f"name_{language}", "") or s.name_ru or s.name_kk for s in services]
    return {
        "language": language,
        "kind": page._meta.label_lower,
        "is_public": is_public(page),
        "title": page.title[:255],
        "url": page.get_url() or "",
        "register_numbers": (" " + " ".join(s.register_number for s in services) + " ") if services else "",
        "service_names": "\n".join(names),
        "topic": getattr(page, "topic", "") or "",
        "audience": getattr(page, "audience", "") or "",
        "body_text": searchable_text(page),
        "services": services,
    }
