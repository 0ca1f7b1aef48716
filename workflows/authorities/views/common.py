"""What the views of this app share: the 403 in the admin's look and the permission checks."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ..models import ANSWER, HANDLE

__all__ = ["ANSWER", "HANDLE", "refusing", "require"]


def refusing(view):
    """Answer PermissionDenied with a plain 403 in the admin's look (Wagtail would redirect home)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            context = {"page_title": _("You may not see or change this"), "header_icon": "warning"}
            return TemplateResponse(request, "onboarding/forbidden.html", context, status=403)

    return wrapper


def require(request, *permissions):
    """Any one of `permissions` lets the user in."""
    if not any(request.user.has_perm(permission) for permission in permissions):
        raise PermissionDenied
