"""Payloads of the phone system's API and the citizen's rating form, checked field by field so that a bad
request gets a message per field."""

import re

from django import forms
from django.forms.forms import DeclarativeFieldsMetaclass
from django.utils.translation import gettext_lazy as _

from .models import Call, Rating

CALL_ID = re.compile(r"^[\w.:@-]{1,100}$")
# The line as phone systems name it: the number dialled, with or without spaces, or our channel code.
LINES = {
    "1414": Call.Line.LINE_1414,
    "88000807777": Call.Line.LINE_8800,
    Call.Line.LINE_1414.value: Call.Line.LINE_1414,
    Call.Line.LINE_8800.value: Call.Line.LINE_8800,
}
LINE_NUMBERS = {Call.Line.LINE_1414: "1414", Call.Line.LINE_8800: "88000807777"}
MAX_SECONDS = 24 * 3600


def line_code(value):
    text = str(value or "").strip().lower()
    return LINES.get(text) or LINES.get(re.sub(r"\D", "", text))


class StrictIntegerField(forms.IntegerField):
    """A JSON number or a string of digits; `true` or 3.7 are refused rather than read as 1 or 3."""

    def to_python(self, value):
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class LineField(forms.CharField):
    """The line as the phone system names it, read as our channel code."""

    def __init__(self, **kwargs):
        super().__init__(max_length=40, **kwargs)

    def clean(self, value):
        code = line_code(super().clean(value))
        if code is None:
            raise forms.ValidationError(_("the line is 1414 or 8 800 080 7777"), code="invalid")
        return code


class Payload(metaclass=DeclarativeFieldsMetaclass):
    """A JSON object checked field by field with Django's form fields — the same conversions and messages
    as a `Form` with these fields, `cleaned_data` and `errors` alike — but without a `Form`, which
    deep-copies and binds its fields on every request: at hundreds of events a second that costs more than
    the checks. The fields are shared between requests and only read."""

    def __init__(self, data):
        self.cleaned_data, self.errors = {}, {}
        for name, field in self.base_fields.items():
            try:
                self.cleaned_data[name] = field.clean(data.get(name))
            except forms.ValidationError as invalid:
                self.errors[name] = invalid.messages

    def is_valid(self):
        return not self.errors


class OpenCallPayload(Payload):
    call_id = forms.RegexField(
        regex=CALL_ID, error_messages={"invalid": _("letters, digits and . : @ - _ only, up to 100")}
    )
    line = LineField()
    caller_number = forms.RegexField(
        regex=r"^\+?[\d\s().-]{3,30}$",
        required=False,
        max_length=50,
        error_messages={"invalid": _("a phone number: digits, spaces, brackets, dashes")},
    )
    wait_seconds = StrictIntegerField(min_value=0, max_value=MAX_SECONDS)
    operator = forms.CharField(max_length=150, required=False)
    started_at = forms.DateTimeField(required=False)


class CloseCallPayload(Payload):
    talk_seconds = StrictIntegerField(min_value=0, max_value=MAX_SECONDS)
    recording_reference = forms.CharField(max_length=255, required=False)
    appeal = forms.CharField(max_length=20, required=False)
    closed_at = forms.DateTimeField(required=False)


class ScoreField(StrictIntegerField):
    def __init__(self, **kwargs):
        messages = {
            "min_value": _("the score is from 1 to 5"),
            "max_value": _("the score is from 1 to 5"),
            "invalid": _("the score is a whole number from 1 to 5"),
        }
        super().__init__(min_value=1, max_value=5, error_messages=messages, **kwargs)


class CallRatingPayload(Payload):
    score = ScoreField()


class AppealRatingForm(forms.Form):
    """Para 13 on the web: five choices, the citizen picks one."""

    score = forms.TypedChoiceField(
        label=_("How would you rate the answer to your appeal?"),
        choices=[(score, str(score)) for score in reversed(Rating.SCORES)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a score from 1 to 5.")},
    )


class CallLogUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Call log (CSV)"),
        help_text=_("The phone system's export: one row per call, UTF-8, comma or semicolon separated."),
    )

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
