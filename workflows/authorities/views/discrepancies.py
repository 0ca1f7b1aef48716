"""Admin views of para 32's discrepancy requests: the list (overdue, due soon, late), the register form, one
request with its timeline, annexes and step forms.

Thin: every request is looked up through `selectors.discrepancies.discrepancies_for(user)`; steps go through
`services.discrepancies`. The authority viewer reads; a body's responsible person sees none.
"""

from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from ..forms.discrepancies import STEP_FORMS, RegisterForm
from ..selectors import deadlines
from ..selectors.common import timeline
from ..selectors.discrepancies import attachments_of, discrepancies_for
from ..services.common import TransitionRefused
from .common import HANDLE, refusing, require

VIEW = "authorities.view_discrepancyrequest"
EVENT_LABELS = {
    "registered": gettext_lazy("Registered"),
    "explain": gettext_lazy("Explanation drafted"),
    "send": gettext_lazy("Explanation sent"),
}


def _request(request, pk):
    require(request, VIEW)
    record = discrepancies_for(request.user).filter(pk=pk).first()
    if record is None:
        raise PermissionDenied  # another's, or none at all: the same answer either way
    return record


def _steps(record, user):
    allowed = {transition.name for transition in record.get_available_user_state_transitions(user)}
    return [(name, label) for name, (_form, label) in STEP_FORMS.items() if name in allowed]


@refusing
def index(request):
    """Para 32: open requests by their deadline (the end of the next working day), late ones flagged."""
    require(request, VIEW)
    visible = discrepancies_for(request.user)
    now = timezone.now()
    model = visible.model
    context = {
        "page_title": _("Discrepancies"),
        "header_icon": "warning",
        "overdue": deadlines.overdue(model, queryset=visible, now=now)[:50],
        "due_soon": deadlines.due_soon(model, queryset=visible, now=now)[:50],
        "page": Paginator(visible, 50).get_page(request.GET.get("p")),
        "now": now,
        "may_add": request.user.has_perm(HANDLE),
    }
    return TemplateResponse(request, "authorities/discrepancies.html", context)


@refusing
def add(request):
    require(request, HANDLE)
    form = RegisterForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            record = form.run(request.user)
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Discrepancy request № %(number)s registered.") % {"number": record.pk})
            return redirect("authorities_discrepancy", pk=record.pk)
    context = {
        "page_title": _("Register a discrepancy request"),
        "header_icon": "warning",
        "form": form,
        "back_url": reverse("authorities_discrepancies"),
    }
    return TemplateResponse(request, "authorities/form.html", context)


@refusing
def detail(request, pk):
    record = _request(request, pk)
    events, alerts = timeline(record)
    for event in events:
        event.label = EVENT_LABELS.get(event.verb, event.verb)
    context = {
        "page_title": str(record),
        "header_icon": "warning",
        "record": record,
        "events": events,
        "alerts": alerts,
        "attachments": attachments_of(record),
        "actions": _steps(record, request.user),
        "now": timezone.now(),
    }
    return TemplateResponse(request, "authorities/discrepancy.html", context)


@refusing
def step(request, pk, name):
    record = _request(request, pk)
    if name not in STEP_FORMS:
        raise Http404
    if name not in dict(_steps(record, request.user)):
        raise PermissionDenied
    form_class, label = STEP_FORMS[name]
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = form_class(*data, record=record)
    if form.is_bound and form.is_valid():
        try:
            form.run(record, request.user)
        except TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("“%(record)s”: %(step)s — done.") % {"record": record, "step": label})
            return redirect("authorities_discrepancy", pk=record.pk)
    context = {
        "page_title": str(label).rstrip("…"),
        "header_icon": "warning",
        "record": record,
        "form": form,
        "back_url": reverse("authorities_discrepancy", args=[record.pk]),
    }
    return TemplateResponse(request, "authorities/form.html", context)


@refusing
def attachment(request, pk, file_pk):
    """An annex, to those who may see the request (never a public media URL)."""
    record = _request(request, pk)
    found = attachments_of(record).filter(pk=file_pk).first()
    if found is None:
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=PurePath(found.file.name).name)


urlpatterns = [
    path("authorities/discrepancies/", index, name="authorities_discrepancies"),
    path("authorities/discrepancies/add/", add, name="authorities_discrepancy_add"),
    path("authorities/discrepancies/<int:pk>/", detail, name="authorities_discrepancy"),
    path("authorities/discrepancies/<int:pk>/step/<str:name>/", step, name="authorities_discrepancy_step"),
    path("authorities/discrepancies/<int:pk>/files/<int:file_pk>/", attachment, name="authorities_discrepancy_file"),
]
menu_entries = [(gettext_lazy("Discrepancies"), "authorities_discrepancies", "warning", VIEW)]
