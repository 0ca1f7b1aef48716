"""The e-mail quarantine in the Wagtail admin (para 8): the messages that could not be read, for a senior
operator to look at (headers shown as escaped text, never rendered), download as .eml and reprocess."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .models import QuarantinedMessage

VIEW = "mailintake.view_inboundmessage"
REPROCESS = "mailintake.reprocess_inboundmessage"


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def quarantine(request):
    _require(request, VIEW)
    listing = QuarantinedMessage.objects.defer("raw").order_by("-received_at", "-id")
    context = {
        "page_title": _("E-mail quarantine"),
        "header_icon": "warning",
        "page": Paginator(listing, 50).get_page(request.GET.get("p")),
    }
    return TemplateResponse(request, "mailintake/quarantine.html", context)


def detail(request, pk):
    _require(request, VIEW)
    message = get_object_or_404(QuarantinedMessage, pk=pk)
    context = {
        "page_title": _("Quarantined e-mail"),
        "header_icon": "warning",
        "message": message,
        "may_reprocess": request.user.has_perm(REPROCESS),
    }
    return TemplateResponse(request, "mailintake/quarantined_message.html", context)


def download(request, pk):
    """The raw bytes as an .eml download: an attachment, never displayed inline by the browser."""
    _require(request, VIEW)
    message = get_object_or_404(QuarantinedMessage, pk=pk)
    response = HttpResponse(message.raw_bytes, content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="quarantined-{message.pk}.eml"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def reprocess(request, pk):
    _require(request, REPROCESS)
    message = services.reprocess(get_object_or_404(QuarantinedMessage, pk=pk))
    if message.status == QuarantinedMessage.Status.QUARANTINED:
        messages.error(request, _("Still unreadable: %(error)s") % {"error": message.error})
        return redirect("mailintake_quarantined", pk=message.pk)
    messages.success(
        request,
        _("Reprocessed: %(status)s %(appeal)s")
        % {"status": message.get_status_display(), "appeal": message.appeal or ""},
    )
    return redirect("mailintake_quarantine")
