from django import forms
from django.utils.translation import gettext_lazy as _

from .events import SUBSCRIBABLE
from .models import Endpoint


class EndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=_("URL"),
        max_length=1000,
        assume_scheme="https",
        help_text=_("The address the events are posted to (HTTPS in production)."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=SUBSCRIBABLE,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each event is posted to this address as JSON, signed with the endpoint's secret."),
    )

    class Meta:
        model = Endpoint
        fields = ["name", "url", "events", "active"]
