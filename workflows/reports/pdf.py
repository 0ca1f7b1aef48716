"""The reports as PDF: xhtml2pdf in the platform's embedded font (`workflows.registry.pdf`), Kazakh and Russian
headers with the form's column numbers 1-7 under them, the title with the month (or quarter) and the recipient.

Long reports are rendered **in chunks**: xhtml2pdf lays out one long table in time that grows with the square
of its rows (xhtml2pdf#208), so the rows are cut into parts of `CHUNK_ROWS`, each part rendered as its own
document and the parts joined with pypdf. The pages are numbered afterwards ("Бет / Страница 3 / 120") by
stamping a footer drawn with reportlab in the same font, since each part alone cannot know the whole count.
Every value goes through Django's template escaping, so a "<script>" in an appeal's content is printed as text.
"""

import io

from pypdf import PdfReader, PdfWriter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from workflows.registry.pdf import font_path, render_pdf

from . import labels

CHUNK_ROWS = 50  # a few pages per part: the table splits stay cheap, the parts few enough to join fast
FOOTER_FONT = "UccReportSans"


def _annex2_context(meta, rows, *, first, last):
    return {
        "labels": labels.ANNEX2,
        "meta": meta,
        "rows": rows,
        "first": first,
        "last": last,
        "columns": labels.annex2_columns(),
    }


def _chunks(rows, size):
    if not rows:
        yield []
        return
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _render_parts(template, context_for, rows, chunk_rows, what):
    parts = list(_chunks(rows, chunk_rows)) if chunk_rows else [rows]
    for index, part in enumerate(parts):
        yield render_pdf(template, context_for(part, first=index == 0, last=index == len(parts) - 1), what=what)


def _register_footer_font():
    if FOOTER_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FOOTER_FONT, str(font_path())))


def _footers(sizes, text):
    """One page per entry of `sizes` with only the footer "text n / total" at its bottom right."""
    _register_footer_font()
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    total = len(sizes)
    for number, (width, height) in enumerate(sizes, start=1):
        sheet.setPageSize((width, height))
        sheet.setFont(FOOTER_FONT, 8)
        sheet.drawRightString(width - 34, 20, f"{text} {number} / {total}")
        sheet.showPage()
    sheet.save()
    buffer.seek(0)
    return PdfReader(buffer)


def join_and_number(parts, page_label=labels.PAGE):
    """The PDF documents `parts` (bytes) as one, its pages numbered through."""
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in writer.pages]
    for page, footer in zip(writer.pages, _footers(sizes, page_label).pages, strict=True):
        page.merge_page(footer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def render_annex2_pdf(meta, rows, totals, *, chunk_rows=CHUNK_ROWS):
    """Annex 2 for one recipient and period: the form's table (in parts of `chunk_rows` rows; None renders one
    big table, the baseline of bench/reports.py), then the summary page. `meta` is `labels.report_meta(...)`."""

    def context_for(part, *, first, last):
        return _annex2_context(meta, part, first=first, last=last)

    parts = list(_render_parts("reports/annex2_pdf.html", context_for, rows, chunk_rows, f"Annex 2 {meta['title_ru']}"))
    summary = {"labels": labels.ANNEX2, "meta": meta, "totals": labels.annex2_summary(totals)}
    parts.append(render_pdf("reports/annex2_summary_pdf.html", summary, what="the Annex 2 summary"))
    return join_and_number(parts)


def render_ict_pdf(meta, rows, totals, *, interruptions=(), chunk_rows=CHUNK_ROWS):
    """Para 39's report for one recipient and period: its requests, the planned interruptions and their notices
    (para 38), then the summary."""

    def context_for(part, *, first, last):
        return {"labels": labels.ICT, "meta": meta, "rows": labels.ict_display(part), "first": first, "last": last}

    def interruptions_for(part, *, first, last):
        shown = labels.interruptions_display(part)
        return {"labels": labels.INTERRUPTIONS, "meta": meta, "rows": shown, "first": first, "last": last}

    parts = list(_render_parts("reports/ict_pdf.html", context_for, rows, chunk_rows, f"ICT {meta['title_ru']}"))
    parts += _render_parts(
        "reports/ict_interruptions_pdf.html", interruptions_for, list(interruptions), chunk_rows, "ICT interruptions"
    )
    summary = {"labels": labels.ICT, "meta": meta, "totals": labels.ict_summary(totals)}
    parts.append(render_pdf("reports/ict_summary_pdf.html", summary, what="the ICT report's summary"))
    return join_and_number(parts)
