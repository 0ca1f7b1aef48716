"""Admin views of the information requests (paras 24-25), the escalations (para 28) and the refusals of the
month: lists by deadline, a record with its timeline and files, the step forms, the answer form the mail's
link opens, the escalation's PDF.

Thin: every record is looked up through `selectors.information`, which cuts a body's responsible person to
their own bodies' requests (another body's is a 403, whatever the URL); every step is one service's.
"""

from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.directory.models import StateBody

from ..forms.information import ESCALATION_STEPS, REQUEST_STEPS, AnswerForm, DraftForm
from ..models import InformationRequest
from ..pdf import LANGUAGES
from ..selectors import information as selectors
from ..selectors.common import timeline
from ..services import escalations, information
from ..services.common import TransitionRefused
from .common import HANDLE, refusing, require

VIEW_REQUEST = "authorities.view_informationrequest"
VIEW_ESCALATION = "authorities.view_escalation"
TABS = (
    ("", gettext_lazy("All")),
    ("open", gettext_lazy("Open")),
    ("due_soon", gettext_lazy("Due soon")),
    ("overdue", gettext_lazy("Overdue")),
    ("late", gettext_lazy("Late")),
)


def _request(request, pk):
    require(request, VIEW_REQUEST)
    record = selectors.information_requests_for(request.user).filter(pk=pk).first()
    if record is None:
        raise PermissionDenied  # another body's, or none at all: the same answer either way
    return record


def _escalation(request, pk):
    require(request, VIEW_ESCALATION)
    record = selectors.escalations_for(request.user).filter(pk=pk).first()
    if record is None:
        raise PermissionDenied
    return record


def _available(record, user, steps):
    allowed = {transition.name for transition in record.get_available_user_state_transitions(user)}
    return [(name, label) for name, (_form, label) in steps.items() if name in allowed]


@refusing
def request_list(request):
    """Every request the user may see, by tab (open, due soon, overdue, late) and filtered by state or body."""
    require(request, VIEW_REQUEST)
    visible = selectors.information_requests_for(request.user)
    tab = request.GET.get("tab", "")
    listing = selectors.listing(visible, tab)
    state = request.GET.get("state")
    if state in InformationRequest.State.values:
        listing = listing.filter(state=state)
    body = request.GET.get("body")
    if body and body.isdigit():
        listing = listing.filter(body_id=int(body))
    context = {
        "page_title": _("Information requests"),
        "header_icon": "mail",
        "page": Paginator(listing, 50).get_page(request.GET.get("p")),
        "tabs": TABS,
        "tab": tab,
        "states": InformationRequest.State.choices,
        "state": state,
        "bodies": StateBody.objects.filter(pk__in=visible.values("body")),
        "body": body,
        "late_ids": set(selectors.late_requests(visible).values_list("pk", flat=True)),
        "may_add": request.user.has_perm(HANDLE),
    }
    return TemplateResponse(request, "authorities/information_list.html", context)


@refusing
def request_add(request):
    """Para 24: draft a request."""
    require(request, HANDLE)
    form = DraftForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            record = form.run(request.user)
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect("authorities_information", pk=record.pk)
    context = {"page_title": _("New information request"), "header_icon": "mail", "form": form}
    context["back"] = "authorities_information_list"
    return TemplateResponse(request, "authorities/step.html", context)


@refusing
def request_detail(request, pk):
    record = _request(request, pk)
    events, alerts = timeline(record)
    context = {
        "page_title": str(record),
        "header_icon": "mail",
        "record": record,
        "events": events,
        "alerts": alerts,
        "attachments": selectors.attachments_of(record),
        "actions": _available(record, request.user, REQUEST_STEPS),
        "escalations": record.escalations.all() if request.user.has_perm(VIEW_ESCALATION) else [],
        "contacts": information.contacts(record) if record.state == InformationRequest.State.DRAFTED else [],
    }
    return TemplateResponse(request, "authorities/information_detail.html", context)


def _run_step(request, record, form_class, label, back, *, extra=None):
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = form_class(*data, record=record)
    if form.is_bound and form.is_valid():
        try:
            form.run(request.user)
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect(back, pk=record.pk)
    context = {"page_title": str(label).rstrip("…"), "header_icon": "mail", "record": record, "form": form}
    context.update(back=back, **(extra or {}))
    return TemplateResponse(request, "authorities/step.html", context)


