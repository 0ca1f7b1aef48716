from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cms.knowledge.models import KnowledgeArticlePage
from workflows.registry.selectors import public_services


class AdminSearchForm(forms.Form):
    q = forms.CharField(label=_("Register number, service name or words"), required=False, strip=True)
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("Any topic")), *KnowledgeArticlePage.Topic.choices]
    )
    audience = forms.ChoiceField(
        label=_("Audience"), required=False, choices=[("", _("Any audience")), *KnowledgeArticlePage.Audience.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *settings.LANGUAGES]
    )
    service = forms.ModelChoiceField(
        label=_("Public service"), required=False, queryset=public_services(), empty_label=_("Any service")
    )
