"""The supervisor dashboard's charts: each is a table of rows (from `selectors`) with its columns, drawn by
Chart.js from the same rows, shown as an HTML table for screen readers and downloadable as CSV."""

from dataclasses import dataclass, field
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from . import selectors

COLOURS = ["#1f5fa8", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0f766e"]


@dataclass
class Chart:
    key: str
    title: str
    description: str
    kind: str  # Chart.js type: "line" or "bar"
    columns: list  # (row key, header)
    label_key: str
    series: list  # row keys drawn as datasets
    rows: list = field(default_factory=list)
    stacked: bool = False
    dashed: tuple = ()
    y_max: int | None = None

    def header(self):
        return [str(header) for _key, header in self.columns]

    def table(self):
        return [[_cell(row.get(key)) for key, _header in self.columns] for row in self.rows]

    def config(self):
        """The Chart.js configuration (plain JSON, rendered with `json_script`)."""
        headers = dict(self.columns)
        datasets = []
        for index, key in enumerate(self.series):
            colour = COLOURS[index % len(COLOURS)]
            dataset = {
                "label": str(headers[key]),
                "data": [row.get(key) for row in self.rows],
                "borderColor": colour,
                "backgroundColor": colour,
            }
            if key in self.dashed:
                dataset.update({"borderDash": [6, 4], "pointRadius": 0, "type": "line"})
            datasets.append(dataset)
        scale = {"stacked": self.stacked}
        y_scale = {**scale, "beginAtZero": True, **({"max": self.y_max} if self.y_max else {})}
        return {
            "type": self.kind,
            "data": {"labels": [row.get(self.label_key) for row in self.rows], "datasets": datasets},
            "options": {
                "animation": False,
                "responsive": True,
                "maintainAspectRatio": False,
                "scales": {"x": scale, "y": y_scale},
            },
        }


def _cell(value):
    if value is True:
        return str(_("yes"))
    if value is False:
        return str(_("no"))
    return "" if value is None else value


class PeriodForm(forms.Form):
    """Dates typed DD.MM.YYYY through Wagtail's picker, whatever the browser's locale (a `type=date` input
    followed it: MM/DD/YYYY in an English browser, issue 14 defect 14)."""

    date_from = forms.DateField(label=_("From"), required=False, widget=AdminDateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=AdminDateInput)
    grain = forms.ChoiceField(
        label=_("Waiting time by"),
        required=False,
        choices=[("hour", _("hour")), ("day", _("day")), ("month", _("month"))],
    )

    DEFAULT_DAYS = 30
    MAX_DAYS = 3 * 366

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        last = data.get("date_to") or today
        first = data.get("date_from") or last - timedelta(days=self.DEFAULT_DAYS - 1)
        if first > last:
            raise forms.ValidationError(_("The start of the period is after its end."))
        if (last - first).days > self.MAX_DAYS:
            raise forms.ValidationError(_("Choose a period of at most three years."))
        data["period"] = selectors.Period(first, last)
        data["grain"] = data.get("grain") or "day"
        return data


def charts(period, grain="day"):
    """Every chart of the dashboard for `period`; the quarantine only where the mail intake is installed."""
    found = [
        Chart(
            "wait",
            _("Average waiting time on the line"),
            _("Para 7: the average wait for an answer is 30 seconds from the moment the person calls."),
            "line",
            [
                ("bucket", _("Period")),
                ("calls", _("Calls")),
                ("average_wait", _("Average wait, s")),
                ("standard", _("Standard, s")),
                ("kept", _("Standard kept")),
            ],
            "bucket",
            ["average_wait", "standard"],
            selectors.average_wait(period, grain),
            dashed=("standard",),
        ),
        Chart(
            "channels",
            _("Calls and appeals by channel"),
            _("Para 7: the free lines 1414 and 8 800 080 7777, e-mail to support@goscorp.kz, and the web form."),
            "bar",
            [("channel", _("Channel")), ("calls", _("Calls")), ("appeals", _("Appeals"))],
            "channel",
            ["calls", "appeals"],
            selectors.by_channel(period),
        ),
        Chart(
            "ratings",
            _("Ratings per operator"),
            _("Para 13: the citizens' scores from 1 to 5, by the IVR after a call and by the link in an answer."),
            "bar",
            [("operator", _("Operator")), ("ratings", _("Scores")), ("average", _("Average score"))],
            "operator",
            ["average"],
            selectors.ratings_per_operator(period),
            y_max=5,
        ),
        Chart(
            "email",
            _("E-mail appeals answered within two working days"),
            _("Para 8: e-mail appeals by the day they arrived, and whether the answer kept the deadline."),
            "bar",
            [
                ("day", _("Day")),
                ("received", _("Received")),
                ("answered_in_time", _("Answered in time")),
                ("answered_late", _("Answered late")),
                ("open_overdue", _("Open, overdue")),
                ("open_within_term", _("Open, within the term")),
                ("compliance_percent", _("In time, %")),
            ],
            "day",
            ["answered_in_time", "answered_late", "open_overdue", "open_within_term"],
            selectors.email_compliance(period),
            stacked=True,
        ),
    ]
    if selectors.mail_quarantine_installed():
        found.append(
            Chart(
                "quarantine",
                _("E-mail quarantine"),
                _("Messages that could not be read, kept whole for a supervisor, by the day they arrived."),
                "bar",
                [("day", _("Day")), ("quarantined", _("Quarantined"))],
                "day",
                ["quarantined"],
                selectors.quarantine_size(period),
            )
        )
    return found
