"""The administrators' webhook screens: the endpoints, one endpoint with its delivery log, the form, the
"send test" and "send again" buttons, a new secret. Thin: changes through `services`, lists through `selectors`.

The secret is shown once, on the page that follows its creation (kept in the session for that one page), and
masked everywhere else.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from workflows.accounts.admin_views import refusing_with

from . import selectors, services
from .forms import EndpointForm
from .models import MANAGE, VIEW, Delivery, Endpoint

refusing = refusing_with("webhooks/forbidden.html")
SHOWN_ONCE = "webhooks:secret-once"


def require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


@refusing
def index(request):
    require(request, VIEW)
    context = {
        "page_title": _("Webhooks"),
        "header_icon": "link-external",
        "endpoints": selectors.endpoints(),
        "may_manage": request.user.has_perm(MANAGE),
    }
    return TemplateResponse(request, "webhooks/index.html", context)


@refusing
def detail(request, pk):
    require(request, VIEW)
    endpoint = get_object_or_404(Endpoint, pk=pk)
    shown = request.session.pop(SHOWN_ONCE, None)
    context = {
        "page_title": endpoint.name,
        "header_icon": "link-external",
        "endpoint": endpoint,
        "secret": shown["secret"] if shown and shown.get("endpoint") == endpoint.pk else None,
        "deliveries": selectors.deliveries_of(endpoint),
        "may_manage": request.user.has_perm(MANAGE),
    }
    return TemplateResponse(request, "webhooks/detail.html", context)


@refusing
def edit(request, pk=None):
    require(request, MANAGE)
    endpoint = get_object_or_404(Endpoint, pk=pk) if pk else None
    form = EndpointForm(request.POST or None, instance=endpoint, initial=None if endpoint else {"active": True})
    if request.method == "POST" and form.is_valid():
        if endpoint is None:
            data = form.cleaned_data
            endpoint, secret = services.create_endpoint(
                name=data["name"], url=data["url"], events=data["events"], active=data["active"], user=request.user
            )
            request.session[SHOWN_ONCE] = {"endpoint": endpoint.pk, "secret": secret}
            messages.success(request, _("Endpoint registered. Copy its secret now: it is not shown again."))
        else:
            form.save()
            messages.success(request, _("Endpoint saved."))
        return redirect("webhooks_endpoint", pk=endpoint.pk)
    title = _("Edit the endpoint") if endpoint else _("Register an endpoint")
    context = {"page_title": title, "header_icon": "link-external", "form": form, "endpoint": endpoint}
    return TemplateResponse(request, "webhooks/form.html", context)


@refusing
@require_POST
def rotate(request, pk):
    require(request, MANAGE)
    endpoint = get_object_or_404(Endpoint, pk=pk)
    request.session[SHOWN_ONCE] = {"endpoint": endpoint.pk, "secret": services.rotate_secret(endpoint)}
    messages.success(request, _("A new secret is in force. Copy it now: it is not shown again."))
    return redirect("webhooks_endpoint", pk=endpoint.pk)


@refusing
@require_POST
def send_test(request, pk):
    require(request, MANAGE)
    endpoint = get_object_or_404(Endpoint, pk=pk)
    delivery = services.send_test(endpoint)
    attempt = delivery.attempt_log.last()
    if delivery.state == Delivery.State.DELIVERED:
        messages.success(request, _("The test was delivered (HTTP %(status)s).") % {"status": attempt.status_code})
    else:
        messages.error(request, _("The test was not delivered: %(error)s") % {"error": attempt.error or "—"})
    return redirect("webhooks_endpoint", pk=endpoint.pk)


@refusing
@require_POST
def send_again(request, pk):
    require(request, MANAGE)
    delivery = get_object_or_404(Delivery, pk=pk, state=Delivery.State.GAVE_UP)
    services.send_again(delivery)
    messages.success(request, _("The delivery was posted again; its log shows the answer."))
    return redirect("webhooks_endpoint", pk=delivery.endpoint_id)


urlpatterns = [
    path("webhooks/", index, name="webhooks_index"),
    path("webhooks/add/", edit, name="webhooks_add"),
    path("webhooks/<int:pk>/", detail, name="webhooks_endpoint"),
    path("webhooks/<int:pk>/edit/", edit, name="webhooks_edit"),
    path("webhooks/<int:pk>/rotate/", rotate, name="webhooks_rotate"),
    path("webhooks/<int:pk>/test/", send_test, name="webhooks_test"),
    path("webhooks/deliveries/<int:pk>/again/", send_again, name="webhooks_again"),
]
menu_entries = [(gettext_lazy("Webhooks"), "webhooks_index", "link-external", VIEW)]
