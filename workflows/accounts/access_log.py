"""Denied access, logged with the client's address (issue 21, item 2).

Failed logins are django-axes' to log (with the address, `AXES_SENSITIVE_PARAMETERS = []`); this logs every
other refusal: a 401 or 403 answer (a phone system's bad token, a screen's PermissionDenied) and Wagtail's
"Sorry, you do not have permission" (a redirect to the admin's home, which sends no status of its own). The
address is the client's as the platform's own proxies saw it (`client.client_ip`); the line goes through the
personal-data mask like every other.
"""

import logging

from django.urls import reverse

from .client import client_ip

logger = logging.getLogger("workflows.accounts.access")


def _refused(request, response):
    if response.status_code in (401, 403):
        return True
    if response.status_code != 302 or request.method != "GET":
        return False
    home = reverse("wagtailadmin_home")
    user = getattr(request, "user", None)
    return (
        response.get("Location") == home
        and request.path != home
        and request.path.startswith(home)
        and user is not None
        and user.is_authenticated
    )


class DeniedAccessLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _refused(request, response):
            user = getattr(request, "user", None)
            logger.warning(
                "access denied: %s %s (%s) for %s from %s",
                request.method,
                request.path,
                response.status_code,
                user.get_username() if user is not None and user.is_authenticated else "anonymous",
                client_ip(request),
            )
        return response
