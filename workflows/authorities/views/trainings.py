"""Admin views of trainings (paras 15, 17, 21, 30), the quality authority's training requests (para 30) and
visits to providers (para 25, second part): a list, a form to record one, one record with its timeline and
its steps.

Thin: records are looked up through `selectors.trainings` (a body's responsible person sees the trainings
and visits of their own bodies, no training requests); changes go through `services.trainings`.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.utils import get_user_display_name

from ..forms.trainings import REQUEST_STEPS, VISIT_STEPS, TrainingForm, TrainingRequestForm, VisitForm
from ..models import Visit
from ..selectors import trainings as selectors
from ..selectors.common import timeline
from ..services.common import TransitionRefused
from .common import HANDLE, refusing, require

VIEW_TRAINING = "authorities.view_training"
VIEW_REQUEST = "authorities.view_trainingrequest"
VIEW_VISIT = "authorities.view_visit"
EVENT_LABELS = {
    "registered": gettext_lazy("Registered"),
    "recorded": gettext_lazy("Training recorded"),
    "schedule": gettext_lazy("Training scheduled"),
    "mark_held": gettext_lazy("Training held"),
    "decline": gettext_lazy("Declined"),
    "planned": gettext_lazy("Visit planned"),
    "held": gettext_lazy("Visit held"),
    "cancelled": gettext_lazy("Visit cancelled"),
}


def _one(request, permission, queryset, pk):
    require(request, permission)
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise PermissionDenied  # another body's, or none at all: the same answer either way
    return record


def _people(users):
    return ", ".join(get_user_display_name(user) for user in users)


def _listing(request, *, title, icon, queryset, headings, row, add_url=None, add_label="", intro=""):
    page = Paginator(queryset, 50).get_page(request.GET.get("p"))
    context = {
        "page_title": title,
        "header_icon": icon,
        "intro": intro,
        "headings": headings,
        "rows": [row(record) for record in page],
        "page": page,
        "add_url": add_url if request.user.has_perm(HANDLE) else None,
        "add_label": add_label,
    }
    return TemplateResponse(request, "authorities/listing.html", context)


def _record(request, record, *, icon, fields, actions, back_url, back_label):
    events, alerts = timeline(record)
    for event in events:
        event.label = EVENT_LABELS.get(event.verb, event.verb)
    context = {
        "page_title": str(record),
        "header_icon": icon,
        "record": record,
        "fields": fields,
        "actions": actions,
        "events": events,
        "alerts": alerts,
        "back_url": back_url,
        "back_label": back_label,
    }
    return TemplateResponse(request, "authorities/record.html", context)


def _form_page(request, form, *, title, icon, back_url, record=None):
    context = {"page_title": title, "header_icon": icon, "form": form, "record": record, "back_url": back_url}
    return TemplateResponse(request, "authorities/form.html", context)


def _run(request, form, run):
    """Run the form's service; a refusal is shown on the form. The record, or None when not done."""
    if not (form.is_bound and form.is_valid()):
        return None
    try:
        return run()
    except TransitionRefused as refusal:
        form.add_error(None, refusal.message)
        return None


# --- trainings -----------------------------------------------------------------------------------------


def _training_row(training):
    return {
        "url": reverse("authorities_training", args=[training.pk]),
        "cells": [
            training.topic,
            training.held_on.strftime("%d.%m.%Y"),
            training.get_kind_display(),
            training.body or "—",
        ],
    }


@refusing
def trainings(request):
    require(request, VIEW_TRAINING)
    return _listing(
        request,
        title=_("Trainings"),
        icon="user",
        queryset=selectors.trainings_for(request.user),
        headings=[_("Topic"), _("Held on"), _("Kind"), _("Body")],
        row=_training_row,
        add_url=reverse("authorities_training_add"),
        add_label=_("Record a training"),
        intro=_("Paras 15, 17, 21 and 30: who trained whom, on which services."),
    )


def _training_initial(params):
    """?request= (para 30) or ?protocol= (para 21) fill the form from what the training answers."""
    request_id, protocol_id = params.get("request", ""), params.get("protocol", "")
    form = TrainingForm()
    if request_id.isdigit():
        found = form.fields["request"].queryset.filter(pk=request_id).first()
        if found:
            return {"kind": "for_authority", "request": found, "body": found.authority, "topic": found.topic}
    if protocol_id.isdigit():
        found = form.fields["protocol"].queryset.filter(pk=protocol_id).first()
        if found:
            return {"kind": "by_body", "protocol": found, "body": found.body, "services": [found.service]}
    return {}


