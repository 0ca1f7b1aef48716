"""The home page's "most asked services" (what the public may see at all: cms.knowledge.selectors.public_pages),
and the planned interruptions of the PlannedInterruptionsPage."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from wagtail import hooks

from cms.languages import same_path_in
from cms.services.models import ServicePage
from workflows.registry.selectors import public_services

MOST_ASKED_LIMIT = 6
ASKED_WINDOW = timedelta(days=30)  # a rolling window of demand, not a deadline of the Rules
ASKED_CACHE_SECONDS = 3600


def _asked_in_appeals(limit):
    """The services appeals asked about most in the last 30 days (counted once an hour, not per page view).

    The counts come from whichever app answers the `most_asked_service_ids` hook (appeals, which sits above
    the public site and so is never imported by it); with none installed the editors' picks stand alone.
    """

    def count():
        since = timezone.now() - ASKED_WINDOW
        for most_asked in hooks.get_hooks("most_asked_service_ids"):
            return most_asked(since=since, limit=limit)
        return []

    ids = cache.get_or_set("home:most-asked-service-ids", count, ASKED_CACHE_SECONDS)
    services = public_services().in_bulk(ids)
    return [services[pk] for pk in ids if pk in services]


def _picked_services(home):
    """The editors' picks on this home page, or on the default language's home when this one has none."""
    picked = list(home.most_asked_services.all())
    if picked:
        return picked
    source = home.get_translations().filter(locale__language_code=settings.LANGUAGE_CODE).first()
    return list(source.specific.most_asked_services.all()) if source else []


def most_asked_service_links(home, limit=MOST_ASKED_LIMIT):
    """The home page's "most asked services": the editors' picks, then the services most asked about in
    appeals; each with the address of its guidance page in the home's language (or, not translated yet,
    the same page under this language's prefix). Services without a live guidance page are left out,
    since a citizen could do nothing with them."""
    code = home.locale.language_code
    links = []
    picked = _picked_services(home)
    asked = [service for service in _asked_in_appeals(limit) if service not in picked]
    for service in picked + asked:
        pages = ServicePage.objects.live().public().filter(service=service).select_related("locale")
        page = next((p for p in pages if p.locale_id == home.locale_id), None) or pages.first()
        if page is None:
            continue
        url = page.url if page.locale_id == home.locale_id else same_path_in(page, code)
        links.append({"service": service, "title": page.title, "url": url, "language": page.locale.language_code})
        if len(links) == limit:
            break
    return links


def planned_interruptions(language, now=None):
    """The notified interruptions not over yet (para 38), as plain dicts in `language`, from whichever app answers
    the `public_interruptions` hook (workflows.interruptions, above the public site and never imported by it);
    with none installed there are none. Announcing or changing a notice purges the page cache."""
    now = now or timezone.now()
    for public_interruptions in hooks.get_hooks("public_interruptions"):
        return public_interruptions(language=language, now=now)
    return []
