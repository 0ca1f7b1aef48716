"""The Annex 2 PDF laid out by several processes is the same document as one process makes (issue 18's
rendering: long reports in parts, side by side on the cores), and the parts are joined and numbered through."""

import io
import threading
from datetime import date
from multiprocessing import current_process, get_context

import pytest
from pypdf import PdfReader

from workflows.reports import labels
from workflows.reports import pdf as report_pdf
from workflows.reports.selectors import Period

from . import pdf_parts_child


def _rows(count):
    return [
        {
            "n": n,
            "number": f"UCC-2026-{n:06d}",
            "registered_on": date(2026, 11, 2),
            "region": "Ұлытау облысы",
            "applicant": f"Өмірзақова Гүлнұр {n}",
            "content": "Сотталғандығы туралы анықтаманы қалай алуға болады?",
            "measures": "Кеңес берілді.",
            "is_complaint": n == 3,
        }
        for n in range(1, count + 1)
    ]


TOTALS = {
    "total": 20,
    "complaints": 1,
    "by_channel": [("phone_1414", 20)],
    "by_region": [],
    "by_service": [],
    "by_outcome": [],
    "answered": 20,
    "average_answer": None,
}


def _text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return [page.extract_text() for page in reader.pages]


def test_two_processes_make_the_same_pages_as_one():
    context = get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=pdf_parts_child.render_both, args=(queue,))
    process.start()
    result = queue.get(timeout=120)
    process.join(60)
    assert not isinstance(result, Exception), result
    (processes, together), alone, failure = result
    assert processes == 2
    assert together == alone
    assert "Өмірзақова Гүлнұр 20" in "".join(together)
    assert together[0].rstrip().endswith(f"1 / {len(together)}")
    assert together[-1].rstrip().endswith(f"{len(together)} / {len(together)}")
    assert failure and "could not render" in failure  # a part that fails in a child fails the report


def test_a_few_parts_or_a_process_that_may_not_fork_lay_out_alone(settings, monkeypatch):
    settings.UCC_REPORT_PDF_PROCESSES = 4
    monkeypatch.setattr(report_pdf.threading, "active_count", lambda: 1)  # as in a django-q worker
    assert report_pdf._processes(report_pdf.MIN_PARALLEL_PARTS - 1) == 1
    assert report_pdf._processes(report_pdf.MIN_PARALLEL_PARTS) == 4
    monkeypatch.setattr(current_process(), "daemon", True, raising=False)
    assert report_pdf._processes(50) == 1  # a daemonic django-q worker may have no children


def test_a_process_with_other_threads_lays_out_alone(settings):
    settings.UCC_REPORT_PDF_PROCESSES = 4
    started, stop = threading.Event(), threading.Event()

    def wait():
        started.set()
        stop.wait(5)

    thread = threading.Thread(target=wait)
    thread.start()
    try:
        started.wait(5)
        assert report_pdf._processes(50) == 1  # gunicorn's gthread worker: a fork could copy a held lock
    finally:
        stop.set()
        thread.join()


def test_a_render_error_in_a_part_is_raised(settings, monkeypatch):
    settings.UCC_REPORT_PDF_PROCESSES = 1
    monkeypatch.setattr(report_pdf, "render_pdf", _failing_render)
    meta = labels.report_meta("annex2", Period.month(2026, 11), None)
    with pytest.raises(RuntimeError, match="could not render"):
        report_pdf.render_annex2_pdf(meta, _rows(20), TOTALS, chunk_rows=2)


def _failing_render(template, context, *, what):
    raise RuntimeError(f"xhtml2pdf could not render {what}: a test")
