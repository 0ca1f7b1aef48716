"""The forms of the information requests (paras 24-25) and the escalations (para 28): each step asks for
what the Rules record, and `run` calls its one service."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from workflows.directory.models import StateBody
from workflows.registry.models import PublicService

from ..models import INFORMATION_DEFAULT_WORKING_DAYS, InformationRequest
from ..services import escalations, information

MAX_FILE_BYTES = 20 * 2**20


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once (Django's documented way); a list, empty when none were chosen."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [single(upload, initial) for upload in files]
        for upload in cleaned:
            if upload.size > MAX_FILE_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than %(mb)s MB.") % {"name": upload.name, "mb": MAX_FILE_BYTES // 2**20}
                )
        return cleaned


class DraftForm(forms.Form):
    """Para 24: what the UCC asks, of whom, and the term it gives."""

    body = forms.ModelChoiceField(
        queryset=StateBody.objects.filter(is_active=True, kind__in=information.ASKABLE_KINDS),
        label=_("Body asked"),
        help_text=_("A central or local executive body, a service provider or an e-service subject (para 24)."),
    )
    service = forms.ModelChoiceField(queryset=PublicService.objects.all(), required=False, label=_("Public service"))
    subject = forms.CharField(max_length=300, label=_("Subject"))
    question = forms.CharField(label=_("What the UCC asks"), widget=forms.Textarea(attrs={"rows": 5}))
    term_working_days = forms.IntegerField(
        min_value=1,
        max_value=60,
        initial=INFORMATION_DEFAULT_WORKING_DAYS,
        label=_("Term for the answer, working days"),
        help_text=_("The Rules set none; five working days unless changed."),
    )

    def run(self, user):
        return information.draft_information_request(user=user, **self.cleaned_data)


class StepForm(forms.Form):
    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record


class SendForm(StepForm):
    """Para 24: sent now, to the contacts listed."""

    def run(self, user):
        return information.send_information_request(self.record, user)


class AnswerForm(StepForm):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}))
    files = MultipleFileField(label=_("Files"))
    flag_articles = forms.BooleanField(
        required=False,
        label=_("Flag the service's Knowledge Base articles for review"),
        help_text=_("The answer changes what the articles say."),
    )

    def run(self, user):
        data = self.cleaned_data
        return information.record_answer(
            self.record, data["answer"], files=data["files"], flag_articles=data["flag_articles"], user=user
        )


class RefuseForm(StepForm):
    ground = forms.ChoiceField(
        choices=InformationRequest.Ground.choices,
        label=_("Ground of the refusal"),
        help_text=_("Para 25: secrets protected by law may lawfully be withheld; para 28 counts the rest."),
    )
    text = forms.CharField(label=_("The refusal as received"), widget=forms.Textarea(attrs={"rows": 4}))
    on = forms.DateField(label=_("Refused on"), widget=AdminDateInput)
    files = MultipleFileField(label=_("Files"))

    def run(self, user):
        data = self.cleaned_data
        return information.record_refusal(
            self.record, data["ground"], data["text"], data["on"], files=data["files"], user=user
        )


class AcknowledgeForm(StepForm):
    on = forms.DateField(label=_("Acknowledged on"), widget=AdminDateInput)

    def run(self, user):
        return escalations.acknowledge_escalation(self.record, self.cleaned_data["on"], user)


class SendEscalationForm(StepForm):
    def run(self, user):
        return escalations.send_escalation(self.record, user)


# transition name -> (form, button label)
REQUEST_STEPS = {
    "send": (SendForm, _("Send…")),
    "record_answer": (AnswerForm, _("Record the answer…")),
    "record_refusal": (RefuseForm, _("Record a refusal…")),
}
ESCALATION_STEPS = {
    "send": (SendEscalationForm, _("Send to the authority…")),
    "acknowledge": (AcknowledgeForm, _("Acknowledged…")),
}
