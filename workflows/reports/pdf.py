"""The reports as PDF: xhtml2pdf in the platform's embedded font (`workflows.registry.pdf`), Kazakh and Russian
headers with the form's column numbers 1-7 under them, the title with the month (or quarter) and the recipient.

Long reports are rendered **in chunks**: xhtml2pdf lays out one long table in time that grows with the square
of its rows (xhtml2pdf#208), so the rows are cut into parts of `CHUNK_ROWS`, each part rendered as its own
document and the parts joined with pypdf. The pages are numbered afterwards ("Бет / Страница 3 / 120") by
stamping a footer drawn with reportlab in the same font, since each part alone cannot know the whole count.
Every value goes through Django's template escaping, so a "<script>" in an appeal's content is printed as text.
"""

import io
import itertools
import os
import threading
from multiprocessing import current_process, get_context

from django.conf import settings
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from workflows.registry.pdf import font_path, render_pdf

from . import labels

CHUNK_ROWS = 50  # a few pages per part: the table splits stay cheap, the parts few enough to join fast
MIN_PARALLEL_PARTS = 8  # below this (400 rows) starting processes costs more than it saves
FOOTER_FONT = "UccReportSans"
FOOTER_RESOURCE = "/UccPageNumber"  # prefix of the footer's font names on every page, names no part uses


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


def _processes(parts):
    """How many processes render the parts: one, unless there are enough parts to share and this process may
    fork safely — not a daemonic process (which may have no children) and not one with other threads (a fork
    copies a lock another thread holds, and the child can hang on it: gunicorn's gthread workers)."""
    if parts < MIN_PARALLEL_PARTS or current_process().daemon or threading.active_count() > 1:
        return 1
    configured = getattr(settings, "UCC_REPORT_PDF_PROCESSES", 0) or os.cpu_count() or 1
    return max(1, min(configured, parts))


_JOB = None  # the part renderer the forked processes inherit (a closure cannot be pickled to them)


def _render_job(index):
    return _JOB(index)


def _render_parts(template, context_for, rows, chunk_rows, what):
    """Each part's PDF bytes in order. With several processes the parts are laid out side by side: each is an
    independent document, so on n cores the rows take about 1/n of the time. The children read no database;
    they render templates and return bytes, and leave by `os._exit` as multiprocessing's children do."""
    global _JOB
    parts = list(_chunks(rows, chunk_rows)) if chunk_rows else [rows]

    def render(index):
        context = context_for(parts[index], first=index == 0, last=index == len(parts) - 1)
        return render_pdf(template, context, what=what)

    processes = _processes(len(parts))
    if processes == 1:
        yield from map(render, range(len(parts)))
        return
    _JOB = render
    try:
        with get_context("fork").Pool(processes) as pool:
            yield from pool.imap(_render_job, range(len(parts)))
    finally:
        _JOB = None


def _then(parts, template, context, what):
    """The parts, then the summary page rendered from `template`: one at a time, so no list of them is kept."""
    yield from parts
    yield render_pdf(template, context, what=what)


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


def _stream(writer, data):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)  # pypdf has no public call that adds a stream to a writer


def _stamp(writer, page, footer, save, restore, fonts):
    """Lay the footer page's text over `page` without decoding the page's own content.

    pypdf's `merge_page` decodes, parses and re-encodes both contents: over a thousand pages that was most of the
    join's time, and it wrote the page's content back uncompressed (five times the size). Here the page keeps
    its content streams as they are, wrapped in q/Q so its graphics state cannot shift the footer, and gains the
    footer's small content stream, whose fonts are renamed (`fonts`: footer name -> (new name, font)) so they
    cannot collide with the part's own (both reportlab's, both called /F1, /F2+0, ...).
    """
    text = footer.get_contents().get_data()
    for name, (renamed, _font) in fonts.items():
        text = text.replace(f"{name} ".encode(), f"{renamed} ".encode())
    contents = page.get(NameObject("/Contents"))
    resolved = contents.get_object() if contents is not None else ArrayObject()
    original = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([save, *original, restore, _stream(writer, text)])
    resources = page.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
    page_fonts = resources.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
    for renamed, font in fonts.values():
        page_fonts[NameObject(renamed)] = font


def _footer_fonts(writer, footer):
    """The footer pages' fonts (they share them), copied into `writer` once, each with a name no part uses."""
    return {
        str(name): (f"{FOOTER_RESOURCE}{index}", font.clone(writer))
        for index, (name, font) in enumerate(footer["/Resources"]["/Font"].items())
    }


def join_and_number(parts, page_label=labels.PAGE):
    """The PDF documents `parts` (bytes, or a generator of them: each part is dropped once appended) as one,
    its pages numbered through."""
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in writer.pages]
    footers = _footers(sizes, page_label).pages
    fonts = _footer_fonts(writer, footers[0])
    save, restore = _stream(writer, b"q\n"), _stream(writer, b"\nQ\n")
    for page, footer in zip(writer.pages, footers, strict=True):
        _stamp(writer, page, footer, save, restore, fonts)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def render_annex2_pdf(meta, rows, totals, *, chunk_rows=CHUNK_ROWS):
    """Annex 2 for one recipient and period: the form's table (in parts of `chunk_rows` rows; None renders one
    big table, the baseline of bench/reports.py), then the summary page. `meta` is `labels.report_meta(...)`."""

    def context_for(part, *, first, last):
        return _annex2_context(meta, part, first=first, last=last)

    parts = _render_parts("reports/annex2_pdf.html", context_for, rows, chunk_rows, f"Annex 2 {meta['title_ru']}")
    summary = {"labels": labels.ANNEX2, "meta": meta, "totals": labels.annex2_summary(totals)}
    return join_and_number(_then(parts, "reports/annex2_summary_pdf.html", summary, "the Annex 2 summary"))


def render_ict_pdf(meta, rows, totals, *, interruptions=(), chunk_rows=CHUNK_ROWS):
    """Para 39's report for one recipient and period: its requests, the planned interruptions and their notices
    (para 38), then the summary."""

    def context_for(part, *, first, last):
        return {"labels": labels.ICT, "meta": meta, "rows": labels.ict_display(part), "first": first, "last": last}

    def interruptions_for(part, *, first, last):
        shown = labels.interruptions_display(part)
        return {"labels": labels.INTERRUPTIONS, "meta": meta, "rows": shown, "first": first, "last": last}

    parts = itertools.chain(
        _render_parts("reports/ict_pdf.html", context_for, rows, chunk_rows, f"ICT {meta['title_ru']}"),
        _render_parts(
            "reports/ict_interruptions_pdf.html",
            interruptions_for,
            list(interruptions),
            chunk_rows,
            "ICT interruptions",
        ),
    )
    summary = {"labels": labels.ICT, "meta": meta, "totals": labels.ict_summary(totals)}
    return join_and_number(_then(parts, "reports/ict_summary_pdf.html", summary, "the ICT report's summary"))
