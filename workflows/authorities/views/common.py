"""What the views of this app share: the 403 in the admin's look (`accounts.admin_views`) and the permission
checks."""

from django.core.exceptions import PermissionDenied

from workflows.accounts.admin_views import refusing_with

from ..models import ANSWER, HANDLE

__all__ = ["ANSWER", "HANDLE", "refusing", "require"]


refusing = refusing_with("authorities/forbidden.html")


def require(request, *permissions):
    """Any one of `permissions` lets the user in."""
    if not any(request.user.has_perm(permission) for permission in permissions):
        raise PermissionDenied
