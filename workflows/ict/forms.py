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


class ArticleChoice(forms.TypedMultipleChoiceField):
    """Knowledge Base articles ticked from the search shown beside the form (as the appeal screen links
    them, para 9). The choices are the search's results; a posted id is checked against the Knowledge Base."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(coerce=int, required=False, **kwargs)

    def valid_value(self, value):
        from cms.knowledge.selectors import knowledge_articles

        return str(value).isdigit() and bool(knowledge_articles(pk=int(value)))


class KnowledgeBaseForm(forms.Form):
    """A step form that can link the articles the answer came from; `articles` are the search's results."""

    def __init__(self, *args, record, articles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        chosen = list(record.articles.values_list("pk", flat=True)) if record.pk else []
        self.fields["articles"].choices = [(article.pk, article.title) for article in articles]
        self.fields["articles"].initial = chosen

    def chosen_articles(self):
        from cms.knowledge.selectors import knowledge_articles

        return [found for pk in self.cleaned_data["articles"] for found in knowledge_articles(pk=pk)]


class ConsultForm(KnowledgeBaseForm):
    articles = ArticleChoice(label=_("Knowledge Base articles used"))

    def run(self, user):
        return services.consult(self.record, articles=self.chosen_articles(), user=user)


class AnswerForm(KnowledgeBaseForm):
    text = forms.CharField(label=_("answer"), widget=forms.Textarea)
    articles = ArticleChoice(label=_("Knowledge Base articles used"))

    def run(self, user):
        return services.answer(self.record, text=self.cleaned_data["text"], articles=self.chosen_articles(), user=user)


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
