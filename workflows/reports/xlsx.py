"""The reports as XLSX: openpyxl in write-only mode (rows streamed, memory flat), real cells — numbers as
numbers, dates as dates — the header rows frozen, and every text written as a string cell: a content that
begins with "=" stays the citizen's words, never a formula a spreadsheet would run."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font

from . import labels

DATE_FORMAT = "DD.MM.YYYY"
MOMENT_FORMAT = "DD.MM.YYYY HH:MM"  # Almaty time, as the notices give it
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _string_cell(sheet, value):
    """A string cell, whatever the string starts with: openpyxl would store "=…" as a formula."""
    cell = WriteOnlyCell(sheet, value=None)
    cell.value = value or ""
    cell.data_type = "s"
    return cell


def _text(sheet, value):
    """A text as a string cell. openpyxl takes a plain str as a string unless it starts with "=" (a formula) or is
    an error code ("#N/A"), so only those need a cell object of their own: over 100,000 rows the cell objects
    were a third of the time."""
    value = value or ""
    return _string_cell(sheet, value) if value.startswith("=") or value in ERROR_CODES else value


def _date(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def _header(sheet, texts):
    cells = []
    for text in texts:
        cell = _string_cell(sheet, text)
        cell.font, cell.alignment = HEADER_FONT, WRAP
        cells.append(cell)
    return cells


def _title_rows(sheet, meta, caption):
    sheet.append([_text(sheet, meta["title_kk"])])
    sheet.append([_text(sheet, meta["title_ru"])])
    sheet.append([_text(sheet, caption), _text(sheet, meta["recipient"] or labels.ANNEX2["everyone"])])
    sheet.append([_text(sheet, meta["period"]), _text(sheet, f"{labels.ANNEX2['version']}: {meta['version']}")])


def _summary_sheet(book, title, summary, count_label):
    sheet = book.create_sheet(title)
    for label, value in summary["figures"]:
        sheet.append([_text(sheet, label), value if isinstance(value, int) else _text(sheet, value)])
    for heading, items in summary["groups"]:
        sheet.append([])
        sheet.append(_header(sheet, [heading, count_label]))
        for label, count in items:
            sheet.append([_text(sheet, label), count])


def _saved(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render_annex2_xlsx(meta, rows, totals):
    """Sheet "2-қосымша": the title, the recipient, the form's headers (Kazakh, Russian, column numbers 1-7),
    frozen; then a row per appeal. Sheet "Жиынтық": the totals."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(labels.ANNEX2["sheet"])
    for width, letter in zip((7, 16, 12, 22, 28, 60, 45), "ABCDEFG", strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A8"  # the title (4 rows), the two header rows and the column numbers stay in view
    _title_rows(sheet, meta, labels.ANNEX2["recipient"])
    sheet.append(_header(sheet, [kk for kk, _ru, _w in labels.ANNEX2_COLUMNS]))
    sheet.append(_header(sheet, [ru for _kk, ru, _w in labels.ANNEX2_COLUMNS]))
    sheet.append(list(range(1, 8)))
    if not rows:
        sheet.append([_text(sheet, labels.ANNEX2["empty"])])
    complaint = f" ({labels.ANNEX2['complaint']})"
    for row in rows:
        sheet.append(
            [
                row["n"],
                _text(sheet, row["number"] + (complaint if row["is_complaint"] else "")),
                _date(sheet, row["registered_on"]),
                _text(sheet, row["region"]),
                _text(sheet, row["applicant"]),
                _text(sheet, row["content"]),
                _text(sheet, row["measures"]),
            ]
        )
    _summary_sheet(book, labels.ANNEX2["summary_sheet"], labels.annex2_summary(totals), labels.ANNEX2["count"])
    return _saved(book)


def _moment(sheet, value):
    cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None) if value else None)
    cell.number_format = MOMENT_FORMAT
    return cell


def _interruptions_sheet(book, interruptions):
    """Para 38: a row per planned interruption of the period, its notice in time (24 hours before) or late."""
    words = labels.INTERRUPTIONS
    sheet = book.create_sheet(words["sheet"])
    sheet.freeze_panes = "A5"
    sheet.append([_text(sheet, words["heading"])])
    sheet.append(_header(sheet, [kk for kk, _ru in words["columns"]]))
    sheet.append(_header(sheet, [ru for _kk, ru in words["columns"]]))
    sheet.append(list(range(1, len(words["columns"]) + 1)))
    if not interruptions:
        sheet.append([_text(sheet, words["empty"])])
    for row in labels.interruptions_display(interruptions):
        sheet.append(
            [
                row["n"],
                row["number"],
                _moment(sheet, row["starts_at"]),
                _moment(sheet, row["ends_at"]),
                _text(sheet, row["scope_text"]),
                _text(sheet, row["services"]),
                _moment(sheet, row["notified_at"]),
                _text(sheet, row["term_text"]),
                _text(sheet, row["reason"]),
            ]
        )


def render_ict_xlsx(meta, rows, totals, *, interruptions=()):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(labels.ICT["sheet"])
    sheet.freeze_panes = "A8"
    _title_rows(sheet, meta, labels.ICT["recipient"])
    sheet.append(_header(sheet, [kk for kk, _ru in labels.ICT["columns"]]))
    sheet.append(_header(sheet, [ru for _kk, ru in labels.ICT["columns"]]))
    sheet.append(list(range(1, len(labels.ICT["columns"]) + 1)))
    if not rows:
        sheet.append([_text(sheet, labels.ICT["empty"])])
    for row in labels.ict_display(rows):
        sheet.append(
            [
                row["n"],
                _text(sheet, row["number"]),
                _date(sheet, row["registered_on"]),
                _text(sheet, row["body"]),
                _text(sheet, row["service"]),
                _text(sheet, row["subject"]),
                _text(sheet, row["forwarded_text"]),
                _text(sheet, row["first_answer_text"]),
                _text(sheet, row["resolution_text"]),
            ]
        )
    _interruptions_sheet(book, list(interruptions))
    _summary_sheet(book, labels.ICT["summary_sheet"], labels.ict_summary(totals), labels.ICT["count"])
    return _saved(book)
