"""The Wagtail site a request is for, from the cache instead of a query on every page view.

Wagtail finds the site of each page it serves (`Site.find_for_request`: a query with a CASE annotation and
the site manager's ordering, the dearest of the few queries an uncached page makes) and keeps it on the
request only. Sites change seldom: the site found for a host and port is kept in Django's cache until a site
is saved or deleted, and handed to Wagtail on the request, where `find_for_request` looks first. Routing reads
only the root page's id, locale and translation key from it; the page itself is read fresh.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http.request import split_domain_port
from wagtail.models import Site

VERSION_KEY = "ucc:site:version"
TIMEOUT = 3600


def _key(request):
    """Per host and port, as Wagtail matches sites. get_host() refuses a host outside ALLOWED_HOSTS (400, as
    CommonMiddleware would a little later), so made-up hosts cannot fill the cache."""
    hostname = split_domain_port(request.get_host())[0]
    return f"ucc:site:{hostname}:{request.get_port()}"


@receiver(post_save, sender=Site, dispatch_uid="home.site_saved")
@receiver(post_delete, sender=Site, dispatch_uid="home.site_deleted")
def site_changed(sender, **kwargs):
    """Now and again after the commit (a request between the two may have cached the site as it was)."""
    _new_version()
    transaction.on_commit(_new_version)


def _new_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request)
        found = cache.get_many([VERSION_KEY, key])
        version, stored = found.get(VERSION_KEY), found.get(key)
        if version is not None and stored is not None and stored[0] == version:
            request._wagtail_site = stored[1]
        else:
            if version is None:
                cache.add(VERSION_KEY, uuid.uuid4().hex, None)
                version = cache.get(VERSION_KEY)
            # Stored as found, before the view adds anything to it (such as the root page's specific page,
            # which must be read fresh on every view).
            cache.set(key, (version, Site.find_for_request(request)), TIMEOUT)
        return self.get_response(request)
