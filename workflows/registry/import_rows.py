"""Reading and checking a registry file, row by row.

Rows are streamed from the file and checked here in plain Python (about 100,000 rows a second);
every problem is reported with its spreadsheet row number (the header is row 1) and its column.
It writes nothing: `bulk_import` compares the checked rows with the registry and writes them.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from .columns import BY_KEY, COLUMNS, MODEL_FIELDS, match_header

MAX_FILE_BYTES = 50 * 1024 * 1024
REGISTER_NUMBER = re.compile(r"^\d{3,16}$")
# A cell that a spreadsheet would run as a formula (=HYPERLINK(...), @SUM, +cmd, -2+3): never accepted.
FORMULA = re.compile(r"^(=|@|[+-](?![\d\s]))")
ESCAPED_TRIGGERS = {"=", "+", "-", "@"}
FORMULA_STARTS = {"'", *ESCAPED_TRIGGERS}


class RegistryFileError(Exception):
    """The file as a whole cannot be read (empty, not CSV/XLSX, unknown or missing headers)."""


@dataclass
class RowResult:
    row_number: int
    register_number: str
    values: dict  # model field -> cleaned value
    providers: tuple | None = None  # StateBody ids; None when the file has no provider column
    errors: list = field(default_factory=list)  # "column: message"


# Columns stored as they are, once their length is checked: {key: max length}.
PLAIN_TEXT = {
    column.key: column.max_length
    for column in COLUMNS
    if column.key in MODEL_FIELDS and column.key not in {"register_number", "bylaw_date", "bylaw_url"}
}


def _check_utf8(content):
    """Decode in slices (no 2x copy of a large file) to refuse a non-UTF-8 file before any row is read."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(content), 1 << 20):
            decoder.decode(content[start : start + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise RegistryFileError(_("The file is not UTF-8 text (is it really a CSV file?).")) from None
    if b"\x00" in content:
        raise RegistryFileError(_("The file holds binary data, not CSV text."))


def _csv_rows(content):
    _check_utf8(content)
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    first_line = text.readline()
    text.seek(0)
    # Excel in a Russian locale saves CSV with ";": take whichever separator the header uses most.
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(text, delimiter=delimiter)
    headers = next(reader, None)
    return headers, reader, max(content.count(b"\n") - 1, 0)


def _xlsx_rows(content):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        headers = next(rows, None)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
        raise RegistryFileError(_("The file could not be read as XLSX: %(error)s") % {"error": exc}) from None
    return list(headers or ()), rows, max((sheet.max_row or 1) - 1, 0)


def read_rows(content, file_format):
    """(headers, rows, approximate row count) of a CSV or XLSX file, read as a stream.

    The file is read row by row (csv, and openpyxl's read-only mode — what import-export's formats
    use underneath), so that memory stays flat however long the registry is.
    """
    if not content or not content.strip():
        raise RegistryFileError(_("The file is empty."))
    if len(content) > MAX_FILE_BYTES:
        raise RegistryFileError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_FILE_BYTES // 2**20})
    readers = {"csv": _csv_rows, "xlsx": _xlsx_rows}
    if file_format not in readers:
        raise RegistryFileError(_("Unknown format %(format)s: use csv or xlsx.") % {"format": file_format})
    headers, rows, total = readers[file_format](content)
    if not headers:
        raise RegistryFileError(_("The file is empty."))
    return headers, rows, total


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
        raw = {
            key: cell.strip() if type(cell) is str else _text(cell)
            for key, cell in zip(self.keys, cells, strict=False)
            if key
        }
        result = RowResult(row_number, raw.get("register_number", ""), {})
        values = result.values
        for key, text in raw.items():
            if key in PLAIN_TEXT and text[:1] not in FORMULA_STARTS and len(text) <= PLAIN_TEXT[key]:
                values[key] = text  # the common case, decided without a regular expression
            else:
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


def check_rows(headers, rows):
    """Yield a RowResult for every data row (row numbers as in the spreadsheet: the header is row 1)."""
    checker = RowChecker(map_headers(headers), provider_index())
    for index, cells in enumerate(rows, start=2):
        if not any(cell not in (None, "") and str(cell).strip() for cell in cells):
            continue  # a blank line is no row
        yield checker.check(index, cells)


__all__ = ["COLUMNS", "RegistryFileError", "RowResult", "check_rows", "read_rows"]
