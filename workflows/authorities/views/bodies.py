"""Admin views: a body's page (every request, refusal, escalation, discrepancy, training, visit, onboarding
protocol and by-law change with that body on one timeline, with counts) and the index of bodies.

The coordinator, the supervisor and the authority viewer open any body; a body's responsible person only their
own (another body's page is a 403, as a body that does not exist is).
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.directory.models import StateBody

from ..selectors import bodies as selectors
from .common import ANSWER, HANDLE, refusing, require

READ = "authorities.view_callrecordrequest"  # the authority viewer's
MENU_PERMISSION = "authorities.view_informationrequest"  # held by every role that may open a body's page


def may_open_body_page(user):
    return any(user.has_perm(permission) for permission in (READ, HANDLE, ANSWER))


def _require_body_page(request):
    require(request, READ, HANDLE, ANSWER)


@refusing
def body_index(request):
    """The bodies, searched by name or code and filtered by kind, with their open and late requests."""
    _require_body_page(request)
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    listing = selectors.index(request.user, query=query, kind=kind)
    page = Paginator(listing, selectors.PAGE_SIZE).get_page(request.GET.get("p"))
    figures = selectors.open_and_late([body.pk for body in page], request.user)
    context = {
        "page_title": _("State bodies and authorities"),
        "header_icon": "group",
        "page": page,
        "rows": [(body, *figures[body.pk]) for body in page],
        "query": query,
        "kind": kind,
        "kinds": StateBody.Kind.choices,
    }
    return TemplateResponse(request, "authorities/body_index.html", context)


@refusing
def body_page(request, pk):
    """One body: counts per kind at the top, then the timeline, newest first, 50 a page."""
    _require_body_page(request)
    body = selectors.bodies_for(request.user).filter(pk=pk).first()
    if body is None:
        raise PermissionDenied  # another body's, or none at all: the same answer either way
    page = Paginator(selectors.timeline(body, request.user), selectors.PAGE_SIZE).get_page(request.GET.get("p"))
    context = {
        "page_title": str(body),
        "header_icon": "group",
        "body": body,
        "counts": selectors.counts(body, request.user),
        "page": page,
    }
    return TemplateResponse(request, "authorities/body.html", context)


urlpatterns = [
    path("authorities/bodies/", body_index, name="authorities_bodies"),
    path("authorities/body/<int:pk>/", body_page, name="authorities_body"),
]
menu_entries = [(gettext_lazy("Bodies"), "authorities_bodies", "group", MENU_PERMISSION)]
