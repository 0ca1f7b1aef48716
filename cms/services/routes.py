"""Which service page an address means, from the cache: an uncached service page costs one query, the page with
its service and locale.

Wagtail finds a page by walking its tree on every view: the active locale, the language's home page, the
catalogue, the service page, then the privacy settings of the path — five queries for the page citizens open
most, whenever it is not served whole from the page cache (a signed-in operator, an address with a query
string). The answer depends only on the published tree, the site and the privacy settings, so it is kept as
the page cache's fragments are (cms/search/page_cache.py): publishing, unpublishing, moving, creating or
deleting a page, and changing a site, a locale or any page's privacy leave it behind at once
(cms/search/receivers.py). What is kept is the page's id, its parent (the breadcrumb) and whether any privacy
applies; the page itself is read fresh on every view, and a path under privacy is checked by Wagtail every time.

Wagtail's own serve view does the rest: it takes the route from `request._wagtail_route_for_request`, where
`Page.route_for_request` leaves it, and runs its hooks (the privacy check among them) and the page's serve().
Only service pages are routed from the cache; the other page types keep Wagtail's routing.
"""

from django.urls import re_path
from django.utils.translation import get_language
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.models import Site
from wagtail.url_routing import RouteResult

from cms.search import page_cache

from .models import ServicePage


def _key(request, path):
    """What Wagtail's route depends on: the site, the language (its tree) and the path below the prefix."""
    site = Site.find_for_request(request)
    return page_cache.fragment_key(f"route:{site.pk}:{get_language()}:{path}") if site else None


def _from_cache(key):
    """The remembered service page, read fresh, as Wagtail's route would have returned it; None when nothing is
    remembered or the page is no longer live (a purge on its way)."""
    stored = page_cache.read_fragment(key)
    if stored is None:
        return None
    page_id, parent, restricted = stored
    found = ServicePage.objects.filter(pk=page_id, live=True).select_related("service", "locale").order_by()[:1]
    page = next(iter(found), None)
    if page is None:
        return None
    page._cached_parent_obj = parent
    page.no_view_restrictions = not restricted
    return RouteResult(page)


def _remember(key, route):
    """A route Wagtail found to a service page, with nothing left over for the page (no args, as a plain page)."""
    page, args, kwargs = route
    if type(page) is ServicePage and not args and not kwargs:
        page_cache.keep_fragment(key, (page.pk, page.get_parent(), page.get_view_restrictions().exists()))


def serve(request, path):
    """Wagtail's serve view, with the route of a service page from the cache when it is there."""
    key = _key(request, path)
    route = _from_cache(key) if key else None
    if route is not None:
        request._wagtail_route_for_request = route
        return wagtail_views.serve(request, path)
    response = wagtail_views.serve(request, path)
    found = getattr(request, "_wagtail_route_for_request", None)
    if key and found is not None:
        _remember(key, found)
    return response


urlpatterns = [pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"] + [
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve")
]
