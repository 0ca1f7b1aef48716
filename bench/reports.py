"""The Annex 2 report's files: the PDF rendered in chunks against one big xhtml2pdf table, and the XLSX.

    python bench/reports.py [--rows 5000] [--baseline-rows 5000] [--xlsx-rows 100000]

Targets (issue 18): the Annex 2 PDF of 5,000 appeals in Kazakh <= 25 s, of 10,000 <= 2.2x the time of 5,000,
peak memory <= 300 MB, no placeholder glyph (■) in the text pypdf extracts; the same rows rendered as one big
table (the baseline, xhtml2pdf#208: its time grows with the square of the rows) in the same run; the XLSX of
100,000 rows <= 15 s. The parts are laid out by one process per core (UCC_REPORT_PDF_PROCESSES); the same
rows in one process are timed too. Each measurement runs in a fresh process, so its peak resident memory is its own.
The rows are made in memory (no database): what is measured is the rendering.
"""

import argparse
import io
import multiprocessing
import os
import random
import resource
import sys
import time
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
sys.path.insert(0, os.path.dirname(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucc_site.settings.test")

SURNAMES = "Сейткали Жұмабаев Өмірзақова Нұрланов Қасымова Әбдірахманов Ғабитов Іскақова Үсенов Иванов".split()
NAMES = "Айгерім Ерғали Гүлнұр Дәулет Әсел Нұржан Қуаныш Ұлжан Мадина Пётр".split()
PATRONYMICS = "Нұрланқызы Қуанышұлы Әбілқызы Серікұлы Маратқызы Сергеевич".split()
REGIONS = ("Астана", "Алматы", "Шымкент", "Қарағанды облысы", "Түркістан облысы", "Абай облысы", "Ұлытау облысы")
CONTENT = (
    "Сотталғандығы туралы анықтаманы электрондық үкімет порталы арқылы қалай алуға болады? ЭЦҚ қажет пе, "
    "қызмет көрсету мерзімі қанша жұмыс күні? Өтініш мәртебесін қайдан көруге болады?"
)
MEASURES = "Кеңес берілді: egov.kz порталында ЭЦҚ арқылы өтініш беру тәртібі және мерзімі түсіндірілді."


def rows(count, seed=1414):
    rng = random.Random(seed)
    start = date(2026, 11, 1)
    return [
        {
            "n": n,
            "number": f"UCC-2026-{n:06d}",
            "registered_on": start + timedelta(days=n * 30 // (count + 1)),
            "region": rng.choice(REGIONS),
            "applicant": f"{rng.choice(SURNAMES)} {rng.choice(NAMES)} {rng.choice(PATRONYMICS)}",
            "content": CONTENT[: rng.randint(60, len(CONTENT))],
            "measures": MEASURES,
            "is_complaint": n % 17 == 0,
        }
        for n in range(1, count + 1)
    ]


def _totals(count):
    return {
        "total": count,
        "complaints": count // 17,
        "by_channel": [("phone_1414", count)],
        "by_region": [(region, count // len(REGIONS)) for region in REGIONS],
        "by_service": [],
        "by_outcome": [("answered", count)],
        "answered": count,
        "average_answer": timedelta(hours=5),
    }


def _meta():
    from workflows.reports import labels
    from workflows.reports.selectors import Period

    return labels.report_meta("annex2", Period.month(2026, 11), None)


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_pdf(count, chunk_rows, queue, processes_setting=0):
    import django

    django.setup()
    from django.conf import settings

    settings.UCC_REPORT_PDF_PROCESSES = processes_setting
    from pypdf import PdfReader

    from workflows.reports.pdf import _processes, render_annex2_pdf

    data, totals, meta = rows(count), _totals(count), _meta()
    processes = _processes(-(-count // chunk_rows)) if chunk_rows else 1
    started = time.perf_counter()
    try:
        pdf = render_annex2_pdf(meta, data, totals, chunk_rows=chunk_rows)
    except Exception as error:  # xhtml2pdf's render deadline (60 s a document) stops one big table
        queue.put({"error": f"{type(error).__name__}: {error}", "seconds": time.perf_counter() - started})
        return
    seconds = time.perf_counter() - started
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    queue.put(
        {
            "seconds": seconds,
            "peak_mb": _peak_mb(),
            "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "processes": processes,
            "pages": len(reader.pages),
            "placeholders": text.count("■"),
            "kazakh": all(letter in text for letter in "әғқңөұүі"),
            "mb": len(pdf) / 1e6,
        }
    )


def measure_xlsx(count, queue):
    import django

    django.setup()
    from workflows.reports.xlsx import render_annex2_xlsx

    data, totals, meta = rows(count), _totals(count), _meta()
    started = time.perf_counter()
    content = render_annex2_xlsx(meta, data, totals)
    queue.put({"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), "mb": len(content) / 1e6})


def in_fresh_process(target, *args, **kwargs):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue), kwargs=kwargs)
    process.start()
    result = queue.get()
    process.join()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--baseline-rows", type=int, default=5000, help="0 skips the one-big-table baseline")
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    args = parser.parse_args()
    import django

    django.setup()
    from workflows.reports.pdf import CHUNK_ROWS

    small = in_fresh_process(measure_pdf, args.rows, CHUNK_ROWS)
    large = in_fresh_process(measure_pdf, 2 * args.rows, CHUNK_ROWS)
    print(f"Annex 2 PDF in parts of {CHUNK_ROWS} rows (Kazakh rows, embedded font):")
    for count, result in ((args.rows, small), (2 * args.rows, large)):
        print(
            f"  {count:>7,} rows: {result['seconds']:6.1f} s, {result['pages']} pages, {result['mb']:.1f} MB, "
            f"peak {result['peak_mb']:.0f} MB (each of {result['processes']} layout processes "
            f"{result['children_peak_mb']:.0f} MB, shared pages counted in each), ■ {result['placeholders']}, "
            f"Kazakh letters {result['kazakh']}"
        )
    ratio = large["seconds"] / small["seconds"]
    print(f"  {2 * args.rows:,} / {args.rows:,} rows: {ratio:.2f}x (target <= 2.2x)")
    if small["processes"] > 1:
        serial = in_fresh_process(measure_pdf, args.rows, CHUNK_ROWS, processes_setting=1)
        print(
            f"  {args.rows:,} rows in one process: {serial['seconds']:.1f} s, peak {serial['peak_mb']:.0f} MB "
            f"({serial['seconds'] / small['seconds']:.2f}x the time of {small['processes']} processes)"
        )
    if args.baseline_rows:
        baseline = in_fresh_process(measure_pdf, args.baseline_rows, None)
        if "error" in baseline:
            print(
                f"Baseline, one big table of {args.baseline_rows:,} rows: stopped after {baseline['seconds']:.1f} s "
                f"({baseline['error']})"
            )
        else:
            print(
                f"Baseline, one big table of {args.baseline_rows:,} rows: {baseline['seconds']:.1f} s, "
                f"peak {baseline['peak_mb']:.0f} MB ({baseline['seconds'] / small['seconds']:.1f}x the chunked)"
                if args.baseline_rows == args.rows
                else f"Baseline, one big table of {args.baseline_rows:,} rows: {baseline['seconds']:.1f} s, "
                f"peak {baseline['peak_mb']:.0f} MB"
            )
    xlsx = in_fresh_process(measure_xlsx, args.xlsx_rows)
    print(
        f"Annex 2 XLSX, {args.xlsx_rows:,} rows (write-only): {xlsx['seconds']:.1f} s, {xlsx['mb']:.1f} MB, "
        f"peak {xlsx['peak_mb']:.0f} MB (target <= 15 s)"
    )


if __name__ == "__main__":
    main()
