"""Para 38's figures in the ICT report of para 39 (issue 18 item 2): the planned interruptions of November 2026
that were notified, how many notices came at least 24 hours before the start, the late ones with their reason.

| notice | services    | told                  | starts (Almaty)      | notified (Almaty)   | para 38               |
|--------|-------------|-----------------------|----------------------|---------------------|-----------------------|
| portal | EGOV-PORTAL | Justice, Karaganda    | Tue 3 Nov 09:00      | Mon 2 Nov 10:00     | 23 h before: late     |
| gbd    | GBD-FL      | Justice               | Wed 11 Nov 22:00     | Mon 9 Nov 10:00     | 60 h before: in time  |
| dec    | EGOV-PORTAL | Justice, Karaganda    | Tue 1 Dec 02:00      | Fri 27 Nov 10:00    | December's, not here  |
| draft  | GBD-FL      | nobody (never notified) | Fri 20 Nov 10:00   | —                   | not counted           |
"""

import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import UserFactory
from tests.workflows import reports_world
from tests.workflows.reports_world import NOVEMBER, at
from workflows.ict.models import IctService
from workflows.interruptions.services import notices
from workflows.reports import labels, selectors
from workflows.reports.services.generation import render_files

pytestmark = pytest.mark.django_db
world = reports_world.world  # the fixture

LATE_REASON = "АКИ операторы жұмыстар туралы 2 қарашада хабарлады / Оператор ИКИ сообщил о работах 2 ноября"


def interruption(world, service, starts, *, notified=None, reason="", user):
    notice = notices.enter_notice(
        operator=world.ici, services=[service], starts_at=starts, ends_at=starts + timedelta(hours=3),
        affected_kk="Портал қолжетімсіз", affected_ru="Портал недоступен", contact="+7 717 255 00 00", user=user,
    )  # fmt: skip
    if notified:
        notices.notify(notice, user=user, at=notified, late_reason=reason)
    notice.refresh_from_db()
    return notice


@pytest.fixture
def notified(world):
    coordinator = UserFactory(roles=["Onboarding coordinator"])
    portal = IctService.objects.create(code="EGOV-PORTAL", name_kk="eGov порталы", name_ru="Портал eGov")
    portal.subscribers.set([world.justice, world.akimat])
    gbd = IctService.objects.create(code="GBD-FL", name_kk="ЖТ МДБ", name_ru="ГБД ФЛ")
    gbd.subscribers.set([world.justice])
    world.portal = interruption(
        world, portal, at(2026, 11, 3, 9), notified=at(2026, 11, 2, 10), reason=LATE_REASON, user=coordinator
    )
    world.gbd = interruption(world, gbd, at(2026, 11, 11, 22), notified=at(2026, 11, 9, 10), user=coordinator)
    interruption(world, portal, at(2026, 12, 1, 2), notified=at(2026, 11, 27, 10), user=coordinator)
    interruption(world, gbd, at(2026, 11, 20, 10), user=coordinator)
    return world


def test_a_notice_given_monday_10_00_for_tuesday_09_00_is_late_with_its_reason(notified):
    first, second = selectors.ict_interruptions(NOVEMBER, notified.informatization)
    assert (first["number"], first["late"], first["late_reason"]) == (notified.portal.pk, True, LATE_REASON)
    assert first["starts_at"] == at(2026, 11, 3, 9) and first["notified_at"] == at(2026, 11, 2, 10)
    assert (second["number"], second["late"]) == (notified.gbd.pk, False)


def test_the_authority_and_the_ici_operator_count_every_notice_a_body_its_own(notified):
    numbers = {
        body: [row["number"] for row in selectors.ict_interruptions(NOVEMBER, getattr(notified, body))]
        for body in ("informatization", "ici", "justice", "akimat", "health")
    }
    both = [notified.portal.pk, notified.gbd.pk]
    assert numbers == {
        "informatization": both,
        "ici": both,
        "justice": both,
        "akimat": [notified.portal.pk],
        "health": [],
    }


def test_the_summary_counts_notified_in_time_and_late(notified):
    totals = selectors.ict_totals([], selectors.ict_interruptions(NOVEMBER, notified.ici))
    assert totals["interruptions"] == {"notified": 2, "in_time": 1, "late": 1}
    figures = dict(labels.ict_summary(totals)["figures"])
    assert figures[labels.INTERRUPTIONS["late"]] == 1 and figures[labels.INTERRUPTIONS["in_time"]] == 1
    akimat = selectors.ict_totals([], selectors.ict_interruptions(NOVEMBER, notified.akimat))
    assert akimat["interruptions"] == {"notified": 1, "in_time": 0, "late": 1}


def test_the_pdf_prints_the_section_in_kazakh_and_russian(notified):
    pdf, _xlsx, _count = render_files("ict", NOVEMBER, notified.ici)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Жоспарлы үзілістер туралы хабарламалар" in text and "■" not in text
    assert "03.11.2026 09:00" in text and "02.11.2026 10:00" in text and "кешіктірілді / с опозданием" in text
    assert "АКИ операторы жұмыстар туралы" in text  # the reason, with the late one
    assert "Уведомлено с опозданием" in text  # the summary's figure


def test_the_xlsx_has_a_sheet_of_the_interruptions_with_times_as_times(notified):
    _pdf, xlsx, _count = render_files("ict", NOVEMBER, notified.akimat)
    book = load_workbook(io.BytesIO(xlsx))
    sheet = book[labels.INTERRUPTIONS["sheet"]]
    assert sheet.freeze_panes == "A5"
    row = [cell.value for cell in sheet[5]]
    assert row[:4] == [1, notified.portal.pk, datetime(2026, 11, 3, 9), datetime(2026, 11, 3, 12)]
    assert row[6] == datetime(2026, 11, 2, 10) and row[7] == "кешіктірілді / с опозданием" and row[8] == LATE_REASON
    assert sheet.max_row == 5  # the akimat was told of one interruption only
    summary = {cells[0].value: cells[1].value for cells in book[labels.ICT["summary_sheet"]].iter_rows() if cells}
    assert summary[labels.INTERRUPTIONS["notified"]] == 1 and summary[labels.INTERRUPTIONS["late"]] == 1


def test_a_month_without_interruptions_says_so(world):
    _pdf, xlsx, _count = render_files("ict", NOVEMBER, world.ici)
    sheet = load_workbook(io.BytesIO(xlsx))[labels.INTERRUPTIONS["sheet"]]
    assert sheet["A5"].value == labels.INTERRUPTIONS["empty"]
