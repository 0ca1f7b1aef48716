"""The ICT desk's admin forms: register a request (UCC operator or a body's user), and each step's form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workflows.accounts.roles import is_restricted_to_own_body, own_body_ids
from workflows.directory.models import StateBody

from . import services
from .models import IctRequest, IctService

BODY_KINDS = (StateBody.Kind.CENTRAL_BODY, StateBody.Kind.LOCAL_EXECUTIVE_BODY, StateBody.Kind.OTHER_PROVIDER)


class RegisterForm(forms.ModelForm):
    class Meta:
        model = IctRequest
        fields = [
            "body",
            "service",
            "channel",
            "request_type",
            "priority",
            "requester_name",
            "requester_phone",
            "requester_email",
            "subject",
            "description",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bodies = StateBody.objects.filter(kind__in=BODY_KINDS, is_active=True)
        self.restricted = is_restricted_to_own_body(user)
        if self.restricted:  # a body's user registers for their own body, through the form
            bodies = bodies.filter(pk__in=own_body_ids(user))
            self.fields["channel"].choices = [(IctRequest.Channel.FORM, IctRequest.Channel.FORM.label)]
            self.fields["channel"].initial = IctRequest.Channel.FORM
            self.fields["requester_name"].initial = user.get_full_name() or user.get_username()
            self.fields["requester_email"].initial = user.email
        self.fields["body"].queryset = bodies
        self.fields["body"].required = True
        self.fields["service"].queryset = IctService.objects.filter(is_active=True)

    def run(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if self.restricted:
            data["channel"] = IctRequest.Channel.FORM
            data["requester_user"] = self.user
        return services.register_request(**data, user=self.user)


class ConsultForm(forms.Form):
    articles = forms.CharField(
        label=_("Knowledge Base article IDs"),
        required=False,
        help_text=_("The articles the answer comes from, comma separated (the Knowledge Base search shows their IDs)."),
    )

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record

    def clean_articles(self):
        from cms.knowledge.selectors import knowledge_articles

        found = []
        for piece in filter(None, (part.strip() for part in self.cleaned_data["articles"].split(","))):
            if not piece.isdigit() or not knowledge_articles(pk=int(piece)):
                raise forms.ValidationError(_("No Knowledge Base article %(id)s.") % {"id": piece})
            found.extend(knowledge_articles(pk=int(piece)))
        return found

    def run(self, user):
        return services.consult(self.record, articles=self.cleaned_data["articles"], user=user)


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("answer"), widget=forms.Textarea)

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record

    def run(self, user):
        return services.answer(self.record, text=self.cleaned_data["text"], user=user)


class ForwardForm(forms.Form):
    note = forms.CharField(label=_("note to the ICI operator"), widget=forms.Textarea, required=False)

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record

    def run(self, user):
        return services.forward_to_ici(self.record, note=self.cleaned_data["note"], user=user)


class IciReplyForm(forms.Form):
    reply = forms.CharField(label=_("the ICI operator's reply"), widget=forms.Textarea)

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record

    def run(self, user):
        return services.record_ici_reply(self.record, reply=self.cleaned_data["reply"], user=user)


class CloseForm(forms.Form):
    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record

    def run(self, user):
        return services.close(self.record, user=user)


# transition name → (form, label)
STEP_FORMS = {
    "consult": (ConsultForm, _("Consult the Knowledge Base…")),
    "give_answer": (AnswerForm, _("Answer…")),
    "forward": (ForwardForm, _("Forward to the ICI operator…")),
    "record_ici_reply": (IciReplyForm, _("Record the ICI operator's reply…")),
    "close": (CloseForm, _("Close")),
}
