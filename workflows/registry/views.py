"""Admin views behind the registry's state buttons: run a transition (POST only), replace a person (para 27);
and the Annex 1 PDF of a service.

Thin: they find the record the user may see, call `services`, and report the outcome as a message.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_fsm import has_transition_perm
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.widgets import AdminDateInput

from . import selectors, services
from .models import PublicService, ResponsiblePerson, ServiceChange

# The transitions offered as one-click buttons, with their labels; `replace` needs a form (below).
BUTTONS = {
    ResponsiblePerson: {"activate": gettext_lazy("Activate"), "archive": gettext_lazy("Archive")},
    ServiceChange: {
        "mark_information_updated": gettext_lazy("Mark information updated"),
        "confirm": gettext_lazy("Confirm"),
    },
}
FORM_TRANSITIONS = {ResponsiblePerson: {"replace": ("registry_replace_person", gettext_lazy("Replace…"))}}
MODELS = {(model._meta.app_label, model._meta.model_name): model for model in BUTTONS}


def _arguments(name, user):
    """What a button's transition needs besides the record: the moment, and who confirms."""
    if name == "mark_information_updated":
        return {"at": timezone.now()}
    if name == "confirm":
        return {"by": user, "at": timezone.now()}
    return {}


def listing_url(model):
    return reverse(model.snippet_viewset.get_url_name("list"))


def _visible_object(request, model, pk):
    opts = model._meta
    if not any(request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}") for action in ("view", "change")):
        raise PermissionDenied
    return get_object_or_404(selectors.visible_to(request.user, model), pk=pk)


def _refused(request, reason):
    messages.error(request, _("This change could not be made: %(reason)s; nothing was changed.") % {"reason": reason})


@require_POST
def run_transition(request, app_label, model_name, pk, name):
    """One state button: POST only (CSRF-protected), then back to the listing with a message."""
    model = MODELS.get((app_label, model_name))
    if model is None or name not in BUTTONS[model]:
        raise Http404
    obj = _visible_object(request, model, pk)
    next_url = get_valid_next_url_from_request(request) or listing_url(model)
    shown_state = request.POST.get("state")
    if shown_state and shown_state != obj.state:
        _refused(request, _("“%(object)s” was changed by someone else meanwhile") % {"object": obj})
        return redirect(next_url)
    try:
        services.run_transition(obj=obj, name=name, user=request.user, **_arguments(name, request.user))
    except services.TransitionRefused as refusal:
        _refused(request, refusal.message)
    else:
        messages.success(request, _("“%(object)s”: %(step)s — done.") % {"object": obj, "step": BUTTONS[model][name]})
    return redirect(next_url)


class ReplacementForm(forms.Form):
    """Para 27: who succeeds the person, from when, and when the body notified the UCC."""

    successor = forms.ModelChoiceField(
        queryset=ResponsiblePerson.objects.none(),
        required=False,
        label=gettext_lazy("Successor"),
        help_text=gettext_lazy("A person of the same body already registered (appointed or active)."),
    )
    successor_full_name = forms.CharField(
        required=False, max_length=300, label=gettext_lazy("Or a new successor: surname, name, patronymic")
    )
    successor_position = forms.CharField(required=False, max_length=300, label=gettext_lazy("New successor's position"))
    successor_phone = forms.CharField(required=False, max_length=200, label=gettext_lazy("New successor's phones"))
    successor_email = forms.EmailField(required=False, label=gettext_lazy("New successor's e-mail"))
    replaced_on = forms.DateField(label=gettext_lazy("Replaced on"), widget=AdminDateInput)
    notified_on = forms.DateField(
        required=False,
        label=gettext_lazy("UCC notified on"),
        help_text=gettext_lazy("Leave empty if the body has not notified the UCC yet (due within five working days)."),
        widget=AdminDateInput,
    )

    NEW_SUCCESSOR = ("successor_full_name", "successor_position", "successor_phone", "successor_email")

    def __init__(self, *args, person, may_appoint, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = ResponsiblePerson.objects.filter(
            body_id=person.body_id, state__in=[ResponsiblePerson.State.APPOINTED, ResponsiblePerson.State.ACTIVE]
        ).exclude(pk=person.pk)
        if not may_appoint:
            for name in self.NEW_SUCCESSOR:
                del self.fields[name]

    def clean(self):
        cleaned_data = super().clean()
        existing, new = cleaned_data.get("successor"), cleaned_data.get("successor_full_name")
        if bool(existing) == bool(new):
            raise forms.ValidationError(_("Choose a successor, or enter a new one — one of the two."))
        return cleaned_data


def _replace(person, data, user):
    """An existing successor, or a new one appointed with the replacement: one service call either way."""
    when = {"replaced_on": data["replaced_on"], "notified_on": data["notified_on"], "user": user}
    if data.get("successor"):
        return services.replace_responsible_person(person=person, successor=data["successor"], **when)
    return services.replace_by_new_person(
        person=person,
        full_name=data["successor_full_name"],
        position=data.get("successor_position", ""),
        phone=data.get("successor_phone", ""),
        email=data.get("successor_email", ""),
        **when,
    )


def replace_person(request, pk):
    """Para 27: replace a responsible person; their services pass to the successor from that day."""
    person = _visible_object(request, ResponsiblePerson, pk)
    back = listing_url(ResponsiblePerson)
    if not has_transition_perm(person.replace, request.user):
        _refused(request, _("“%(object)s” cannot be replaced now") % {"object": person})
        return redirect(back)
    may_appoint = request.user.has_perm("registry.add_responsibleperson")
    form = ReplacementForm(request.POST if request.method == "POST" else None, person=person, may_appoint=may_appoint)
    if form.is_bound and form.is_valid():
        try:
            _replace(person, form.cleaned_data, request.user)
        except services.TransitionRefused as refusal:
            _refused(request, refusal.message)
        else:
            messages.success(
                request,
                _("“%(object)s” was replaced by “%(successor)s”; the UCC is to be notified by %(due)s (para 27).")
                % {
                    "object": person,
                    "successor": person.replaced_by,
                    "due": timezone.localtime(person.notification_due).strftime("%d.%m.%Y"),
                },
            )
        return redirect(back)
    return TemplateResponse(
        request,
        "registry/replace_person.html",
        {
            "person": person,
            "form": form,
            "listing_url": back,
            "responsibilities": person.responsibilities.filter(end_date__isnull=True).select_related("service"),
        },
    )


def annex1_pdf(request, pk, language):
    """The Annex 1 form of one service, filled and ready to print and sign (kk or ru)."""
    if not request.user.has_perm("registry.view_publicservice"):
        raise PermissionDenied
    if language not in {"kk", "ru"}:
        raise Http404
    service = get_object_or_404(PublicService.objects.prefetch_related("providers"), pk=pk)
    document = services.annex1_pdf(service=service, language=language)
    response = HttpResponse(document.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.name}"'
    return response
