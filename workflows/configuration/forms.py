from django import forms
from django.utils.translation import gettext_lazy as _


class TermChangeForm(forms.Form):
    value = forms.IntegerField(label=_("new value"), min_value=1)
    effective_from = forms.DateField(
        label=_("effective from"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Items opened on or after this date get the new value; older ones keep theirs."),
    )
    reason = forms.CharField(label=_("reason for the change"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, definition, **kwargs):
        super().__init__(*args, **kwargs)
        if definition.unit == "day_of_month":  # paras 31, 39: a day every month has
            self.fields["value"] = forms.IntegerField(label=_("new value"), min_value=1, max_value=28)