@refusing
def training_add(request):
    require(request, HANDLE)
    if request.method == "POST":
        form = TrainingForm(request.POST)
    else:
        form = TrainingForm(initial=_training_initial(request.GET))
    training = _run(request, form, lambda: form.run(request.user))
    if training is not None:
        messages.success(request, _("Training “%(training)s” recorded.") % {"training": training})
        return redirect("authorities_training", pk=training.pk)
    return _form_page(
        request, form, title=_("Record a training"), icon="user", back_url=reverse("authorities_trainings")
    )


@refusing
def training_detail(request, pk):
    training = _one(request, VIEW_TRAINING, selectors.trainings_for(request.user), pk)
    fields = [
        (_("Kind"), training.get_kind_display()),
        (_("Topic"), training.topic),
        (_("Held on"), training.held_on.strftime("%d.%m.%Y")),
        (_("Body"), training.body),
        (_("Trained by"), training.trainer),
        (_("Public services"), ", ".join(str(service) for service in training.services.all())),
        (_("UCC staff trained"), _people(training.trainees.all())),
        (_("Other attendees"), training.attendees),
        (_("Onboarding protocol"), training.protocol),
        (_("Training request (para 30)"), training.request),
        (_("Notes"), training.notes),
    ]
    return _record(
        request,
        training,
        icon="user",
        fields=fields,
        actions=[],
        back_url=reverse("authorities_trainings"),
        back_label=_("Back to the trainings"),
    )


# --- para 30: training requests --------------------------------------------------------------------------


def _request_row(record):
    return {
        "url": reverse("authorities_training_request", args=[record.pk]),
        "cells": [record.topic, record.authority, record.received_on.strftime("%d.%m.%Y"), record.get_state_display()],
    }


@refusing
def training_requests(request):
    require(request, VIEW_REQUEST)
    return _listing(
        request,
        title=_("Training requests"),
        icon="mail",
        queryset=selectors.training_requests_for(request.user),
        headings=[_("Topic asked for"), _("Authority"), _("Received on"), _("State")],
        row=_request_row,
        add_url=reverse("authorities_training_request_add"),
        add_label=_("Register a training request"),
        intro=_("Para 30: the quality authority asks in writing that the UCC train its employees."),
    )


@refusing
def training_request_add(request):
    require(request, HANDLE)
    form = TrainingRequestForm(request.POST or None)
    record = _run(request, form, lambda: form.run(request.user))
    if record is not None:
        messages.success(request, _("Training request “%(request)s” registered.") % {"request": record})
        return redirect("authorities_training_request", pk=record.pk)
    return _form_page(
        request,
        form,
        title=_("Register a training request"),
        icon="mail",
        back_url=reverse("authorities_training_requests"),
    )


def _request_actions(record, user):
    allowed = {transition.name for transition in record.get_available_user_state_transitions(user)}
    actions = [
        (reverse("authorities_training_request_step", args=[record.pk, name]), label)
        for name, (_form, label) in REQUEST_STEPS.items()
        if name in allowed
    ]
    if "mark_held" in allowed:
        actions.append((f"{reverse('authorities_training_add')}?request={record.pk}", _("Record the training held…")))
    return actions


@refusing
def training_request_detail(request, pk):
    record = _one(request, VIEW_REQUEST, selectors.training_requests_for(request.user), pk)
    fields = [
        (_("Authority"), record.authority),
        (_("Request letter (number and date)"), record.letter_reference),
        (_("Topic asked for"), record.topic),
        (_("Received on"), record.received_on.strftime("%d.%m.%Y")),
        (_("State"), record.get_state_display()),
        (_("Training scheduled for"), record.scheduled_for.strftime("%d.%m.%Y") if record.scheduled_for else ""),
        (_("Trainings"), ", ".join(str(training) for training in record.trainings.all())),
        (_("Note"), record.note),
    ]
    return _record(
        request,
        record,
        icon="mail",
        fields=fields,
        actions=_request_actions(record, request.user),
        back_url=reverse("authorities_training_requests"),
        back_label=_("Back to the training requests"),
    )


@refusing
def training_request_step(request, pk, name):
    record = _one(request, VIEW_REQUEST, selectors.training_requests_for(request.user), pk)
    if name not in REQUEST_STEPS:
        raise Http404
    allowed = {transition.name for transition in record.get_available_user_state_transitions(request.user)}
    if name not in allowed:
        raise PermissionDenied
    return _step(request, record, REQUEST_STEPS[name], "authorities_training_request")


