"""The phone system's API is answered before the middleware made for people (issue 7).

A phone system posts hundreds of call events a second with a bearer token. It has no session, no cookie, no
CSRF token (the API's views are exempt), no language (the API answers in English), no user for the audit log
(the API writes calls and ratings, which are not audited row by row), and a 404 of the API is an answer about
a call, not a page to redirect. Sessions, locale, CSRF, authentication, messages, the audit log's context
(which connects and disconnects a signal receiver on every request), Wagtail's redirects, the page cache and
static files together cost this API a good part of its CPU per event, on cores the database shares.

So a request under the API's mount goes straight to its view here. This middleware comes right after
`SecurityMiddleware`, whose HTTPS redirect and headers apply to the API as to everything else.
"""

from django.conf import settings
from django.http import JsonResponse
from django.urls import Resolver404, resolve, reverse

from . import urls
from .api import error
from .screen_pop import quick_answer

PATH_PREFIX = f"/{urls.MOUNT}"


class TelephonyAPIMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(PATH_PREFIX):
            return self.get_response(request)
        try:
            match = request.resolver_match = resolve(request.path_info, urlconf=urls)
        except Resolver404:
            return error(404, "no such endpoint of the telephony API")
        response = match.func(request, *match.args, **match.kwargs)
        # CommonMiddleware's job for the rest of the site: lets the client keep the connection without chunks.
        response["Content-Length"] = str(len(response.content))
        return response


class ScreenPopMiddleware:
    """The screen pop's polls that get "no call" or "the same call" are answered here, before the session,
    locale, CSRF, messages and audit middleware and Wagtail's admin decorator (issue 19, item 1; see
    `screen_pop.quick_answer`). Any other poll, and every other request, goes on down the stack."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.path = None

    def __call__(self, request):
        if self.path is None:
            self.path = reverse("telephony_screen_pop")
        if request.method != "GET" or request.path_info != self.path:
            return self.get_response(request)
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        body = quick_answer(session_key, request.GET.get("known", ""))
        if body is None:
            return self.get_response(request)
        response = JsonResponse(body)
        response["Cache-Control"] = "no-store"
        response["Content-Length"] = str(len(response.content))
        return response
