"""What a stage must look like, for the push API and the file import alike (para 29): checked field by field
with the telephony API's `Payload`, so each problem has its field and message."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.telephony.forms import Payload

from .models import IIN

NUMBER = r"^[\w./:-]{1,64}$"
FIELDS = ("application_number", "service", "provider", "iin", "stage_code", "stage_name", "changed_at")
REQUIRED = ("application_number", "stage_code", "stage_name", "changed_at")
# What each column of a file (and each field of a push) holds, as the import screen explains it.
COLUMN_HELP = {
    "application_number": _("the application's number in the monitoring system"),
    "service": _("the public service's register number"),
    "provider": _("the service provider's code in the directory of bodies"),
    "iin": _("the applicant's IIN, 12 digits"),
    "stage_code": _("the stage's code in the monitoring system"),
    "stage_name": _("the stage as the applicant is told it"),
    "changed_at": _("when the stage changed: 2026-03-16T10:00:05+05:00, or local time"),
}
FUTURE_TOLERANCE = timedelta(minutes=5)  # the monitoring system's clock may run a little ahead of ours


class MomentField(forms.DateTimeField):
    """ISO 8601 with an offset, or local (Almaty) time without one; not in the future."""

    def clean(self, value):
        moment = super().clean(value)
        if moment is not None and moment > timezone.now() + FUTURE_TOLERANCE:
            raise forms.ValidationError(_("the time of the change is in the future"), code="future")
        return moment


class StagePayload(Payload):
    application_number = forms.RegexField(
        regex=NUMBER, error_messages={"invalid": _("letters, digits and . / : - _ only, up to 64")}
    )
    service = forms.RegexField(
        regex=r"^\d{3,16}$", required=False, error_messages={"invalid": _("the service's register number: digits")}
    )
    provider = forms.CharField(max_length=64, required=False)
    iin = forms.RegexField(regex=IIN.pattern, required=False, error_messages={"invalid": _("the IIN is 12 digits")})
    stage_code = forms.CharField(max_length=64)
    stage_name = forms.CharField(max_length=500)
    changed_at = MomentField(error_messages={"invalid": _("a date and time like 2026-03-16T10:00:05+05:00")})


class StageFileForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8, comma or semicolon) or XLSX, the header in the first row."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        return upload


class LookUpForm(forms.Form):
    q = forms.CharField(label=_("Application number or IIN"), max_length=64, required=False)
