"""The child process of test_reports_pdf_parts: both renderings where nothing else runs (the test runner's own
threads, a live server or a mail server, would rightly keep `_processes` at one). Django is set up here, before
anything of the platform is imported: this module is all a spawned child imports first."""


def _render(processes):
    from django.conf import settings

    from workflows.reports import labels
    from workflows.reports import pdf as report_pdf
    from workflows.reports.selectors import Period

    from .test_reports_pdf_parts import TOTALS, _rows

    settings.UCC_REPORT_PDF_PROCESSES = processes
    meta = labels.report_meta("annex2", Period.month(2026, 11), None)
    return report_pdf.render_annex2_pdf(meta, _rows(20), TOTALS, chunk_rows=2)  # 10 parts


def render_both(queue):
    import django

    django.setup()
    try:
        from workflows.reports import pdf as report_pdf

        from .test_reports_pdf_parts import _failing_render, _text

        together = (report_pdf._processes(10), _text(_render(2)))
        alone = _text(_render(1))
        report_pdf.render_pdf = _failing_render
        try:
            _render(2)
            failure = None
        except RuntimeError as error:
            failure = str(error)
        queue.put((together, alone, failure))
    except Exception as error:  # the test shows it rather than waiting for a result that never comes
        queue.put(error)
