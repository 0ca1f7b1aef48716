"""Reading and checking a registry file, row by row, before anything is written.

django-import-export's formats parse the file (CSV, XLSX) into a tablib Dataset; each row is then
checked here in plain Python, so that 100,000 rows are checked in about a second. Every problem is
reported with its spreadsheet row number (the header is row 1) and its column.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX

from .columns import BY_KEY, COLUMNS, MODEL_FIELDS, match_header

FORMATS = {"csv": CSV, "xlsx": XLSX}
MAX_FILE_BYTES = 50 * 1024 * 1024
REGISTER_NUMBER = re.compile(r"^\d{3,16}$")
# A cell that a spreadsheet would run as a formula (=HYPERLINK(...), @SUM, +cmd, -2+3): never accepted.
FORMULA = re.compile(r"^(=|@|[+-](?![\d\s]))")
ESCAPED_TRIGGERS = {"=", "+", "-", "@"}


class RegistryFileError(Exception):
    """The file as a whole cannot be read (empty, not CSV/XLSX, unknown or missing headers)."""


@dataclass
class RowResult:
    row_number: int
    register_number: str
    values: dict  # model field -> cleaned value
    providers: tuple | None = None  # StateBody ids; None when the file has no provider column
    errors: list = field(default_factory=list)  # "column: message"


def read_dataset(content, file_format):
    """Parse the bytes of a CSV or XLSX file with import-export's formats; RegistryFileError if impossible."""
    if not content or not content.strip():
        raise RegistryFileError(_("The file is empty."))
    if len(content) > MAX_FILE_BYTES:
        raise RegistryFileError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_FILE_BYTES // 2**20})
    fmt = FORMATS.get(file_format)
    if fmt is None:
        raise RegistryFileError(_("Unknown format %(format)s: use csv or xlsx.") % {"format": file_format})
    if file_format == "csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RegistryFileError(_("The file is not UTF-8 text (is it really a CSV file?).")) from None
        if "\x00" in text:
            raise RegistryFileError(_("The file holds binary data, not CSV text."))
        return fmt().create_dataset(text)
    try:
        return fmt().create_dataset(content)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
        raise RegistryFileError(_("The file could not be read as XLSX: %(error)s") % {"error": exc}) from None


def map_headers(headers):
    """Map each header to its column key; RegistryFileError naming unknown, duplicate or missing ones."""
    keys, unknown, seen = [], [], {}
    for position, header in enumerate(headers, start=1):
        key = match_header(header)
        if key is None and str(header or "").strip():
            unknown.append(f"{position}: «{header}»")
        if key is not None and key in seen:
            raise RegistryFileError(
                _("Columns %(a)s and %(b)s both mean «%(key)s».") % {"a": seen[key], "b": position, "key": key}
            )
        if key is not None:
            seen[key] = position
        keys.append(key)
    if unknown:
        raise RegistryFileError(_("Unknown column headers: %(list)s.") % {"list": ", ".join(unknown)})
    if "register_number" not in seen:
        raise RegistryFileError(_("No register number column (e.g. «Номер государственной услуги в реестре»)."))
    if not ({"name_ru", "name"} & seen.keys()) or "name_kk" not in seen:
        raise RegistryFileError(_("The file needs the service name in Kazakh and in Russian."))
    return keys


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _date(text):
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("«%(value)s» is not a date (YYYY-MM-DD or DD.MM.YYYY)") % {"value": text})


class RowChecker:
    """Checks rows one by one; knows the providers and the register numbers seen so far."""

    def __init__(self, keys, provider_index):
        self.keys = keys
        self.provider_index = provider_index  # casefolded code/short name/names -> id
        self.first_row_of = {}

    def check(self, row_number, cells):
        raw = {key: _text(cell) for key, cell in zip(self.keys, cells, strict=False) if key}
        result = RowResult(row_number, raw.get("register_number", ""), {})
        for key, text in raw.items():
            self._check_cell(result, key, text)
        if not raw.get("name_ru") and raw.get("name"):
            result.values["name_ru"] = raw["name"]
        self._check_required(result)
        self._check_duplicate(result)
        return result

    def _check_cell(self, result, key, text):
        column = BY_KEY[key]
        label = column.header_ru
        if text[:1] == "'" and text[1:2] in ESCAPED_TRIGGERS:
            text = text[1:]  # escaped by our export: plain text that merely starts like a formula
        elif FORMULA.match(text):
            result.errors.append(f"{label}: " + _("a formula is not accepted («%(start)s…»)") % {"start": text[:20]})
            return
        if column.max_length and len(text) > column.max_length:
            result.errors.append(
                f"{label}: " + _("%(n)s characters, at most %(max)s") % {"n": len(text), "max": column.max_length}
            )
            return
        try:
            self._clean(result, key, text)
        except ValueError as exc:
            result.errors.append(f"{label}: {exc}")

    def _clean(self, result, key, text):
        if key == "register_number":
            if text and not REGISTER_NUMBER.match(text):
                raise ValueError(_("«%(value)s» is not 3 to 16 digits") % {"value": text})
            result.values[key] = text
        elif key == "bylaw_date":
            result.values[key] = _date(text) if text else None
        elif key == "bylaw_url":
            if text and not text.startswith(("http://", "https://")):
                raise ValueError(_("«%(value)s» is not an http(s) link") % {"value": text})
            result.values[key] = text
        elif key == "providers":
            result.providers = self._providers(text)
        elif key in MODEL_FIELDS:
            result.values[key] = text

    def _providers(self, text):
        ids = []
        for name in filter(None, (part.strip() for part in re.split(r"[;\n]", text))):
            body_id = self.provider_index.get(name.casefold())
            if body_id is None:
                raise ValueError(_("unknown service provider «%(name)s»") % {"name": name})
            ids.append(body_id)
        return tuple(sorted(set(ids)))

    def _check_required(self, result):
        for key in ("register_number", "name_kk", "name_ru"):
            if not result.values.get(key) and not any(e.startswith(BY_KEY[key].header_ru) for e in result.errors):
                result.errors.append(f"{BY_KEY[key].header_ru}: " + _("required"))

    def _check_duplicate(self, result):
        number = result.values.get("register_number")
        if not number:
            return
        first = self.first_row_of.setdefault(number, result.row_number)
        if first != result.row_number:
            result.errors.append(
                f"{BY_KEY['register_number'].header_ru}: "
                + _("%(number)s is already in row %(row)s") % {"number": number, "row": first}
            )


def provider_index():
    """Every way a file may name a provider (code, short name, name in any language), casefolded."""
    from workflows.directory.models import StateBody

    index = {}
    for body in StateBody.objects.values("id", "code", "short_name", "name_kk", "name_ru", "name_en"):
        for key in ("code", "short_name", "name_kk", "name_ru", "name_en"):
            if body[key]:
                index.setdefault(body[key].casefold(), body["id"])
    return index


def check_rows(dataset, progress=None, every=5000):
    """Yield a RowResult for every data row of `dataset` (row numbers as in the spreadsheet)."""
    keys = map_headers(dataset.headers or [])
    checker = RowChecker(keys, provider_index())
    total = len(dataset)
    for index, cells in enumerate(dataset, start=2):
        if not any(_text(cell) for cell in cells):
            continue  # a blank line is no row
        yield checker.check(index, cells)
        if progress and (index - 1) % every == 0:
            progress(index - 1, total)


__all__ = ["COLUMNS", "RegistryFileError", "RowResult", "check_rows", "read_dataset"]
