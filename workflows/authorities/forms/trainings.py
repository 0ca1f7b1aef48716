"""The forms of trainings (paras 15, 17, 21, 30), training requests (para 30) and visits (para 25)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from workflows.accounts.roles import AUTHORITY_VIEWER, RESPONSIBLE_PERSON
from workflows.directory.models import StateBody
from workflows.onboarding.models import OnboardingProtocol
from workflows.registry.models import PublicService

from ..models import Training, TrainingRequest
from ..services import trainings as services

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def _date(label, help_text=""):
    return forms.DateField(label=label, help_text=help_text, widget=AdminDateInput)


def _people():
    """The UCC's staff: active users with a role, other than the bodies' and the authorities' people."""
    outside = [RESPONSIBLE_PERSON.name, AUTHORITY_VIEWER.name]
    users = get_user_model().objects.filter(is_active=True, groups__isnull=False).exclude(groups__name__in=outside)
    return users.distinct().order_by("last_name", "first_name", "username")


def _bodies():
    return StateBody.objects.filter(is_active=True)


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Training.Kind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=300)
    held_on = _date(_("Held on"))
    body = forms.ModelChoiceField(
        queryset=_bodies(),
        required=False,
        label=_("Body"),
        help_text=_("The body that trained (paras 17, 21) or was trained (para 30)."),
    )
    trainer = forms.CharField(label=_("Trained by"), max_length=300, required=False)
    services = forms.ModelMultipleChoiceField(
        queryset=PublicService.objects.order_by("register_number"), required=False, label=_("Public services")
    )
    trainees = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(), required=False, label=_("UCC staff trained")
    )
    attendees = forms.CharField(label=_("Other attendees"), required=False, widget=TEXTAREA)
    protocol = forms.ModelChoiceField(
        queryset=OnboardingProtocol.objects.select_related("service", "body"),
        required=False,
        label=_("Onboarding protocol"),
        help_text=_("Para 21: the training step of the service's onboarding."),
    )
    request = forms.ModelChoiceField(
        queryset=TrainingRequest.objects.filter(
            state__in=[TrainingRequest.State.RECEIVED, TrainingRequest.State.SCHEDULED]
        ),
        required=False,
        label=_("Training request (para 30)"),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=TEXTAREA)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainees"].queryset = _people()

    def run(self, user):
        return services.record_training(user=user, **self.cleaned_data)


class TrainingRequestForm(forms.Form):
    authority = forms.ModelChoiceField(
        queryset=_bodies().filter(kind=StateBody.Kind.QUALITY_AUTHORITY), label=_("Authority")
    )
    letter_reference = forms.CharField(label=_("Request letter (number and date)"), max_length=300)
    topic = forms.CharField(label=_("Topic asked for"), max_length=300)
    received_on = _date(_("Received on"))
    note = forms.CharField(label=_("Note"), required=False, widget=TEXTAREA)

    def run(self, user):
        return services.register_training_request(user=user, **self.cleaned_data)


class VisitForm(forms.Form):
    body = forms.ModelChoiceField(queryset=_bodies().exclude(kind=StateBody.Kind.UCC), label=_("Provider visited"))
    agreed_with = forms.CharField(
        label=_("Agreed with"), max_length=300, help_text=_("Who at the body agreed the visit.")
    )
    visit_on = _date(_("Date of the visit"))
    specialists = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(), required=False, label=_("UCC specialists")
    )
    services = forms.ModelMultipleChoiceField(
        queryset=PublicService.objects.order_by("register_number"), required=False, label=_("Public services")
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=TEXTAREA)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialists"].queryset = _people()

    def run(self, user):
        return services.record_visit(user=user, **self.cleaned_data)


class StepForm(forms.Form):
    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record


class ScheduleForm(StepForm):
    on = _date(_("Training scheduled for"))

    def run(self, record, user):
        return services.schedule_training_request(request=record, user=user, **self.cleaned_data)


class DeclineForm(StepForm):
    note = forms.CharField(label=_("Why"), widget=TEXTAREA)

    def run(self, record, user):
        return services.decline_training_request(request=record, user=user, **self.cleaned_data)


class VisitHeldForm(StepForm):
    notes = forms.CharField(label=_("Notes"), required=False, widget=TEXTAREA)

    def run(self, record, user):
        return services.mark_visit_held(visit=record, user=user, **self.cleaned_data)


class VisitCancelForm(StepForm):
    reason = forms.CharField(label=_("Why"), widget=TEXTAREA)

    def run(self, record, user):
        return services.cancel_visit(visit=record, user=user, **self.cleaned_data)


REQUEST_STEPS = {
    "schedule": (ScheduleForm, _("Schedule the training…")),
    "decline": (DeclineForm, _("Decline…")),
}
VISIT_STEPS = {
    "held": (VisitHeldForm, _("Visit held…")),
    "cancel": (VisitCancelForm, _("Cancel the visit…")),
}
