"""The forms of the protocol's steps (each transition asks for what the Rules record) and of the bulk start."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from workflows.accounts.roles import is_restricted_to_own_body, own_body_ids
from workflows.directory.models import StateBody
from workflows.registry.models import PublicService, ResponsiblePerson

from . import services

MAX_SCAN_BYTES = 20 * 2**20


def _date_field(label, help_text=""):
    return forms.DateField(label=label, help_text=help_text, widget=AdminDateInput)


class StepForm(forms.Form):
    """A transition's form: `run` calls the service with the cleaned data."""

    def __init__(self, *args, protocol, **kwargs):
        super().__init__(*args, **kwargs)
        self.protocol = protocol


class InformationForm(StepForm):
    received_on = _date_field(_("Information received on"), _("Para 20: due within three working days."))
    responsible_person = forms.ModelChoiceField(
        queryset=ResponsiblePerson.objects.none(), required=False, label=_("Responsible person")
    )

    def __init__(self, *args, protocol, **kwargs):
        super().__init__(*args, protocol=protocol, **kwargs)
        self.fields["responsible_person"].queryset = ResponsiblePerson.objects.filter(
            body_id=protocol.body_id,
            state__in=[ResponsiblePerson.State.APPOINTED, ResponsiblePerson.State.ACTIVE],
        )

    def run(self, protocol, user):
        return services.receive_information(protocol=protocol, user=user, **self.cleaned_data)


class ScheduleTrainingForm(StepForm):
    training_on = _date_field(_("Training on"), _("Para 21: within ten working days after the information."))

    def run(self, protocol, user):
        return services.schedule_training(protocol=protocol, user=user, **self.cleaned_data)


class HoldTrainingForm(StepForm):
    held_on = _date_field(_("Training held on"))

    def run(self, protocol, user):
        return services.hold_training(protocol=protocol, user=user, **self.cleaned_data)


class SignForm(StepForm):
    signed_on = _date_field(_("Signed on"), _("Para 23: consultations start after five working days."))
    ucc_signatory = forms.CharField(max_length=300, label=_("Signed for the UCC by (name, position)"))
    body_signatory = forms.CharField(max_length=300, label=_("Signed for the body by (name, position)"))
    signed_scan = forms.FileField(
        label=_("Signed copy (scan, PDF or image)"),
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png", "tif", "tiff"])],
    )

    def clean_signed_scan(self):
        scan = self.cleaned_data["signed_scan"]
        if scan.size > MAX_SCAN_BYTES:
            raise forms.ValidationError(_("The scan is larger than %(mb)s MB.") % {"mb": MAX_SCAN_BYTES // 2**20})
        return scan

    def run(self, protocol, user):
        return services.sign_protocol(protocol=protocol, user=user, **self.cleaned_data)


class CloseForm(StepForm):
    on = _date_field(_("Date"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    action = staticmethod(services.cancel_protocol)

    def run(self, protocol, user):
        return self.action(protocol=protocol, user=user, **self.cleaned_data)


class WithdrawForm(CloseForm):
    action = staticmethod(services.withdraw_protocol)


# transition name -> (form, button label)
STEP_FORMS = {
    "receive_information": (InformationForm, _("Information received…")),
    "schedule_training": (ScheduleTrainingForm, _("Schedule training…")),
    "hold_training": (HoldTrainingForm, _("Training held…")),
    "sign": (SignForm, _("Protocol signed…")),
    "cancel": (CloseForm, _("Cancel…")),
    "withdraw": (WithdrawForm, _("Withdraw…")),
}


class StartForm(forms.Form):
    """Para 20: start onboarding one service from its by-law's approval."""

    service = forms.ModelChoiceField(queryset=PublicService.objects.all(), label=_("Public service"))
    body = forms.ModelChoiceField(
        queryset=StateBody.objects.filter(is_active=True),
        label=_("Body"),
        help_text=_("The central state body that approved the by-law, or the e-service subject (para 33)."),
    )
    bylaw_reference = forms.CharField(max_length=1000, label=_("By-law (title, number)"))
    bylaw_approved_on = _date_field(_("By-law approved on"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if is_restricted_to_own_body(user):
            self.fields["body"].queryset = self.fields["body"].queryset.filter(pk__in=own_body_ids(user))


class BulkStartForm(forms.Form):
    file = forms.FileField(
        label=_("List of approved by-laws (CSV or XLSX)"),
        help_text=_("Columns: register_number, bylaw_reference, bylaw_approved_on, and optionally body."),
    )
