"""Registry files for the tests: a realistic Annex 1 row, and CSV bytes built from rows."""

import csv
import io

HEADERS = [
    "No", "register_number", "name_kk", "name_ru", "name_en", "bylaw", "changes", "web_resource",
    "responsible_person", "contacts", "provider", "category",
]  # fmt: skip


def row(number, **overrides):
    values = {
        "No": "1",
        "register_number": number,
        "name_kk": f"Туу туралы куәлік беру {number}",
        "name_ru": f"Выдача свидетельства о рождении {number}",
        "name_en": f"Issue of a birth certificate {number}",
        "bylaw": "Приказ Министра юстиции РК от 12 января 2015 года № 9",
        "changes": "",
        "web_resource": "https://www.gov.kz",
        "responsible_person": "Сейткали Айгерим Нурлановна, главный эксперт",
        "contacts": "+7 7172 74 00 00, a.seitkali@adilet.gov.kz",
        "provider": "minjust",
        "category": "Семья",
    }
    return {**values, **overrides}


def csv_bytes(rows, headers=HEADERS):
    """UTF-8 CSV with `headers`; a row's values for other columns are left out."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
