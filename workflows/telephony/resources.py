"""The phone system's call log (CSV) read with django-import-export: rows upserted by call id.

`import_call_log` checks the whole file in a dry run first; a file with any bad row writes nothing, and
each problem is reported with its row number (the header is row 1, as a spreadsheet shows it). Importing
the same file again changes nothing: rows equal to what is stored are skipped.
"""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from workflows.appeals.models import Appeal

from .forms import line_code
from .models import Call

COLUMNS = [
    "call_id",
    "started_at",
    "line",
    "caller_number",
    "wait_seconds",
    "talk_seconds",
    "operator",
    "recording_reference",
    "appeal",
]
REQUIRED = ("call_id", "started_at", "line", "wait_seconds")


class LineWidget(widgets.Widget):
    """1414, 8 800 080 7777 (with or without spaces) or our channel code."""

    def clean(self, value, row=None, **kwargs):
        code = line_code(value)
        if code is None:
            raise ValueError(_("the line is 1414 or 8 800 080 7777, not “%(value)s”") % {"value": value})
        return code.value

    def render(self, value, obj=None, **kwargs):
        return value


class SecondsWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        seconds = super().clean(value, row, **kwargs)
        if seconds is not None and not 0 <= seconds <= 24 * 3600:
            raise ValueError(_("seconds from 0 to 86400"))
        return seconds


class MomentWidget(widgets.Widget):
    """ISO 8601 (`2026-03-16T10:00:05+05:00`) or local time without an offset (`2026-03-16 10:00:05`)."""

    def clean(self, value, row=None, **kwargs):
        moment = parse_datetime(str(value or "").strip())
        if moment is None:
            raise ValueError(_("a date and time like 2026-03-16T10:00:05+05:00, not “%(value)s”") % {"value": value})
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)

    def render(self, value, obj=None, **kwargs):
        return timezone.localtime(value).isoformat() if value else ""


class KnownForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key by a natural field; an unknown value is an error of the row, with its own message."""

    def __init__(self, model, field, message):
        super().__init__(model, field=field)
        self.message = message

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return super().clean(str(value).strip(), row, **kwargs)
        except self.model.DoesNotExist as error:
            raise ValueError(self.message % {"value": value}) from error


class CallLogResource(resources.ModelResource):
    line = fields.Field(attribute="line", column_name="line", widget=LineWidget())
    wait_seconds = fields.Field(attribute="wait_seconds", column_name="wait_seconds", widget=SecondsWidget())
    talk_seconds = fields.Field(attribute="talk_seconds", column_name="talk_seconds", widget=SecondsWidget())
    started_at = fields.Field(attribute="started_at", column_name="started_at", widget=MomentWidget())
    operator = fields.Field(
        attribute="operator",
        column_name="operator",
        widget=KnownForeignKeyWidget(get_user_model(), "username", _("there is no user “%(value)s”")),
    )
    appeal = fields.Field(
        attribute="appeal",
        column_name="appeal",
        widget=KnownForeignKeyWidget(Appeal, "number", _("there is no appeal “%(value)s”")),
    )

    class Meta:
        model = Call
        fields = COLUMNS
        import_id_fields = ["call_id"]
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True

    def before_import_row(self, row, **kwargs):
        missing = [name for name in REQUIRED if not str(row.get(name) or "").strip()]
        if missing:
            raise ValueError(_("required: %(columns)s") % {"columns": ", ".join(missing)})


@dataclass
class ImportReport:
    """What a file did (or would do): counts by change, and the problems by row number."""

    totals: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # (row number, message)
    rows: list = field(default_factory=list)  # (row number, call id, change) for the preview
    written: bool = False

    @property
    def ok(self):
        return not self.errors


def read_csv(content):
    """The file as a tablib Dataset: UTF-8 (with or without BOM), comma or semicolon separated."""
    import tablib

    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        return tablib.Dataset(headers=COLUMNS)
    headers = [header.strip().lower() for header in rows[0]]
    dataset = tablib.Dataset(headers=headers)
    for row in rows[1:]:
        if any(cell.strip() for cell in row):
            dataset.append((row + [""] * len(headers))[: len(headers)])
    return dataset


def _report(result):
    report = ImportReport(totals=dict(result.totals))
    for number, row_errors in result.row_errors():
        for row_error in row_errors:
            report.errors.append((number + 1, str(row_error.error)))
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            report.errors.append((invalid.number + 1, f"{column}: {' '.join(map(str, messages))}"))
    for number, row in enumerate(result.rows, start=2):
        report.rows.append((number, row.object_repr or row.row_values.get("call_id", ""), row.import_type))
    report.errors.sort()
    return report


def repeated_call_ids(dataset):
    """A call id twice in one file with different data: which row is right is not ours to guess."""
    first_seen, errors = {}, []
    for number, row in enumerate(dataset.dict, start=2):
        call_id = str(row.get("call_id") or "").strip()
        if not call_id:
            continue
        if call_id in first_seen and first_seen[call_id][1] != row:
            errors.append(
                (
                    number,
                    _("call %(call_id)s is also in row %(row)s with other data")
                    % {"call_id": call_id, "row": first_seen[call_id][0]},
                )
            )
        first_seen.setdefault(call_id, (number, row))
    return errors


def import_call_log(content, *, dry_run=False):
    """Check `content` (CSV bytes) in a dry run, and when every row is good and `dry_run` is False, write it
    in one transaction. Returns an `ImportReport`."""
    dataset = read_csv(content)
    unknown = sorted(set(dataset.headers) - set(COLUMNS))
    missing = sorted(set(REQUIRED) - set(dataset.headers))
    if unknown or missing:
        report = ImportReport()
        if missing:
            report.errors.append((1, _("missing columns: %(columns)s") % {"columns": ", ".join(missing)}))
        if unknown:
            report.errors.append((1, _("unknown columns: %(columns)s") % {"columns": ", ".join(unknown)}))
        return report
    resource = CallLogResource()
    report = _report(resource.import_data(dataset, dry_run=True, raise_errors=False))
    report.errors = sorted(report.errors + repeated_call_ids(dataset))
    if dry_run or not report.ok:
        return report
    with transaction.atomic():
        report = _report(resource.import_data(dataset, dry_run=False, raise_errors=False))
        if not report.ok:  # the registry changed between the check and the write
            transaction.set_rollback(True)
            return report
    report.written = True
    return report
