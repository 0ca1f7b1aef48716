"""A cache of whole public pages for anonymous visitors, so that a citizen surge does not reach the database.

Only a request that can only be anonymous is served from the cache or stored: GET or HEAD, no query string,
a path under a language prefix (/kk/, /ru/, /en/), and no session cookie (a signed-in user, an editor, an
operator always has one, and so always gets a fresh page). Only a 200 response that sets no cookie and is
not marked private is stored. Knowledge Base pages answer 404 to anyone who is not an admin user, so they are
never stored; a signed-in operator's KB page never reaches the cache either (session cookie).

Each language has a version; publishing, unpublishing, moving or deleting a page of a language, or changing a
registry service (its facts are shown on service pages), gives that language a new version, and every page
stored under the old one is stale at once. The version and the page are fetched in one round trip.
Django's cache framework: Redis when REDIS_URL is set, the local-memory or file cache otherwise.
"""

import contextvars
import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

HEADER = "X-Page-Cache"


def _cache():
    return caches[getattr(settings, "UCC_PAGE_CACHE_ALIAS", "default")]


def _timeout():
    return getattr(settings, "UCC_PAGE_CACHE_SECONDS", 300)


def _language_of(path):
    prefix = path.split("/", 2)[1] if path.count("/") >= 2 else ""
    return prefix if prefix in {code for code, _ in settings.LANGUAGES} else None


def _version_key(language):
    return f"ucc:pagecache:version:{language}"


def _page_key(request, language):
    digest = hashlib.sha256(f"{request.get_host()}{request.path}".encode()).hexdigest()[:32]
    return f"ucc:pagecache:page:{language}:{request.method}:{digest}"


# The versions a request has read, kept for the rest of it: a page shows several fragments, and each would
# otherwise read the versions again (a round trip to Redis each). Set up by the middleware for each request.
_read_in_request = contextvars.ContextVar("ucc_page_cache_versions", default=None)


def purge(languages=None):
    """Make every cached page of `languages` (all by default) stale."""
    codes = languages or [code for code, _ in settings.LANGUAGES]
    _cache().set_many({_version_key(code): uuid.uuid4().hex for code in codes}, None)
    read = _read_in_request.get()
    if read is not None:
        read.clear()  # what the request goes on to read is the new version's


def _versions(languages):
    """The current version of each language's pages, started where there is none yet (as the middleware does)."""
    keys = [_version_key(code) for code in languages]
    read = _read_in_request.get()
    if read is not None and all(key in read for key in keys):
        return [read[key] for key in keys]
    cache = _cache()
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, uuid.uuid4().hex, None)
            found[key] = cache.get(key)
    if read is not None:
        read.update(found)
    return [found[key] for key in keys]


def fragment_key(name):
    """The cache key of fragment `name` under the current version of every language, so that the next purge()
    leaves it behind; None when the page cache is off (its timeout is 0). Read it before computing what is
    kept under it: a purge in between then leaves the value computed from the old content behind too."""
    if _timeout() <= 0:
        return None
    versions = _versions([code for code, _ in settings.LANGUAGES])
    digest = hashlib.sha256(f"{name}:{':'.join(versions)}".encode()).hexdigest()[:32]
    return f"ucc:pagecache:fragment:{digest}"


def read_fragment(key):
    return _cache().get(key) if key else None


def keep_fragment(key, value):
    if key:
        _cache().set(key, value, _timeout())


def fragment(name, compute):
    """`compute()` kept in the cache as long as the cached pages are: until a page of any language is
    published, unpublished, moved or deleted, or a registry service changes (purge() above). For the parts of
    a page that depend only on published content and cost queries on every view (a service page's language
    switcher and providers); the page itself is still rendered for every request. Off, like the page cache,
    when its timeout is 0."""
    key = fragment_key(name)
    value = read_fragment(key)
    if value is None:
        value = compute()
        keep_fragment(key, value)
    return value


def _cacheable_request(request):
    if _timeout() <= 0 or request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return None
    return _language_of(request.path)


def _cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get("Cache-Control", ""):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read_in_request.set({})
        try:
            return self._serve(request)
        finally:
            _read_in_request.reset(token)

    def _serve(self, request):
        language = _cacheable_request(request)
        if language is None:
            return self.get_response(request)
        cache = _cache()
        version_key, page_key = _version_key(language), _page_key(request, language)
        version_keys = [_version_key(code) for code, _ in settings.LANGUAGES]
        found = cache.get_many([*version_keys, page_key])  # every language's version, for the fragments too
        _read_in_request.get().update({key: found[key] for key in version_keys if key in found})
        version = found.get(version_key)
        stored = found.get(page_key)
        if version is not None and stored is not None and stored[0] == version:
            return self._replay(stored)
        response = self.get_response(request)
        if _cacheable_response(request, response):
            if version is None:
                version = uuid.uuid4().hex
                cache.add(version_key, version, None)
                version = cache.get(version_key, version)
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", HEADER.lower())]
            cache.set(page_key, (version, response.status_code, headers, response.content), _timeout())
            response[HEADER] = "miss"
        return response

    @staticmethod
    def _replay(stored):
        _, status, headers, content = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "hit"
        return response
