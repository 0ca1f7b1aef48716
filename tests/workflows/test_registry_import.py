"""Bulk import and export of the public-service registry (Annex 1): all or nothing, every error with
its row number and column, audited, and a round trip through CSV and XLSX."""

import pytest
from django.core.management import CommandError, call_command

from tests.factories import StateBodyFactory
from tests.workflows.registry_files import HEADERS, csv_bytes, row
from workflows.registry.bulk_import import import_registry
from workflows.registry.models import PublicService, RegistryImport, RegistryImportChange
from workflows.registry.resources import export_registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers():
    return (
        StateBodyFactory(code="minjust", name_ru="Министерство юстиции Республики Казахстан", short_name="МЮ РК"),
        StateBodyFactory(code="enbek", name_ru="Министерство труда и социальной защиты населения РК"),
    )


def test_import_creates_services_keeping_leading_zeros(providers):
    report = import_registry(csv_bytes([row("00101001"), row("00101002", provider="МЮ РК; enbek")]), "csv")
    assert report.written and (report.created, report.updated) == (2, 0)
    service = PublicService.objects.get(register_number="00101002")
    assert set(service.providers.values_list("code", flat=True)) == {"minjust", "enbek"}
    assert service.name_kk == "Туу туралы куәлік беру 00101002"


def test_every_created_row_is_audited_in_its_batch(providers):
    import_registry(csv_bytes([row("00101001"), row("00101002")]), "csv", file_name="registry.csv")
    batch = RegistryImport.objects.get()
    assert (batch.status, batch.created, batch.file_name) == (RegistryImport.Status.DONE, 2, "registry.csv")
    change = RegistryImportChange.objects.get(register_number="00101001")
    assert (change.batch, change.row_number, change.action) == (batch, 2, "create")
    assert change.changes["name_ru"] == [None, "Выдача свидетельства о рождении 00101001"]


def test_reimporting_the_same_file_changes_nothing_and_says_so(providers):
    content = csv_bytes([row("00101001"), row("00101002")])
    import_registry(content, "csv")
    report = import_registry(content, "csv")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert "Nothing changed" in report.summary()
    assert RegistryImportChange.objects.count() == 2


def test_an_update_records_what_changed(providers):
    import_registry(csv_bytes([row("00101001")]), "csv")
    report = import_registry(csv_bytes([row("00101001", category="Рождение ребёнка", provider="enbek")]), "csv")
    assert (report.created, report.updated) == (0, 1)
    change = RegistryImportChange.objects.filter(action="update").get()
    assert change.changes["category"] == ["Семья", "Рождение ребёнка"]
    assert "providers" in change.changes
    assert list(PublicService.objects.get().providers.values_list("code", flat=True)) == ["enbek"]


def test_russian_and_kazakh_headers_are_understood(providers):
    headers_ru = [
        "№ п/п",
        "Номер государственной услуги в реестре",
        "Наименование (на казахском)",
        "Наименование (на русском)",
        "Услугодатель",
    ]
    headers_kk = [
        "Р/с №",
        "Мемлекеттік көрсетілетін қызметтің тізілімдегі №",
        "Атауы (қазақша)",
        "Атауы (орысша)",
        "Көрсетілетін қызметті беруші",
    ]
    for headers, number in ((headers_ru, "00101001"), (headers_kk, "00101002")):
        data = dict(zip(headers, ["1", number, "Атауы", "Наименование", "minjust"], strict=True))
        assert import_registry(csv_bytes([data], headers), "csv").created == 1


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "The file is empty"),
        (b"\x00\x01\x02\xff\xfe garbage \x89PNG", "not UTF-8"),
        ("Номер;Что-то\n1;2\n".encode(), "Unknown column headers"),
        (csv_bytes([], ["register_number", "name_kk", "name_ru"]), "no rows"),
        (csv_bytes([{"register_number": "00101001", "name_ru": "x"}], ["register_number", "name_ru"]), "in Kazakh"),
    ],
    ids=["empty", "binary", "wrong-headers", "headers-only", "no-kazakh-name"],
)
def test_a_bad_file_is_refused_whole(providers, content, message):
    report = import_registry(content, "csv")
    assert message in report.file_error
    assert not report.written and PublicService.objects.count() == 0
    assert RegistryImport.objects.get().status == RegistryImport.Status.FAILED


def test_binary_garbage_is_not_an_xlsx_file():
    report = import_registry(b"PK\x03\x04 not really a zip", "xlsx")
    assert "could not be read as XLSX" in report.file_error


def test_one_bad_row_of_ten_thousand_writes_nothing(providers):
    rows = [row(f"{n:08d}") for n in range(1, 10_001)]
    rows[6_999]["bylaw_date"] = "31.02.2024"
    content = csv_bytes(rows, [*HEADERS, "bylaw_date"])
    report = import_registry(content, "csv")
    assert [r.row_number for r in report.error_rows] == [7_001]
    assert report.error_rows[0].errors == ["Дата акта: «31.02.2024» is not a date (YYYY-MM-DD or DD.MM.YYYY)"]
    assert PublicService.objects.count() == 0
    report = import_registry(content, "csv", valid_rows_only=True)
    assert report.written and PublicService.objects.count() == 9_999


