"""Para 31 and Annex 2: the report on appeals (complaints) — the form's seven columns, every recipient only its own
rows, the month (or the quarter the form's title names), the period's totals, and the files: the PDF with the
Kazakh letters and the names, the XLSX with real cells; an appeal's "<script>" or "=formula" stays inert text."""

import io
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.workflows import reports_world
from tests.workflows.reports_world import FORMULA, NOVEMBER, XSS, at
from workflows.reports import labels, selectors
from workflows.reports.pdf import render_annex2_pdf
from workflows.reports.selectors import Period
from workflows.reports.services.generation import generate_report, render_files
from workflows.reports.xlsx import render_annex2_xlsx

pytestmark = pytest.mark.django_db
world = reports_world.world  # the fixture


def numbers(rows):
    return [row["number"] for row in rows]


def pdf_text(content):
    """The text of every page, its line breaks (a name wrapped in its cell) read as spaces."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_the_rows_carry_the_seven_columns_of_the_form_oldest_first(world):
    rows = selectors.annex2_rows(NOVEMBER, world.quality)
    assert numbers(rows) == [world.a1.number, world.a2.number, world.a3.number, world.a4.number]
    first = rows[0]
    assert first == {
        "n": 1,
        "number": world.a1.number,
        "registered_on": date(2026, 11, 2),
        "region": "Астана",
        "applicant": "Сейткали Айгерим Нурлановна",
        "content": "Сотталғандығы туралы анықтаманы қалай аламын?",
        "measures": "Кеңес берілді",
        "is_complaint": False,
    }
    assert [row["n"] for row in rows] == [1, 2, 3, 4]
    assert rows[1]["is_complaint"] is True
    # Monday 30 November 23:30 in Almaty is 18:30 UTC: still November's, registered on the 30th.
    assert rows[3]["registered_on"] == date(2026, 11, 30)
    # No measures written: column 7 says what became of the appeal.
    assert rows[2]["measures"] == "Қаралуда / На рассмотрении"
    assert rows[3]["measures"].endswith(": Қарағанды облысының әкімдігі")


def test_the_form_headers_are_the_annex_in_kazakh_and_russian_numbered_one_to_seven():
    columns = labels.annex2_columns()
    assert [column["number"] for column in columns] == [1, 2, 3, 4, 5, 6, 7]
    assert [column["kk"] for column in columns] == [
        "Р/с №",
        "Өтініштің (шағымның) №",
        "Өтінішті (шағымды) тіркеу күні",
        "Аймақ",
        "Өтініш берушінің тегі, аты",
        "Өтініштің (шағымдардың) мазмұны",
        "Қабылданған шаралар",
    ]
    assert columns[4]["ru"] == "Фамилия, имя, отчество заявителя"


@pytest.mark.parametrize(
    "recipient, expected",
    [
        ("quality", ("a1", "a2", "a3", "a4")),  # the quality authority: every appeal
        ("justice", ("a1", "a2")),  # a central body: the appeals about its services
        ("akimat", ("a2", "a3", "a4")),  # a local body: its region's and its services'
        ("health", ()),  # provides no service: none
    ],
)
def test_each_recipient_receives_only_its_own_rows(world, recipient, expected):
    rows = selectors.annex2_rows(NOVEMBER, getattr(world, recipient))
    assert numbers(rows) == [getattr(world, name).number for name in expected]


def test_the_totals_match_the_hand_count(world):
    totals = selectors.annex2_totals(NOVEMBER, world.quality)
    assert totals["total"] == 4
    assert totals["complaints"] == 1
    assert dict(totals["by_channel"]) == {"phone_1414": 1, "email": 1, "web": 1, "phone_8800": 1}
    assert dict(totals["by_region"]) == {"Астана": 2, "Қарағанды облысы": 2}
    assert dict(totals["by_service"]) == {
        "00101001 Сотталғандығы туралы анықтама": 2,
        "00303003 Жер телімі": 1,
        "": 1,
    }
    assert dict(totals["by_outcome"]) == {"answered": 2, "registered": 1, "referred": 1}
    assert totals["answered"] == 2
    assert totals["average_answer"] == timedelta(hours=14)  # (2 h + 26 h) / 2


def test_the_akimats_totals_are_its_own(world):
    totals = selectors.annex2_totals(NOVEMBER, world.akimat)
    assert totals["total"] == 3
    assert totals["average_answer"] == timedelta(hours=26)


def test_the_quarter_covers_three_months(world):
    quarter = Period.quarter(2026, 4)
    assert (quarter.start, quarter.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert quarter.is_quarter and quarter.quarter_number == 4
    rows = selectors.annex2_rows(quarter, world.quality)
    assert numbers(rows) == [
        world.before.number,
        world.a1.number,
        world.a2.number,
        world.a3.number,
        world.a4.number,
        world.after.number,
    ]
    meta = labels.report_meta("annex2", quarter, world.quality)
    assert (
        meta["title_kk"]
        == "Бірыңғай байланыс орталығына 2026 жылғы 4-тоқсанда келіп түскен өтініштер (шағымдар) туралы есеп"
    )
    assert meta["title_ru"].endswith("за 4 квартал 2026 года")


def test_the_month_titles_the_report(world):
    meta = labels.report_meta("annex2", NOVEMBER, world.justice)
    assert "2026 жылғы қараша айында" in meta["title_kk"]
    assert meta["title_ru"].endswith("за ноябрь 2026 года")
    assert meta["recipient"] == "Әділет министрлігі / Министерство юстиции"


def test_the_pdf_has_the_kazakh_letters_the_names_and_page_numbers(world):
    pdf, _xlsx, count = render_files("annex2", NOVEMBER, world.quality)
    assert count == 4
    text = pdf_text(pdf)
    for expected in (
        "Сейткали Айгерим Нурлановна",
        "Жұмабаев Ерғали Қуанышұлы",
        "Өмірзақова Гүлнұр Әбілқызы",
        "Қабылданған шаралар",
        "Принятые меры",
        "қараша",
        "Сапа агенттігі",
        "Бет / Страница 1 /",
    ):
        assert expected in text
    assert "■" not in text
    assert all(letter in text for letter in "әғқңөұүі")


def test_an_xss_payload_in_the_content_is_printed_as_text_in_the_pdf(world):
    pdf, _xlsx, _count = render_files("annex2", NOVEMBER, world.akimat)
    text = pdf_text(pdf)
    assert '<script>alert("1414")</script>' in text  # printed as the citizen wrote it, as words
    reader = PdfReader(io.BytesIO(pdf))
    assert "/JavaScript" not in reader.trailer["/Root"] and "/OpenAction" not in reader.trailer["/Root"]
    assert b"/JS " not in pdf and b"/JavaScript" not in pdf


def test_the_xlsx_has_real_cells_a_frozen_header_and_no_formula(world):
    _pdf, xlsx, _count = render_files("annex2", NOVEMBER, world.quality)
    book = load_workbook(io.BytesIO(xlsx))
    sheet = book["2-қосымша"]
    assert sheet.freeze_panes == "A8"
    assert [cell.value for cell in sheet[5]] == [kk for kk, _ru, _w in labels.ANNEX2_COLUMNS]
    assert [cell.value for cell in sheet[7]] == [1, 2, 3, 4, 5, 6, 7]
    first = [cell for cell in sheet[8]]
    assert first[0].value == 1
    assert first[2].is_date and first[2].value.date() == date(2026, 11, 2)
    third = [cell for cell in sheet[10]]
    assert third[5].data_type == "s"
    assert third[5].value == f"{FORMULA} {XSS}"  # a string that begins with "=", not a formula
    assert book["Жиынтық"]["B1"].value == 4


def test_a_content_that_is_only_a_formula_stays_a_string():
    meta = labels.report_meta("annex2", NOVEMBER, None)
    row = {
        "n": 1, "number": "2026-000001", "registered_on": date(2026, 11, 2), "region": "#N/A", "applicant": "",
        "content": "=1+1", "measures": "=SUM(A1:A9)", "is_complaint": False,
    }  # fmt: skip
    totals = {
        "total": 1, "complaints": 0, "by_channel": [], "by_region": [], "by_service": [], "by_outcome": [],
        "answered": 0, "average_answer": None,
    }  # fmt: skip
    book = load_workbook(io.BytesIO(render_annex2_xlsx(meta, [row], totals)))
    cells = list(book.worksheets[0][8])
    assert (cells[5].value, cells[5].data_type) == ("=1+1", "s")
    assert (cells[6].value, cells[6].data_type) == ("=SUM(A1:A9)", "s")
    assert (cells[3].value, cells[3].data_type) == ("#N/A", "s")  # a text that reads as an error code stays a text


def test_a_month_with_no_appeals_says_so(world):
    report = generate_report(kind="annex2", period=NOVEMBER, recipient=world.health)
    assert report.rows == 0
    text = pdf_text(report.pdf.read())
    assert "В отчётном периоде обращений (жалоб) не поступало." in text
    sheet = load_workbook(io.BytesIO(report.xlsx.open("rb").read())).worksheets[0]
    assert sheet["A8"].value.startswith("Есептік кезеңде өтініштер (шағымдар) түскен жоқ.")


def test_a_long_report_is_rendered_in_parts_numbered_through(world):
    rows = selectors.annex2_rows(NOVEMBER, world.quality) * 3
    totals = selectors.annex2_totals(NOVEMBER, world.quality)
    pdf = render_annex2_pdf(labels.report_meta("annex2", NOVEMBER, world.quality), rows, totals, chunk_rows=5)
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    assert pages >= 4  # three parts of rows and the summary
    assert f"Бет / Страница {pages} / {pages}" in reader.pages[-1].extract_text()


def test_generating_keeps_the_old_version_and_is_audited(world):
    first = generate_report(kind="annex2", period=NOVEMBER, recipient=world.justice, at=at(2026, 12, 1, 1))
    second = generate_report(kind="annex2", period=NOVEMBER, recipient=world.justice)
    assert (first.version, second.version) == (1, 2)
    assert first.pdf.name != second.pdf.name and first.pdf.name.endswith("annex2-2026-11-t-justice-v1.pdf")
    entries = LogEntry.objects.get_for_object(first).filter(action=LogEntry.Action.ACCESS)
    assert [entry.additional_data["report"] for entry in entries] == ["generated"]
