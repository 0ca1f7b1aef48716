"""Para 32's forms: the authority's letter registered, the explanation drafted, the explanation sent."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from workflows.directory.models import StateBody

from ..selectors.discrepancies import citable_reports
from ..services import discrepancies as services

TEXTAREA = forms.Textarea(attrs={"rows": 5})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's recipe): a list of uploads, perhaps empty."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class RegisterForm(forms.Form):
    authority = forms.ModelChoiceField(
        queryset=StateBody.objects.filter(kind=StateBody.Kind.QUALITY_AUTHORITY, is_active=True),
        label=_("Authority"),
    )
    provider = forms.ModelChoiceField(
        queryset=StateBody.objects.filter(is_active=True).exclude(kind=StateBody.Kind.UCC),
        required=False,
        label=_("Provider whose report differs"),
    )
    period = forms.DateField(
        label=_("Month of the reports"), help_text=_("Any day of the month."), widget=AdminDateInput
    )
    description = forms.CharField(label=_("The discrepancy as reported"), widget=TEXTAREA)
    letter_reference = forms.CharField(label=_("Letter (number and date)"), max_length=300, required=False)
    received_at = forms.DateTimeField(
        label=_("Received at"),
        help_text=_("Para 32: the explanation is due by the end of the next working day."),
        widget=AdminDateTimeInput,
    )

    def run(self, user):
        return services.register_discrepancy(user=user, **self.cleaned_data)


class StepForm(forms.Form):
    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record


class ExplainForm(StepForm):
    explanation = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 8}))
    report_rows = forms.CharField(
        label=_("Report rows in question"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: the appeal's registration number (or # and the row number), a colon, a note."),
    )
    report = forms.ChoiceField(
        label=_("Delivered report"),
        required=False,
        help_text=_("Para 32: the Annex 2 report of the month, as delivered to the provider or the authority."),
    )
    cited_rows = forms.CharField(
        label=_("Rows of the delivered report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: the row number (the № column), a colon, a note."),
    )
    files = MultipleFileField(label=_("Annexes"), required=False)

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, record=record, **kwargs)
        self.fields["report"].choices = [("", "—"), *citable_reports(record)]
        if not self.is_bound:
            self.initial.setdefault("explanation", record.explanation)
            self.initial.setdefault("report_rows", "\n".join(_row_line(row) for row in record.report_rows))
            citation = record.report_citation or {}
            self.initial.setdefault("report", str(citation.get("report", "")))
            self.initial.setdefault("cited_rows", "\n".join(_cited_line(row) for row in citation.get("rows", ())))

    def clean_cited_rows(self):
        rows = []
        for line in self.cleaned_data["cited_rows"].splitlines():
            number, _colon, note = line.partition(":")
            if number.strip():
                rows.append({"row": number.strip().lstrip("№#").strip(), "note": note.strip()})
        return rows

    def clean_report_rows(self):
        rows = []
        for line in self.cleaned_data["report_rows"].splitlines():
            reference, _colon, note = line.partition(":")
            reference = reference.strip()
            if not reference:
                continue
            key = "row" if reference.startswith("#") else "appeal"
            rows.append({key: reference.lstrip("#").strip(), "note": note.strip()})
        return rows

    def run(self, record, user):
        return services.explain_discrepancy(request=record, user=user, **self.cleaned_data)


def _cited_line(row):
    return f"{row['n']}: {row['note']}" if row.get("note") else str(row["n"])


def _row_line(row):
    reference = row.get("appeal") or f"#{row.get('row', '')}"
    return f"{reference}: {row.get('note', '')}" if row.get("note") else reference


class SendForm(StepForm):
    def run(self, record, user):
        return services.send_explanation(request=record, user=user)


# transition name -> (form, button label)
STEP_FORMS = {
    "explain": (ExplainForm, _("Explanation…")),
    "send": (SendForm, _("Send the explanation to the authority…")),
}
