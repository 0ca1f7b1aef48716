from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from workflows.lists.selectors import ListName, all_choices
from workflows.registry.selectors import public_services


def topics():
    """Every KB topic of the reference list, deactivated ones too: old articles still have them."""
    return [("", _("Any topic")), *all_choices(ListName.KB_TOPIC)]


def audiences():
    return [("", _("Any audience")), *all_choices(ListName.KB_AUDIENCE)]


class AdminSearchForm(forms.Form):
    q = forms.CharField(label=_("Register number, service name or words"), required=False, strip=True)
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=topics)
    audience = forms.ChoiceField(label=_("Audience"), required=False, choices=audiences)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *settings.LANGUAGES]
    )
    service = forms.ModelChoiceField(
        label=_("Public service"), required=False, queryset=public_services(), empty_label=_("Any service")
    )
