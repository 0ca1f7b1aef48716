"""What the public may see: one definition used by the site's listings, the headless API and search."""

from django.conf import settings
from wagtail.models import Page


def internal_page_models():
    """Page types that are never public, whoever asks (the Knowledge Base: paras 3.4 and 9)."""
    from cms.knowledge.models import KnowledgeArticlePage, KnowledgeBaseIndexPage

    return (KnowledgeBaseIndexPage, KnowledgeArticlePage)


def public_pages(queryset=None):
    """Live pages with no view restriction on them or an ancestor, and no internal page type.

    Wagtail's own API lets a signed-in user through a "login" restriction; the public API must not
    (a citizen's account is signed in too), so any restriction excludes a page here.
    """
    queryset = Page.objects.all() if queryset is None else queryset
    return queryset.live().public().not_type(*internal_page_models())


MOST_ASKED_LIMIT = 6


def _picked_services(home):
    """The editors' picks on this home page, or on the default language's home when this one has none."""
    picked = list(home.most_asked_services.all())
    if picked:
        return picked
    source = home.get_translations().filter(locale__language_code=settings.LANGUAGE_CODE).first()
    return list(source.specific.most_asked_services.all()) if source else []


def most_asked_service_links(home, limit=MOST_ASKED_LIMIT):
    """The home page's "most asked services": each with the address of its guidance page in the home's
    language (or, not translated yet, the same page under this language's prefix); services without a
    live guidance page are left out, since a citizen could do nothing with them."""
    from cms.services.models import ServicePage

    from .models import _same_path_in

    code = home.locale.language_code
    links = []
    for service in _picked_services(home):
        pages = ServicePage.objects.live().public().filter(service=service).select_related("locale")
        page = next((p for p in pages if p.locale_id == home.locale_id), None) or pages.first()
        if page is None:
            continue
        url = page.url if page.locale_id == home.locale_id else _same_path_in(page, code)
        links.append({"service": service, "title": page.title, "url": url, "language": page.locale.language_code})
        if len(links) == limit:
            break
    return links
