"""A fixed-window count per client address, for the public site's anonymous forms (the appeal form counts
its own way: `appeals.citizen_views`). The address is read through the trusted proxies (`client.client_ip`)
and lives only as a cache key for the window: it is never stored with what the visitor sent."""

from django.core.cache import cache

from .client import client_ip


def _key(request, realm):
    return f"ratelimit:{realm}:{client_ip(request)}"


def over_limit(request, realm, limit):
    """True once this client has used up the window's `limit` in `realm`."""
    return (cache.get(_key(request, realm)) or 0) >= limit


def count(request, realm, window):
    """One more use of `realm` by this client in the current window of `window` seconds."""
    key = _key(request, realm)
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