@refusing
def request_step(request, pk, name):
    record = _request(request, pk)
    if name not in REQUEST_STEPS:
        raise Http404
    if name not in dict(_available(record, request.user, REQUEST_STEPS)):
        raise PermissionDenied
    form_class, label = REQUEST_STEPS[name]
    return _run_step(request, record, form_class, label, "authorities_information")


@refusing
def answer(request, pk):
    """The mail's reply link: the question and the answer form (a refusal one click away), after sign-in."""
    record = _request(request, pk)
    available = dict(_available(record, request.user, REQUEST_STEPS))
    if "record_answer" not in available:
        raise PermissionDenied
    extra = {"question": record, "may_refuse": "record_refusal" in available}
    return _run_step(request, record, AnswerForm, _("Answer the UCC's request"), "authorities_information", extra=extra)


@refusing
def request_file(request, pk, file_pk):
    """A file of a request, to those who may see the request (never a public media URL)."""
    record = _request(request, pk)
    attachment = selectors.attachment_of(record, file_pk)
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=PurePath(attachment.file.name).name)


@refusing
def escalation_list(request):
    require(request, VIEW_ESCALATION)
    listing = selectors.escalations_for(request.user)
    context = {
        "page_title": _("Escalations"),
        "header_icon": "warning",
        "page": Paginator(listing, 50).get_page(request.GET.get("p")),
    }
    return TemplateResponse(request, "authorities/escalation_list.html", context)


@refusing
def escalation_detail(request, pk):
    record = _escalation(request, pk)
    events, alerts = timeline(record)
    context = {
        "page_title": str(record),
        "header_icon": "warning",
        "record": record,
        "refusals": record.refusals.select_related("service").order_by("refused_on"),
        "events": events,
        "alerts": alerts,
        "actions": _available(record, request.user, ESCALATION_STEPS),
        "languages": LANGUAGES,
    }
    return TemplateResponse(request, "authorities/escalation_detail.html", context)


@refusing
def escalation_step(request, pk, name):
    record = _escalation(request, pk)
    if name not in ESCALATION_STEPS:
        raise Http404
    if name not in dict(_available(record, request.user, ESCALATION_STEPS)):
        raise PermissionDenied
    form_class, label = ESCALATION_STEPS[name]
    return _run_step(request, record, form_class, label, "authorities_escalation")


@refusing
def escalation_pdf(request, pk, language):
    """Para 28's supporting documents in one PDF, in Kazakh or Russian."""
    record = _escalation(request, pk)
    if language not in LANGUAGES:
        raise Http404
    document = escalations.escalation_pdf(record, language)
    response = HttpResponse(document.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.name}"'
    return response


@refusing
def refusals_this_month(request):
    """The coordinator's view: the providers that refused this month, lawfully or not, and their escalations."""
    require(request, VIEW_ESCALATION)
    context = {
        "page_title": _("Refusals this month"),
        "header_icon": "list-ul",
        "rows": selectors.refusals_in_month(),
    }
    return TemplateResponse(request, "authorities/refusals_month.html", context)


urlpatterns = [
    path("authorities/information/", request_list, name="authorities_information_list"),
    path("authorities/information/add/", request_add, name="authorities_information_add"),
    path("authorities/information/<int:pk>/", request_detail, name="authorities_information"),
    path("authorities/information/<int:pk>/answer/", answer, name="authorities_information_answer"),
    path("authorities/information/<int:pk>/files/<int:file_pk>/", request_file, name="authorities_information_file"),
    path("authorities/information/<int:pk>/<str:name>/", request_step, name="authorities_information_step"),
    path("authorities/escalations/", escalation_list, name="authorities_escalations"),
    path("authorities/escalations/<int:pk>/", escalation_detail, name="authorities_escalation"),
    path("authorities/escalations/<int:pk>/pdf/<str:language>/", escalation_pdf, name="authorities_escalation_pdf"),
    path("authorities/escalations/<int:pk>/<str:name>/", escalation_step, name="authorities_escalation_step"),
    path("authorities/refusals/", refusals_this_month, name="authorities_refusals_month"),
]
menu_entries = [  # (label, url name, icon, permission)
    (gettext_lazy("Information requests"), "authorities_information_list", "mail", VIEW_REQUEST),
    (gettext_lazy("Escalations"), "authorities_escalations", "warning", VIEW_ESCALATION),
    (gettext_lazy("Refusals this month"), "authorities_refusals_month", "list-ul", VIEW_ESCALATION),
]
