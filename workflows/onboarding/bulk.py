"""Bulk start: a list of newly approved by-laws (CSV or XLSX) starts a protocol for every service it names.

Read with the registry's file reader (same formats, same limits, same "header is row 1" row numbers). All
or nothing: every row is checked first; a file with any bad row writes nothing and reports every problem
with its row number; a good file starts all its protocols in one transaction.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from workflows.directory.models import StateBody
from workflows.registry.import_rows import RegistryFileError, provider_index, read_rows
from workflows.registry.models import PublicService

from . import services
from .models import OnboardingProtocol

HEADERS = {
    "register_number": {
        "register_number",
        "register number",
        "номер в реестре",
        "номер государственной услуги в реестре",
        "№ государственной услуги в реестре",
        "мемлекеттік көрсетілетін қызметтің тізілімдегі №",
        "тізілімдегі №",
    },
    "bylaw_reference": {
        "bylaw_reference",
        "by-law",
        "by-law reference",
        "bylaw",
        "подзаконный акт",
        "подзаконный нормативный правовой акт",
        "заңға тәуелді нормативтік құқықтық акт",
    },
    "bylaw_approved_on": {
        "bylaw_approved_on",
        "approval date",
        "approved on",
        "by-law approved on",
        "дата утверждения",
        "бекітілген күні",
    },
    "body": {"body", "body code", "орган", "государственный орган", "мемлекеттік орган"},
}
MAX_REFERENCE = 1000
REQUIRED = ("register_number", "bylaw_reference", "bylaw_approved_on")
SUBJECT_KINDS = {StateBody.Kind.CENTRAL_BODY, StateBody.Kind.E_SERVICE_SUBJECT}


class BulkStartError(Exception):
    """The file as a whole cannot be used (unreadable, or a required column is missing)."""


@dataclass
class Row:
    number: int
    service: PublicService | None = None
    body_id: int | None = None
    bylaw_reference: str = ""
    approved_on: date | None = None
    errors: list = field(default_factory=list)


@dataclass
class BulkStartReport:
    created: list = field(default_factory=list)  # OnboardingProtocol
    errors: list = field(default_factory=list)  # (row number, message)

    @property
    def ok(self):
        return not self.errors


def _key(header):
    text = re.sub(r"\s+", " ", str(header or "")).strip().casefold()
    return next((key for key, names in HEADERS.items() if text in names), None)


def _columns(headers):
    keys = [_key(header) for header in headers]
    missing = [key for key in REQUIRED if key not in keys]
    if missing:
        raise BulkStartError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    return keys


def _text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(_text(value), pattern).date()
        except ValueError:
            continue
    raise ValueError(_("«%(value)s» is not a date (YYYY-MM-DD or DD.MM.YYYY)") % {"value": _text(value)})


class RowChecker:
    def __init__(self, services_by_number, bodies):
        self.services = services_by_number
        self.bodies = bodies  # casefolded code / short name / names -> id
        self.kinds = dict(StateBody.objects.values_list("id", "kind"))
        self.seen = {}

    def check(self, number, cells):
        row = Row(number)
        register_number = _text(cells.get("register_number"))
        row.service = self.services.get(register_number)
        if row.service is None:
            row.errors.append(_("no service with register number «%(number)s»") % {"number": register_number})
        row.bylaw_reference = _text(cells.get("bylaw_reference"))
        if not row.bylaw_reference:
            row.errors.append(_("the by-law is required"))
        elif len(row.bylaw_reference) > MAX_REFERENCE:
            row.errors.append(_("the by-law is longer than %(max)s characters") % {"max": MAX_REFERENCE})
        try:
            row.approved_on = _date(cells.get("bylaw_approved_on"))
        except ValueError as error:
            row.errors.append(str(error))
        if row.service is not None:
            self._body(row, _text(cells.get("body")))
        return row

    def _body(self, row, name):
        if name:
            row.body_id = self.bodies.get(name.casefold())
            if row.body_id is None:
                row.errors.append(_("unknown body «%(name)s»") % {"name": name})
                return
        else:
            providers = [provider.pk for provider in row.service.providers.all()]
            subjects = [pk for pk in providers if self.kinds.get(pk) in SUBJECT_KINDS]
            candidates = subjects if len(subjects) == 1 else providers
            if len(candidates) != 1:
                row.errors.append(_("name the body: the service has no single providing body"))
                return
            row.body_id = candidates[0]
        self._unique(row)

    def _unique(self, row):
        key = (row.service.pk, row.body_id)
        first = self.seen.setdefault(key, row.number)
        if first != row.number:
            row.errors.append(_("the same service and body as row %(row)s") % {"row": first})
        elif (
            OnboardingProtocol.objects.filter(service=row.service, body_id=row.body_id)
            .exclude(state__in=[OnboardingProtocol.State.CANCELLED, OnboardingProtocol.State.WITHDRAWN])
            .exists()
        ):
            row.errors.append(_("the service is already being onboarded with this body"))


def _rows(content, file_format):
    try:
        headers, rows, _total = read_rows(content, file_format)
    except RegistryFileError as error:
        raise BulkStartError(str(error)) from None
    keys = _columns(headers)
    for number, cells in enumerate(rows, start=2):
        values = {key: cell for key, cell in zip(keys, cells, strict=False) if key}
        if any(_text(value) for value in values.values()):
            yield number, values


def start_from_file(content, file_format, *, coordinator=None):
    """Check every row, then — only when all are good — start every protocol in one transaction."""
    parsed = list(_rows(content, file_format))
    numbers = {_text(values.get("register_number")) for _n, values in parsed}
    by_number = {
        s.register_number: s
        for s in PublicService.objects.filter(register_number__in=numbers).prefetch_related("providers")
    }
    checker = RowChecker(by_number, provider_index())
    rows = [checker.check(number, values) for number, values in parsed]
    report = BulkStartReport(errors=[(row.number, message) for row in rows for message in row.errors])
    if not rows:
        report.errors.append((1, _("The file has no rows.")))
    if report.errors:
        return report
    bodies = StateBody.objects.in_bulk({row.body_id for row in rows})
    with transaction.atomic():
        for row in rows:
            report.created.append(
                services.start_onboarding(
                    service=row.service,
                    body=bodies[row.body_id],
                    bylaw_reference=row.bylaw_reference,
                    bylaw_approved_on=row.approved_on,
                    coordinator=coordinator,
                )
            )
    return report
