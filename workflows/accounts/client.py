"""The client's address, as the platform's own proxies saw it.

Behind a proxy `REMOTE_ADDR` is the proxy: keyed on it, the public form's rate limit would give the whole
country one bucket, and one guessing attacker would lock everybody out of the admin. Each proxy appends the
address it received the request from to X-Forwarded-For, so with `UCC_TRUSTED_PROXIES` proxies in front,
the client is that many entries from the right. Entries further left are whatever the client wrote and are
never trusted; with no proxy configured the header is ignored altogether.
"""

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.UCC_TRUSTED_PROXIES
    if trusted <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < trusted:  # it did not come through all our proxies: only the connection itself is known
        return remote
    return hops[-trusted]
