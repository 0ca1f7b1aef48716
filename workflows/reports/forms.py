"""A supervisor's report on demand: a month, or a quarter (the Annex 2 form's own title), for one recipient or
every appeal (the UCC's copy)."""

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from workflows.directory.models import StateBody

from .models import Report
from .selectors import Period


class GenerateForm(forms.Form):
    MONTH_CHOICES = [(f"m{number}", name) for number, name in MONTHS.items()]
    QUARTERS = [("q1", _("1st quarter")), ("q2", _("2nd quarter")), ("q3", _("3rd quarter")), ("q4", _("4th quarter"))]

    kind = forms.ChoiceField(label=_("Report"), choices=Report.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2016, max_value=2100)
    span = forms.ChoiceField(
        label=_("Month or quarter"), choices=[(_("Month"), MONTH_CHOICES), (_("Quarter"), QUARTERS)]
    )
    recipient = forms.ModelChoiceField(
        label=_("Recipient"),
        queryset=StateBody.objects.filter(is_active=True),
        required=False,
        empty_label=_("every appeal (the UCC's copy)"),
    )

    def period(self):
        kind, number = self.cleaned_data["span"][0], int(self.cleaned_data["span"][1:])
        year = self.cleaned_data["year"]
        return Period.quarter(year, number) if kind == "q" else Period.month(year, number)