def test_duplicate_register_numbers_name_the_first_row(providers):
    report = import_registry(csv_bytes([row("00101001"), row("00101002"), row("00101001")]), "csv")
    assert [(r.row_number, r.errors) for r in report.error_rows] == [
        (4, ["Номер государственной услуги в реестре: 00101001 is already in row 2"])
    ]
    assert PublicService.objects.count() == 0


def test_unknown_provider_is_a_row_error_not_a_crash(providers):
    report = import_registry(csv_bytes([row("00101001", provider="Министерство магии")]), "csv")
    assert report.error_rows[0].errors == ["Услугодатель: unknown service provider «Министерство магии»"]


def test_oversize_cells_and_bad_numbers_are_row_errors(providers):
    report = import_registry(
        csv_bytes([row("00101001", name_ru="Ы" * 1001), row("12-AB"), row("00101003", web_resource="x" * 501)]), "csv"
    )
    errors = {r.row_number: r.errors for r in report.error_rows}
    assert errors[2] == ["Наименование (на русском): 1001 characters, at most 1000"]
    assert errors[3] == ["Номер государственной услуги в реестре: «12-AB» is not 3 to 16 digits"]
    assert errors[4][0].startswith("Интернет-ресурс")


def test_formula_cells_are_refused_on_import(providers):
    report = import_registry(csv_bytes([row("00101001", web_resource='=HYPERLINK("http://evil","click")')]), "csv")
    assert "a formula is not accepted" in report.error_rows[0].errors[0]


def test_dry_run_previews_without_writing(providers):
    report = import_registry(csv_bytes([row("00101001")]), "csv", dry_run=True)
    assert report.created == 1 and not report.written
    assert report.changes[0][:3] == (2, "00101001", "create")
    assert PublicService.objects.count() == 0 and RegistryImport.objects.count() == 0


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_gives_the_same_registry(providers, file_format):
    import_registry(
        csv_bytes([row("00101001", contacts="+7 701 000 00 01"), row("00101002", provider="minjust; enbek")]), "csv"
    )
    PublicService.objects.filter(register_number="00101001").update(name_en='=HYPERLINK("http://evil","x")')
    before = list(PublicService.objects.order_by("register_number").values())
    providers_before = {
        s.register_number: set(s.providers.values_list("id", flat=True)) for s in PublicService.objects.all()
    }
    exported = export_registry(file_format)
    if file_format == "csv":
        text = exported.decode("utf-8")
        assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    PublicService.objects.all().delete()
    report = import_registry(exported, file_format)
    assert report.created == 2, report.summary()
    after = list(PublicService.objects.order_by("register_number").values())
    for old, new in zip(before, after, strict=True):
        assert {k: v for k, v in old.items() if k not in {"id", "updated_at"}} == {
            k: v for k, v in new.items() if k not in {"id", "updated_at"}
        }
    assert {s.register_number: set(s.providers.values_list("id", flat=True)) for s in PublicService.objects.all()} == (
        providers_before
    )


def test_the_command_reports_progress_and_row_errors(providers, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([row("00101001")]))
    call_command("import_registry", str(good))
    captured = capsys.readouterr()
    assert "1 rows: 1 new" in captured.out and "rows: 1/1 (100%)" in captured.err
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([row("00101002", provider="nobody")]))
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_registry", str(bad))
    assert "row 2: Услугодатель: unknown service provider «nobody»" in capsys.readouterr().out


def test_a_column_absent_from_the_file_leaves_that_field_as_it_is(providers):
    """Issue 14, defect 13: a file without `category` or `provider` emptied the category and dropped the
    providers. Only a column that is present, with an empty cell, clears a field."""
    import_registry(csv_bytes([row("00101001", provider="minjust; enbek")]), "csv")
    narrow = ["register_number", "name_kk", "name_ru"]
    report = import_registry(csv_bytes([row("00101001", name_ru="Новое название")], headers=narrow), "csv")
    assert (report.created, report.updated) == (0, 1)
    service = PublicService.objects.get()
    assert service.name_ru == "Новое название"
    assert service.category == "Семья" and service.name_en == "Issue of a birth certificate 00101001"
    assert set(service.providers.values_list("code", flat=True)) == {"minjust", "enbek"}
    assert set(RegistryImportChange.objects.filter(action="update").get().changes) == {"name_ru"}


def test_a_present_empty_cell_clears_its_field(providers):
    import_registry(csv_bytes([row("00101001")]), "csv")
    import_registry(csv_bytes([row("00101001", category="", provider="")]), "csv")
    service = PublicService.objects.get()
    assert service.category == "" and not service.providers.exists()
