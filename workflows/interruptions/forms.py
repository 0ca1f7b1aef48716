"""The notice's form and the forms of its steps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workflows.directory.models import StateBody
from workflows.ict.models import IctService

from .models import InterruptionNotice

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class NoticeForm(forms.ModelForm):
    class Meta:
        model = InterruptionNotice
        fields = [
            "operator",
            "services",
            "scope",
            "notify_all",
            "starts_at",
            "ends_at",
            "affected_kk",
            "affected_ru",
            "affected_en",
            "contact",
        ]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "services": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = StateBody.objects.filter(kind=StateBody.Kind.ICI_OPERATOR, is_active=True)
        self.fields["services"].queryset = IctService.objects.filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_at") and cleaned.get("ends_at") and cleaned["ends_at"] <= cleaned["starts_at"]:
            self.add_error("ends_at", _("The interruption must end after it starts."))
        return cleaned


class NotifyForm(forms.Form):
    late_reason = forms.CharField(
        label=_("Why notified late (required later than 24 hours before the start)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class PostponeForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("New start"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("New end"), widget=DATETIME)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(forms.Form):
    ends_at = forms.DateTimeField(label=_("New end"), widget=DATETIME)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


STEP_FORMS = {
    "notify": (NotifyForm, _("Notify the bodies")),
    "postpone": (PostponeForm, _("Postpone")),
    "extend": (ExtendForm, _("Extend")),
    "cancel": (CancelForm, _("Cancel")),
}
