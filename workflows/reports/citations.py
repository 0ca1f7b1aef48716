"""Para 32: a discrepancy the quality authority reports may point at rows of a delivered Annex 2 report; the
UCC's explanation cites them as the report printed them.

`workflows.authorities` keeps the discrepancy and sits below this app, so it asks through two Wagtail hooks
registered in `wagtail_hooks.py` (`discrepancy_report_choices`, `discrepancy_report_rows`) and keeps a frozen
copy of the cited rows with the explanation: a letter once sent does not change, and the rows are read from
the delivered version's own XLSX file (a `Report` version is never re-rendered; regenerating makes another),
so the copy is the report as the recipient received it.
"""

from datetime import date, datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from . import labels
from .models import Report, ReportDelivery
from .selectors import Period

FIRST_ROW = 8  # four title rows, the Kazakh and the Russian headers, the column numbers (see `xlsx.py`)


class RowsRefused(ValueError):
    """A report or a row the discrepancy cannot cite; the message says which."""


def citable_reports(discrepancy):
    """The delivered Annex 2 reports of the discrepancy's month addressed to its provider or to the quality
    authority that reported it: the version each delivery carried, never a later regeneration not sent."""
    month = Period.month(discrepancy.period.year, discrepancy.period.month)
    bodies = [body for body in (discrepancy.provider_id, discrepancy.authority_id) if body]
    deliveries = ReportDelivery.objects.filter(
        kind=Report.Kind.ANNEX2,
        period_start=month.start,
        period_end=month.end,
        recipient__in=bodies,
        state__in=ReportDelivery.DELIVERED,
        report__isnull=False,
    ).select_related("report", "recipient")
    return [delivery.report for delivery in deliveries.order_by("recipient__kind", "recipient__name_ru")]


def report_choices(discrepancy):
    """[(report pk, label)] for the explanation's picker (the `discrepancy_report_choices` hook)."""
    return [(str(report.pk), _title(report)) for report in citable_reports(discrepancy)]


def _title(report):
    return _("%(recipient)s: Annex 2 for %(month)s, version %(version)s (%(rows)s rows)") % {
        "recipient": report.recipient,
        "month": f"{report.period_start:%m.%Y}",
        "version": report.version,
        "rows": report.rows,
    }


def _printed(value):
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return "" if value is None else str(value)


def printed_rows(report, numbers):
    """The rows № `numbers` of `report` as its XLSX printed them: columns 1-4, 6 and 7 (the applicant's name,
    column 5, is personal data the explanation does not need and is not copied)."""
    wanted, found = set(numbers), {}
    with report.xlsx.open("rb") as handle:
        book = load_workbook(handle, read_only=True)
        try:
            for cells in book[labels.ANNEX2["sheet"]].iter_rows(min_row=FIRST_ROW, max_col=7, values_only=True):
                number = cells[0]
                if isinstance(number, int) and number in wanted:
                    found[number] = {
                        "n": number,
                        "number": _printed(cells[1]),
                        "registered_on": _printed(cells[2]),
                        "region": _printed(cells[3]),
                        "content": _printed(cells[5]),
                        "measures": _printed(cells[6]),
                    }
                    if len(found) == len(wanted):
                        break
        finally:
            book.close()
    return found


def cite_rows(discrepancy, report_id, rows):
    """The frozen citation the discrepancy keeps (the `discrepancy_report_rows` hook): the report's recipient,
    month and version, its admin link and the rows `rows` ([{"row": n, "note": …}]) as printed. An unknown
    report or row refuses it all (`RowsRefused`): nothing is cited in part."""
    report = next((found for found in citable_reports(discrepancy) if str(found.pk) == str(report_id)), None)
    if report is None:
        raise RowsRefused(
            _("Only a delivered Annex 2 report of this month, to this provider or authority, can be cited.")
        )
    numbers = [int(row["row"]) for row in rows]
    printed = printed_rows(report, numbers)
    unknown = [str(number) for number in numbers if number not in printed]
    if unknown:
        raise RowsRefused(
            _("The report has no row № %(rows)s (it has %(count)s rows).")
            % {"rows": ", ".join(unknown), "count": report.rows}
        )
    return {
        "report": report.pk,
        "recipient": labels.report_meta(report.kind, Period(report.period_start, report.period_end), report.recipient)[
            "recipient"
        ],  # both languages, as the report prints it: the screen in either language shows it
        "month": f"{report.period_start:%m.%Y}",
        "version": report.version,
        "url": reverse("reports_detail", args=[report.pk]),
        "rows": [{**printed[int(row["row"])], "note": row.get("note", "")} for row in rows],
    }
