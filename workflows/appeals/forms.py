"""Forms of the operators' screens (a step's inputs, a new appeal from a call) and of the public appeal form."""

import time

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from workflows.accounts.roles import role_label
from workflows.directory.models import Region, StateBody
from workflows.lists.selectors import ListName, choices
from workflows.registry.models import PublicService

from .attachments import checked_uploads
from .models import Appeal

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def operators():
    return get_user_model().objects.filter(is_active=True, groups__permissions__codename="work_appeal").distinct()


class StepForm(forms.Form):
    """A step's inputs; `state` is the state the operator's screen showed (a stale screen is refused)."""

    state = forms.CharField(widget=forms.HiddenInput)

    def arguments(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "state"}


class ReasonForm(StepForm):
    reason = forms.CharField(label=_("Why"), required=False, widget=TEXTAREA)


class AssignForm(ReasonForm):
    operator = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label=_("Operator"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = operators()


class FilesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once (issue 19, item 7), each checked by its content: a list of
    `(upload, safe name, content type)`, all accepted or the field refused."""

    widget = FilesInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("PDF, PNG, JPEG, DOCX, XLSX or ODT; at most 5 files of 10 MB each."))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, (list, tuple)) else [data]) if upload]
        if not uploads:
            return []
        try:
            return checked_uploads([super(AttachmentsField, self).clean(upload, initial) for upload in uploads])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error


class AnswerForm(StepForm):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}))
    measures_taken = forms.CharField(label=_("Measures taken"), required=False, widget=TEXTAREA)
    attachments = AttachmentsField(label=_("Files with the answer"))


class RedirectForm(StepForm):
    """Para 11: to another operator, or to a group's queue."""

    operator = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False, label=_("Operator"))
    queue = forms.ModelChoiceField(queryset=Group.objects.all(), required=False, label=_("or group"))
    reason = forms.CharField(label=_("Why"), widget=TEXTAREA)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = operators()
        self.fields["queue"].queryset = Group.objects.filter(permissions__codename="work_appeal").distinct()
        self.fields["queue"].label_from_instance = role_label

    def clean(self):
        data = super().clean()
        if bool(data.get("operator")) == bool(data.get("queue")):
            raise forms.ValidationError(_("Choose the operator or the group — one of the two."))
        return data


class BodyForm(StepForm):
    """Para 10 (the competent body) or forwarding for clarification (a state body, the ICI operator)."""

    body = forms.ModelChoiceField(queryset=StateBody.objects.filter(is_active=True), label=_("State body"))
    reason = forms.CharField(label=_("Why"), widget=TEXTAREA)


class ClarificationForm(StepForm):
    clarification = forms.CharField(label=_("Clarification received"), widget=TEXTAREA)


STEP_FORMS = {
    "take": StepForm,
    "assign": AssignForm,
    "give_answer": AnswerForm,
    "redirect": RedirectForm,
    "refer": BodyForm,
    "forward": BodyForm,
    "receive_clarification": ClarificationForm,
    "close": ReasonForm,
}


class CallForm(forms.ModelForm):
    """A new appeal from a call: one screen, pre-filled from the phone system (?phone=…&line=1414&call=…)."""

    LINES = {"1414": Appeal.Channel.PHONE_1414, "88000807777": Appeal.Channel.PHONE_8800}

    # The phone system's id of the call, carried through the form so that the call keeps the appeal.
    call_id = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    class Meta:
        model = Appeal
        fields = [
            "channel",
            "applicant_phone",
            "applicant_name",
            "applicant_kind",
            "region",
            "applicant_email",
            "topic",
            "service",
            "content",
            "is_complaint",
        ]
        widgets = {"content": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [
            (value, label) for value, label in choices(ListName.APPEAL_CHANNEL) if value in Appeal.PHONE_CHANNELS
        ]
        # Issue 20, item 4: the reference lists' active entries, in the administrator's order.
        self.fields["topic"].choices = choices(ListName.APPEAL_TOPIC, current=self.instance.topic)
        self.fields["applicant_kind"].choices = choices(ListName.APPLICANT_KIND, current=self.instance.applicant_kind)
        self.fields["service"].queryset = PublicService.objects.order_by("register_number")

    @classmethod
    def initial_from_call(cls, params):
        """The phone system's parameters: `phone` (the caller's number), `line` (1414 or 8 800 080 7777) and
        `call` (its id of the call, as the telephony API's link gives it)."""
        line = "".join(ch for ch in params.get("line", "") if ch.isdigit())
        return {
            "applicant_phone": params.get("phone", "")[:50],
            "channel": cls.LINES.get(line, Appeal.Channel.PHONE_1414),
            "call_id": params.get("call", "")[:100],
        }


# --- the public appeal form -------------------------------------------------------------------------

TIMESTAMP_SALT = "appeals.public-form"


def fill_started_token():
    return signing.dumps(time.time(), salt=TIMESTAMP_SALT)


class PublicAppealForm(forms.Form):
    """A citizen's appeal from the site, without an account.

    Bots are told apart without outside services: a hidden field people leave empty (`website`), and a
    signed start time — a form sent back faster than `UCC_APPEAL_MIN_FILL_SECONDS` is refused.
    """

    applicant_name = forms.CharField(label=_("Your full name"), max_length=300)
    applicant_email = forms.EmailField(
        label=_("E-mail"), help_text=_("The registration number and the answer are sent to this address.")
    )
    applicant_phone = forms.RegexField(
        label=_("Phone"),
        required=False,
        max_length=50,
        regex=r"^\+?[\d\s().-]{6,30}$",
        error_messages={"invalid": _("Enter a phone number with digits only, e.g. +7 701 123 45 67.")},
    )
    applicant_kind = forms.ChoiceField(label=_("You are"), choices=lambda: choices(ListName.APPLICANT_KIND))
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False)
    topic = forms.ChoiceField(label=_("Topic"), choices=lambda: choices(ListName.APPEAL_TOPIC))
    # Set by the service page's "ask a question about this service" link (?service=<register number>).
    service = forms.ModelChoiceField(
        queryset=PublicService.objects.all(), to_field_name="register_number", required=False, widget=forms.HiddenInput
    )
    content = forms.CharField(
        label=_("Your question"), min_length=10, max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    attachments = AttachmentsField(label=_("Files"))
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("The form could not be accepted. Please try again."))
        return ""

    def clean_started(self):
        try:
            started = signing.loads(self.cleaned_data["started"], salt=TIMESTAMP_SALT, max_age=24 * 3600)
        except signing.BadSignature as error:
            raise forms.ValidationError(_("The form has expired. Please fill it in again.")) from error
        if time.time() - float(started) < settings.UCC_APPEAL_MIN_FILL_SECONDS:
            raise forms.ValidationError(_("The form was sent too quickly. Please check it and send it again."))
        return started


class RoutingTryForm(forms.Form):
    """Issue 20, item 5: the "test this rule" box — the facts of a sample appeal."""

    channel = forms.ChoiceField(label=_("Channel"), choices=lambda: choices(ListName.APPEAL_CHANNEL))
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=lambda: choices(ListName.APPEAL_TOPIC, blank="—")
    )
    service = forms.ModelChoiceField(
        label=_("Public service"), required=False, queryset=PublicService.objects.order_by("register_number")
    )
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", "—"), *settings.LANGUAGES])
    region = forms.ModelChoiceField(label=_("Region"), required=False, queryset=Region.objects.all())
    is_complaint = forms.BooleanField(label=_("Complaint"), required=False)
