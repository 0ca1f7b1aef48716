"""Admin views of onboarding: the coordinator's board, a protocol with its timeline, the step forms, the PDF,
the signed scan, starting one protocol and the bulk start.

Thin: every protocol is looked up through `selectors.protocols_for(user)`, so a body's responsible person
gets 403 for another body's protocol whatever the URL; steps go through `services`. The 403 is answered
here (`refusing`, from `accounts.admin_views`).
"""

from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages

from workflows.accounts.admin_views import refusing_with

from . import selectors, services
from .bulk import BulkStartError, start_from_file
from .forms import STEP_FORMS, BulkStartForm, StartForm
from .models import OnboardingProtocol
from .pdf import LANGUAGES

VIEW = "onboarding.view_onboardingprotocol"
ADD = "onboarding.add_onboardingprotocol"
MANAGE = "onboarding.manage_onboardingprotocol"
FILE_FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


refusing = refusing_with("onboarding/forbidden.html")


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _protocol(request, pk):
    _require(request, VIEW)
    protocol = selectors.protocols_for(request.user).filter(pk=pk).first()
    if protocol is None:
        raise PermissionDenied  # another body's, or none at all: the same answer either way
    return protocol


def _available_steps(protocol, user):
    allowed = {transition.name for transition in protocol.get_available_user_state_transitions(user)}
    return [(name, label) for name, (_form, label) in STEP_FORMS.items() if name in allowed]


@refusing
def board(request):
    """All services by onboarding stage: counts and bars, overdue and due-soon lists, late steps highlighted."""
    _require(request, VIEW)
    visible = selectors.protocols_for(request.user)
    listing = visible
    state = request.GET.get("state")
    if state in OnboardingProtocol.State.values:
        listing = listing.filter(state=state)
    if request.GET.get("late"):
        listing = selectors.late_protocols(queryset=listing)
    page = Paginator(selectors.in_stage_order(listing), 50).get_page(request.GET.get("p"))
    late_ids = set(selectors.late_protocols(queryset=visible).values_list("pk", flat=True))
    context = {
        "page_title": _("Onboarding of public services"),
        "header_icon": "tasks",
        "stages": selectors.stage_counts(visible),
        "services_by_status": selectors.services_by_status(request.user),
        "overdue": selectors.overdue_protocols(queryset=visible).select_related("service", "body")[:50],
        "due_soon": selectors.due_soon_protocols(queryset=visible).select_related("service", "body")[:50],
        "page": page,
        "late_ids": late_ids,
        "state": state,
        "may_add": request.user.has_perm(ADD),
    }
    return TemplateResponse(request, "onboarding/board.html", context)


@refusing
def protocol_detail(request, pk):
    """One protocol: its steps (deadline, actual date, late), the timeline, and the steps the user may take."""
    protocol = _protocol(request, pk)
    context = {
        "page_title": str(protocol),
        "header_icon": "tasks",
        "protocol": protocol,
        "steps": protocol.steps(),
        "timeline": selectors.timeline(protocol),
        "actions": _available_steps(protocol, request.user),
        "languages": LANGUAGES,
    }
    return TemplateResponse(request, "onboarding/protocol.html", context)


@refusing
def step(request, pk, name):
    """The form of one step; POST runs it through the services (refused → the form shows why)."""
    protocol = _protocol(request, pk)
    if name not in STEP_FORMS:
        raise Http404
    if name not in dict(_available_steps(protocol, request.user)):
        raise PermissionDenied
    form_class, label = STEP_FORMS[name]
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = form_class(*data, protocol=protocol)
    if form.is_bound and form.is_valid():
        try:
            form.run(protocol, request.user)
        except services.TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("“%(protocol)s”: %(step)s — done.") % {"protocol": protocol, "step": label})
            return redirect("onboarding_protocol", pk=protocol.pk)
    context = {"page_title": str(label).rstrip("…"), "header_icon": "tasks", "protocol": protocol, "form": form}
    return TemplateResponse(request, "onboarding/step.html", context)


@refusing
def protocol_pdf(request, pk, language):
    """The acceptance protocol (para 22), ready for signature, in Kazakh or Russian."""
    protocol = _protocol(request, pk)
    if language not in LANGUAGES:
        raise Http404
    document = services.protocol_pdf(protocol=protocol, language=language)
    response = HttpResponse(document.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.name}"'
    return response


@refusing
def signed_scan(request, pk):
    """The uploaded signed copy, to those who may see the protocol (never a public media URL)."""
    protocol = _protocol(request, pk)
    if not protocol.signed_scan:
        raise Http404
    return FileResponse(
        protocol.signed_scan.open("rb"), as_attachment=True, filename=PurePath(protocol.signed_scan.name).name
    )


@refusing
def start(request):
    """Para 20: start onboarding one service from its by-law's approval date."""
    _require(request, ADD)
    form = StartForm(request.POST or None, user=request.user)
    if form.is_bound and form.is_valid():
        try:
            protocol = services.start_onboarding(
                **form.cleaned_data, coordinator=request.user if request.user.has_perm(MANAGE) else None
            )
        except services.TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect("onboarding_protocol", pk=protocol.pk)
    context = {"page_title": _("Start onboarding"), "header_icon": "tasks", "form": form, "protocol": None}
    return TemplateResponse(request, "onboarding/step.html", context)


@refusing
def bulk_start(request):
    """A list of newly approved by-laws starts a protocol for each service named — all rows or none."""
    _require(request, ADD)
    form = BulkStartForm(request.POST or None, request.FILES or None)
    report = None
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        file_format = FILE_FORMATS.get(PurePath(upload.name).suffix.lower())
        try:
            if file_format is None:
                raise BulkStartError(_("Upload a .csv or .xlsx file."))
            report = start_from_file(upload.read(), file_format, coordinator=request.user)
        except BulkStartError as error:
            form.add_error("file", str(error))
        else:
            if report.ok:
                messages.success(request, _("%(n)s onboarding protocols started.") % {"n": len(report.created)})
                return redirect(reverse("onboarding_board"))
    context = {"page_title": _("Bulk start from approved by-laws"), "header_icon": "upload", "form": form}
    context["report"] = report
    return TemplateResponse(request, "onboarding/bulk_start.html", context)
