"""Admin views of para 14's call-record requests: the list (overdue and due soon first, late flagged,
searched by phone, filtered by state), registering one with its letter, one request with its timeline, the
calls it matches and its steps, the letter and the recording.

The authority viewer reads them (the phone masked) and may take no step: the step URL answers 403 to it, on
GET and on POST. Only those who see applicants' data open a recording, and every opening is audited.
"""

from pathlib import PurePath
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from workflows.appeals.personal_data import mask_phone, may_see_applicant

from ..models import CallRecordRequest
from ..selectors import call_records as selectors
from ..selectors.common import timeline
from ..services import call_records as services
from .call_record_forms import STEP_FORMS, RegisterForm
from .common import HANDLE, refusing, require

VIEW = "authorities.view_callrecordrequest"
ADD = "authorities.add_callrecordrequest"
VIEW_CALLS = "telephony.view_call"
ICON = "mobile-alt"
EVENT_LABELS = {
    "registered": gettext_lazy("request registered"),
    "start_search": gettext_lazy("search started"),
    "provide": gettext_lazy("record provided"),
    "report_not_found": gettext_lazy("no record found"),
}


def _record(request, pk):
    require(request, VIEW)
    record = selectors.requests_for(request.user).filter(pk=pk).first()
    if record is None:
        raise PermissionDenied
    return record


def shown_phone(phone, user):
    return phone if may_see_applicant(user) else mask_phone(phone)


def _available_steps(record, user):
    if not user.has_perm(HANDLE):
        return []
    allowed = {transition.name for transition in record.get_available_user_state_transitions(user)}
    return [(name, label) for name, (_form, label) in STEP_FORMS.items() if name in allowed]


def calls_list_url(record):
    """The telephony calls list, filtered to the request's number and dates."""
    query = {"phone": record.phone, "date_from": record.period_start, "date_to": record.period_end}
    return f"{reverse('telephony_calls:index')}?{urlencode(query)}"


def _remote_addr(request):
    return request.META.get("REMOTE_ADDR")


@refusing
def call_record_list(request):
    """Open requests by their four hours (overdue, due within the hour), then all of them, late flagged."""
    require(request, VIEW)
    visible = selectors.requests_for(request.user)
    state, phone = request.GET.get("state"), request.GET.get("phone", "").strip()
    listing = selectors.requests_for(request.user, state=state, phone=phone)
    page = Paginator(listing, 50).get_page(request.GET.get("p"))
    late_ids = selectors.late_flags(listing.filter(pk__in=[record.pk for record in page]))
    for record in page:
        record.shown_phone = shown_phone(record.phone, request.user)
    context = {
        "page_title": _("Call-record requests"),
        "header_icon": ICON,
        "overdue": selectors.overdue_requests(queryset=visible).select_related("requester")[:50],
        "due_soon": selectors.due_soon_requests(queryset=visible).select_related("requester")[:50],
        "page": page,
        "late_ids": late_ids,
        "states": CallRecordRequest.State.choices,
        "state": state,
        "phone": phone,
        "may_register": request.user.has_perm(HANDLE) and request.user.has_perm(ADD),
    }
    return TemplateResponse(request, "authorities/call_records/list.html", context)


@refusing
def call_record_register(request):
    """Para 14: the written request is registered with its letter; its four hours start at receipt."""
    require(request, HANDLE)
    require(request, ADD)
    form = RegisterForm(request.POST or None, request.FILES or None)
    if form.is_bound and form.is_valid():
        try:
            record = form.run(request.user)
        except services.TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Call-record request № %(number)s registered.") % {"number": record.pk})
            return redirect("authorities_call_record", pk=record.pk)
    context = {"page_title": _("Register a call-record request"), "header_icon": ICON, "form": form, "record": None}
    context["back_url"] = reverse("authorities_call_records")
    return TemplateResponse(request, "authorities/form.html", context)


@refusing
def call_record_detail(request, pk):
    """One request: what was asked, its deadline, the calls of that number on those dates, the timeline."""
    record = _record(request, pk)
    events, alerts = timeline(record)
    for event in events:
        event.label = EVENT_LABELS.get(event.verb, event.verb)
    full = may_see_applicant(request.user)
    context = {
        "page_title": _("Call-record request № %(number)s") % {"number": record.pk},
        "header_icon": ICON,
        "record": record,
        "phone": shown_phone(record.phone, request.user),
        "matched": selectors.matching_calls(record),
        "provided_calls": record.calls.all(),
        "events": events,
        "alerts": alerts,
        "actions": _available_steps(record, request.user),
        "calls_url": calls_list_url(record) if full and request.user.has_perm(VIEW_CALLS) else "",
        "may_open_recording": full,
        "is_late": record.is_late,
    }
    return TemplateResponse(request, "authorities/call_records/detail.html", context)


@refusing
def call_record_step(request, pk, name):
    """A step's form; POST runs it through the service (refused → the form says why)."""
    record = _record(request, pk)
    if name not in STEP_FORMS:
        raise Http404
    if name not in dict(_available_steps(record, request.user)):
        raise PermissionDenied
    form_class, label = STEP_FORMS[name]
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = form_class(*data, record=record)
    if form.is_bound and form.is_valid():
        try:
            form.run(request.user, remote_addr=_remote_addr(request))
        except services.TransitionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("“%(record)s”: %(step)s — done.") % {"record": record, "step": label})
            return redirect("authorities_call_record", pk=record.pk)
    context = {"page_title": str(label).rstrip("…"), "header_icon": ICON, "record": record, "form": form}
    context["back_url"] = reverse("authorities_call_record", args=[record.pk])
    return TemplateResponse(request, "authorities/form.html", context)


@refusing
def call_record_recording(request, pk):
    """The recording's file, to those who see applicants' data; the opening is audited (personal data)."""
    record = _record(request, pk)
    if not may_see_applicant(request.user):
        raise PermissionDenied
    if not record.recording:
        raise Http404
    handle = services.open_recording(record, user=request.user, remote_addr=_remote_addr(request))
    return FileResponse(handle, as_attachment=True, filename=PurePath(record.recording.name).name)


@refusing
def call_record_letter(request, pk):
    """The request letter's scan, to those who may see the request."""
    record = _record(request, pk)
    if not record.letter:
        raise Http404
    return FileResponse(record.letter.open("rb"), as_attachment=True, filename=PurePath(record.letter.name).name)


urlpatterns = [
    path("authorities/call-records/", call_record_list, name="authorities_call_records"),
    path("authorities/call-records/new/", call_record_register, name="authorities_call_record_register"),
    path("authorities/call-records/<int:pk>/", call_record_detail, name="authorities_call_record"),
    path("authorities/call-records/<int:pk>/step/<str:name>/", call_record_step, name="authorities_call_record_step"),
    path(
        "authorities/call-records/<int:pk>/recording/",
        call_record_recording,
        name="authorities_call_record_recording",
    ),
    path("authorities/call-records/<int:pk>/letter/", call_record_letter, name="authorities_call_record_letter"),
]
menu_entries = [(gettext_lazy("Call-record requests"), "authorities_call_records", ICON, VIEW)]
