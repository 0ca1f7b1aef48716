"""Admin view pieces shared by the apps: the 403 in the admin's look.

Wagtail turns PermissionDenied into a redirect home, and the site's LocaleMiddleware turns an admin 404 into a
redirect to its /kk/ twin — neither tells the user, or a test, what happened. A view wrapped by the decorator
`refusing_with(template)` answers PermissionDenied with a plain 403 page saying so.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def refusing_with(template):
    """A decorator answering PermissionDenied with `template` (the app says what the user tried to reach)."""

    def refusing(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied:
                context = {"page_title": _("You may not see or change this"), "header_icon": "warning"}
                return TemplateResponse(request, template, context, status=403)

        return wrapper

    return refusing
