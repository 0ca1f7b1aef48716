"""The forms of para 14's call-record requests: registering one (with its letter) and its steps."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from workflows.directory.models import StateBody

from ..services import call_records as services

MAX_FILE_BYTES = 50 * 2**20
LETTER_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "tif", "tiff", "doc", "docx"]
RECORDING_EXTENSIONS = ["mp3", "wav", "ogg", "opus", "m4a", "gsm", "zip"]


def _limited(upload):
    if upload and upload.size > MAX_FILE_BYTES:
        raise forms.ValidationError(_("The file is larger than 50 MB."))
    return upload


class RegisterForm(forms.Form):
    requester = forms.ModelChoiceField(
        label=_("Requested by"),
        queryset=StateBody.objects.filter(kind__in=services.REQUESTER_KINDS, is_active=True),
        help_text=_("The authorized body in informatization or the quality-assessment authority (para 14)."),
    )
    letter_reference = forms.CharField(label=_("Request letter (number and date)"), max_length=300)
    letter = forms.FileField(
        label=_("Request letter (scan)"),
        required=False,
        validators=[FileExtensionValidator(LETTER_EXTENSIONS)],
    )
    phone = forms.CharField(label=_("Applicant's phone number"), max_length=50)
    period_start = forms.DateField(label=_("Date of the conversation (from)"), widget=AdminDateInput)
    period_end = forms.DateField(
        label=_("Date of the conversation (to)"),
        widget=AdminDateInput,
        required=False,
        help_text=_("Leave empty for a single date."),
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=AdminDateTimeInput,
        help_text=_("Para 14: the record is due four hours later, counted round the clock."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean_letter(self):
        return _limited(self.cleaned_data.get("letter"))

    def run(self, user):
        data = dict(self.cleaned_data)
        data["period_end"] = data["period_end"] or data["period_start"]
        return services.register_call_record_request(user=user, **data)


class StepForm(forms.Form):
    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record


class StartSearchForm(StepForm):
    def run(self, user, remote_addr=None):
        return services.start_search(self.record, user=user)


class CallChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, call):
        started = timezone.localtime(call.started_at).strftime("%d.%m.%Y %H:%M")
        parts = [started, call.call_id, str(call.operator or ""), call.recording_reference]
        return " — ".join(part for part in parts if part)


class ProvideForm(StepForm):
    calls = CallChoiceField(
        label=_("The calls the record is of"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recording_reference = forms.CharField(
        label=_("Recording provided (reference)"),
        max_length=500,
        required=False,
        help_text=_("The phone system's reference of the recording, or attach its file below."),
    )
    recording = forms.FileField(
        label=_("Recording (file)"), required=False, validators=[FileExtensionValidator(RECORDING_EXTENSIONS)]
    )

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        matching = services.matching_calls(record)
        self.fields["calls"].queryset = matching
        references = [call.recording_reference for call in matching if call.recording_reference]
        if len(references) == 1:
            self.fields["recording_reference"].initial = references[0]

    def clean_recording(self):
        return _limited(self.cleaned_data.get("recording"))

    def clean(self):
        data = super().clean()
        if not data.get("recording_reference") and not data.get("recording"):
            raise forms.ValidationError(_("Give the recording's reference or attach its file."))
        return data

    def run(self, user, remote_addr=None):
        return services.provide(self.record, user=user, remote_addr=remote_addr, **self.cleaned_data)


class NotFoundForm(StepForm):
    reason = forms.CharField(label=_("Why no record was found"), widget=forms.Textarea(attrs={"rows": 4}))

    def run(self, user, remote_addr=None):
        return services.report_not_found(self.record, user=user, **self.cleaned_data)


STEP_FORMS = {
    "start_search": (StartSearchForm, _("Start the search")),
    "provide": (ProvideForm, _("Provide the record…")),
    "report_not_found": (NotFoundForm, _("No record found…")),
}