def _step(request, record, step_form, detail_name):
    form_class, label = step_form
    form = form_class(request.POST or None, record=record)
    if _run(request, form, lambda: form.run(record, request.user) or record) is not None:
        messages.success(request, _("“%(record)s”: %(step)s — done.") % {"record": record, "step": label})
        return redirect(detail_name, pk=record.pk)
    back_url = reverse(detail_name, args=[record.pk])
    return _form_page(request, form, title=str(label).rstrip("…"), icon="tasks", back_url=back_url, record=record)


# --- para 25, second part: visits ----------------------------------------------------------------------


def _visit_row(visit):
    return {
        "url": reverse("authorities_visit", args=[visit.pk]),
        "cells": [visit.body, visit.visit_on.strftime("%d.%m.%Y"), visit.agreed_with, visit.get_state_display()],
    }


@refusing
def visits(request):
    require(request, VIEW_VISIT)
    return _listing(
        request,
        title=_("Visits"),
        icon="site",
        queryset=selectors.visits_for(request.user),
        headings=[_("Provider visited"), _("Date of the visit"), _("Agreed with"), _("State")],
        row=_visit_row,
        add_url=reverse("authorities_visit_add"),
        add_label=_("Record a visit"),
        intro=_("Para 25: visits of UCC specialists to a provider, agreed with the body."),
    )


@refusing
def visit_add(request):
    require(request, HANDLE)
    form = VisitForm(request.POST or None)
    visit = _run(request, form, lambda: form.run(request.user))
    if visit is not None:
        messages.success(request, _("Visit “%(visit)s” recorded.") % {"visit": visit})
        return redirect("authorities_visit", pk=visit.pk)
    return _form_page(request, form, title=_("Record a visit"), icon="site", back_url=reverse("authorities_visits"))


def _visit_steps(visit, user):
    if visit.state != Visit.State.PLANNED or not user.has_perm(HANDLE):
        return {}
    return VISIT_STEPS


@refusing
def visit_detail(request, pk):
    visit = _one(request, VIEW_VISIT, selectors.visits_for(request.user), pk)
    fields = [
        (_("Provider visited"), visit.body),
        (_("Agreed with"), visit.agreed_with),
        (_("Date of the visit"), visit.visit_on.strftime("%d.%m.%Y")),
        (_("State"), visit.get_state_display()),
        (_("UCC specialists"), _people(visit.specialists.all())),
        (_("Public services"), ", ".join(str(service) for service in visit.services.all())),
        (_("Notes"), visit.notes),
    ]
    actions = [
        (reverse("authorities_visit_step", args=[visit.pk, name]), label)
        for name, (_form, label) in _visit_steps(visit, request.user).items()
    ]
    return _record(
        request,
        visit,
        icon="site",
        fields=fields,
        actions=actions,
        back_url=reverse("authorities_visits"),
        back_label=_("Back to the visits"),
    )


@refusing
def visit_step(request, pk, name):
    visit = _one(request, VIEW_VISIT, selectors.visits_for(request.user), pk)
    if name not in VISIT_STEPS:
        raise Http404
    if name not in _visit_steps(visit, request.user):
        raise PermissionDenied
    return _step(request, visit, VISIT_STEPS[name], "authorities_visit")


urlpatterns = [
    path("authorities/trainings/", trainings, name="authorities_trainings"),
    path("authorities/trainings/add/", training_add, name="authorities_training_add"),
    path("authorities/trainings/<int:pk>/", training_detail, name="authorities_training"),
    path("authorities/training-requests/", training_requests, name="authorities_training_requests"),
    path("authorities/training-requests/add/", training_request_add, name="authorities_training_request_add"),
    path("authorities/training-requests/<int:pk>/", training_request_detail, name="authorities_training_request"),
    path(
        "authorities/training-requests/<int:pk>/step/<str:name>/",
        training_request_step,
        name="authorities_training_request_step",
    ),
    path("authorities/visits/", visits, name="authorities_visits"),
    path("authorities/visits/add/", visit_add, name="authorities_visit_add"),
    path("authorities/visits/<int:pk>/", visit_detail, name="authorities_visit"),
    path("authorities/visits/<int:pk>/step/<str:name>/", visit_step, name="authorities_visit_step"),
]
menu_entries = [
    (gettext_lazy("Trainings"), "authorities_trainings", "user", VIEW_TRAINING),
    (gettext_lazy("Training requests"), "authorities_training_requests", "mail", VIEW_REQUEST),
    (gettext_lazy("Visits"), "authorities_visits", "site", VIEW_VISIT),
]
