"""Bulk import of the public-service registry: rows per second and peak memory, against
django-import-export's default (row-by-row) configuration measured in the same run.

    python bench/registry_import.py [--rows 100000] [--stock-rows 1000]

Targets (issue: registry): 100,000 rows upserted, validated and audited at >= 10,000 rows/s, peak memory
<= 300 MB, on SQLite and on PostgreSQL (DATABASE_URL=postgres://…). Runs on a throw-away test database.
"""

import argparse
import csv
import io
import os
import random
import resource
import sys
import time
import tracemalloc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
sys.path.insert(0, os.path.dirname(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucc_site.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SUBJECTS = [
    ("туу туралы куәлік", "свидетельства о рождении", "a birth certificate"),
    ("мекенжай анықтамасы", "адресной справки", "an address certificate"),
    ("жер учаскесіне құқық", "права на земельный участок", "a land plot right"),
    ("әлеуметтік көмек", "социальной помощи", "social assistance"),
    ("жүргізуші куәлігі", "водительского удостоверения", "a driving licence"),
    ("мүгедектігі бойынша жәрдемақы", "пособия по инвалидности", "a disability allowance"),
    ("құрылысқа рұқсат", "разрешения на строительство", "a building permit"),
    ("мектепке дейінгі ұйымға жолдама", "направления в дошкольную организацию", "a pre-school referral"),
]
ACTIONS = [
    ("беру", "Выдача", "Issue of"),
    ("тағайындау", "Назначение", "Granting of"),
    ("қайта ресімдеу", "Переоформление", "Re-issue of"),
]
HEADERS = [
    "№",
    "register_number",
    "name_kk",
    "name_ru",
    "name_en",
    "bylaw",
    "changes",
    "web_resource",
    "responsible_person",
    "contacts",
    "provider",
    "category",
]


def generate(rows, providers, seed=1414):
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for n in range(1, rows + 1):
        kk, ru, en = rng.choice(SUBJECTS)
        akk, aru, aen = rng.choice(ACTIONS)
        writer.writerow(
            [
                n,
                f"{n:08d}",
                f"{kk.capitalize()} {akk} ({n})",
                f"{aru} {ru} ({n})",
                f"{aen} {en} ({n})",
                f"Приказ Министра от {rng.randint(1, 28)}.{rng.randint(1, 12):02d}.20{rng.randint(15, 25)} "
                f"№ {rng.randint(1, 999)}",
                "" if rng.random() < 0.7 else "Изменения внесены приказом № 123 от 01.03.2024",
                "https://www.gov.kz/services/" + str(n),
                "Сейткали Әйгерім Нұрланқызы, бас сарапшы",
                "+7 7172 74 00 00, info@gov.kz",
                rng.choice(providers),
                rng.choice(["Отбасы", "Әлеуметтік қорғау", "Жер қатынастары", "Көлік", "Құрылыс"]),
            ]
        )
    return buffer.getvalue().encode("utf-8")


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label, rows, func):
    began = time.perf_counter()
    outcome = func()
    elapsed = time.perf_counter() - began
    print(
        f"{label:<52} {rows:>7} rows in {elapsed:7.2f} s  {rows / elapsed:>9,.0f} rows/s  peak RSS {peak_mb():6.0f} MB"
    )
    return rows / elapsed, outcome


def stock_import(content):
    import tablib

    from workflows.registry.resources import StockPublicServiceResource

    dataset = tablib.Dataset().load(content.decode("utf-8"), format="csv")
    # The generated file's columns, in the same order, as the stock resource names them.
    dataset.headers = ["No", *StockPublicServiceResource.Meta.fields]
    result = StockPublicServiceResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert not result.has_errors()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--stock-rows", type=int, default=1_000)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from workflows.directory.services import load_directory
        from workflows.registry.bulk_import import import_registry
        from workflows.registry.models import PublicService, RegistryImportChange

        load_directory()
        from workflows.directory.models import StateBody

        providers = list(StateBody.objects.filter(kind="central_body").values_list("code", flat=True)[:6])
        content = generate(args.rows, providers)
        start_rss = peak_mb()
        print(
            f"database: {connection.vendor}; file: {len(content) / 2**20:.1f} MB CSV, {args.rows} rows; "
            f"start RSS {start_rss:.0f} MB"
        )
        stock, _ = timed(
            "baseline: import-export default, row by row",
            args.stock_rows,
            lambda: stock_import(generate(args.stock_rows, providers)),
        )
        PublicService.objects.all().delete()
        rate, report = timed("bulk import, new registry (create)", args.rows, lambda: import_registry(content, "csv"))
        assert report.created == args.rows and report.written, report.summary()
        print(f"    ×{rate / stock:.1f} vs baseline; audit rows: {RegistryImportChange.objects.count()}")
        rate, report = timed(
            "bulk import, same file again (no change)", args.rows, lambda: import_registry(content, "csv")
        )
        assert report.unchanged == args.rows
        print(f"    ×{rate / stock:.1f} vs baseline")
        changed = content.replace("Отбасы".encode(), "Отбасы және балалар".encode())
        rate, report = timed(
            "bulk import, ~20% of rows changed (update)", args.rows, lambda: import_registry(changed, "csv")
        )
        print(f"    ×{rate / stock:.1f} vs baseline; {report.updated} updated")
        print(
            f"peak RSS of the whole process: {peak_mb():.0f} MB, of which {start_rss:.0f} MB before the first "
            "import (Django, Wagtail, the test database, the generated files)"
        )
        PublicService.objects.all().delete()
        tracemalloc.start()
        import_registry(content, "csv")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"memory the import itself allocates at its peak (tracemalloc, untimed run, create): "
            f"{peak / 2**20:.0f} MB (target <= 300 MB)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
