"""The form a visitor fills on a form page: the editor's fields, the state body for an ICT request, and the
public appeal form's bot protection (its honeypot and signed start time, the same checks: `PublicAppealForm`)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from workflows.appeals.forms import PublicAppealForm
from workflows.directory.models import StateBody

from .choices import Target


class GuardedForm(BaseForm):
    clean_website = PublicAppealForm.clean_website
    clean_started = PublicAppealForm.clean_started


class PublicFormBuilder(FormBuilder):
    def __init__(self, fields, *, target):
        super().__init__(fields)
        self.target = target

    @property
    def formfields(self):
        fields = super().formfields
        if self.target == Target.ICT_REQUEST:
            fields["body"] = forms.ModelChoiceField(label=_("Your organisation"), queryset=StateBody.objects.all())
        fields["website"] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        fields["started"] = forms.CharField(widget=forms.HiddenInput)
        return fields

    def get_form_class(self):
        return type("PublicForm", (GuardedForm,), self.formfields)
