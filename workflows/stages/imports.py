"""Importing stages from a CSV or XLSX file (para 29), for a provider or a monitoring export that cannot push.

The file is read with the registry's readers (`registry.import_rows.read_rows`: CSV with comma, semicolon or
tab, XLSX in read-only mode); every row is checked as the push API checks a stage, and each problem is
reported with its spreadsheet row number (the header is row 1) and column. A file with any bad row writes
nothing; a good one is written in one transaction by `services.record_stages`, idempotent as a push is: the
same file imported twice stores its rows once.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from workflows.registry.import_rows import RegistryFileError, read_rows

from .forms import FIELDS, REQUIRED, StagePayload
from .models import ApplicationStage
from .services import StageConflict, record_stages

MAX_ROWS = 200_000
# The column keys, and how a spreadsheet may head them (lower case).
ALIASES = {
    "application_number": ("application_number", "application", "номер заявки", "өтінім нөмірі"),
    "service": ("service", "service_number", "услуга", "номер услуги", "қызмет"),
    "provider": ("provider", "услугодатель", "көрсетілетін қызметті беруші"),
    "iin": ("iin", "иин", "жсн"),
    "stage_code": ("stage_code", "код этапа", "саты коды"),
    "stage_name": ("stage_name", "stage", "этап", "саты"),
    "changed_at": ("changed_at", "дата изменения", "өзгерген уақыты"),
}
HEADERS = {alias: key for key, aliases in ALIASES.items() for alias in aliases}


@dataclass
class StageImportReport:
    total_rows: int = 0
    created: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (row number, message)
    written: bool = False

    @property
    def ok(self):
        return not self.errors


def _cell(key, value):
    """A spreadsheet's cell as the push API would have it: dates as ISO text, numbers as digits (an IIN
    typed into Excel as a number loses its leading zeros: they are put back)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if key == "iin" and isinstance(value, int):
        text = text.zfill(12)
    return text


def _keys(headers):
    keys, unknown = [], []
    for position, header in enumerate(headers, start=1):
        name = str(header or "").strip().lower()
        key = HEADERS.get(name)
        if key is None and name:
            unknown.append(f"{position}: «{header}»")
        keys.append(key)
    if unknown:
        raise RegistryFileError(_("Unknown column headers: %(list)s.") % {"list": ", ".join(unknown)})
    missing = [key for key in REQUIRED if key not in keys]
    if missing:
        raise RegistryFileError(_("Missing columns: %(list)s.") % {"list": ", ".join(missing)})
    return keys


def import_stages(content, file_format, *, dry_run=False):
    """Check the file (`csv` or `xlsx` bytes) and, when every row is good and not `dry_run`, write it."""
    report = StageImportReport()
    try:
        headers, rows, _total = read_rows(content, file_format)
        keys = _keys(headers)
    except RegistryFileError as problem:
        report.errors.append((1, str(problem)))
        return report
    stages, numbers = [], []
    for number, cells in enumerate(rows, start=2):
        values = {key: _cell(key, value) for key, value in zip(keys, cells, strict=False) if key}
        if not any(values.values()):
            continue
        report.total_rows += 1
        if report.total_rows > MAX_ROWS:
            report.errors.append((number, _("more than %(max)s rows: split the file") % {"max": MAX_ROWS}))
            break
        checked = StagePayload({key: values.get(key, "") for key in FIELDS})
        for column, messages in checked.errors.items():
            report.errors.append((number, f"{column}: {' '.join(map(str, messages))}"))
        if checked.is_valid():
            stages.append(checked.cleaned_data)
            numbers.append(number)
    if report.errors or not stages:
        if not stages and not report.errors:
            report.errors.append((1, _("The file has no rows.")))
        return report
    try:
        with transaction.atomic():
            recorded = record_stages(stages, source=ApplicationStage.Source.IMPORT, positions=numbers)
            if dry_run:
                transaction.set_rollback(True)
    except StageConflict as conflict:
        report.errors.extend(conflict.problems)
        return report
    report.created, report.unchanged = recorded.created, recorded.unchanged
    report.written = not dry_run
    return report
