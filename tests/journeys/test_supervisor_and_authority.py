"""The supervisor's figures and the authority's reading (paras 7, 8, 13, 16): today's figures on the home screen,
the telephony dashboard for a period typed the local way (01.12.2026) through Wagtail's picker, and an
authority who reads an appeal with the applicant's name masked and nothing to press that would change it."""

import csv
import io
import re
from pathlib import Path

import pytest

from tests.i18n import assert_no_english, interface_text

pytestmark = pytest.mark.browser


def test_a_supervisor_reads_the_dashboard_for_a_period(journey):
    page = journey.person("kk")
    journey.sign_in(page, "supervisor")
    assert "Бүгінгі өтініштер" in page.locator("main").inner_text()
    page.get_by_role("link", name="Телефония тақтасын ашу").click()
    page.wait_for_url("**/admin/telephony/dashboard/**")
    page.fill("#id_date_from", "01.12.2026")
    page.fill("#id_date_to", "07.12.2026")
    page.keyboard.press("Escape")  # the picker's calendar closes
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"date_from=01.12.2026"))
    journey.shot(page, "dashboard")
    assert page.locator("#id_date_from").input_value() == "01.12.2026"
    assert not page.locator(".error-message, .w-field__errors").count()
    text = interface_text(page)
    assert "7-тармақ" in text or "30" in text
    assert_no_english(text)


def test_an_authority_reads_an_appeal_masked_and_cannot_change_it(journey):
    page = journey.person("kk")
    journey.sign_in(page, "authority")
    page.goto(f"{journey.platform.url}/admin/appeals/")
    journey.shot(page, "appeals")
    assert_no_english(interface_text(page))
    assert not page.get_by_role("link", name="Қоңыраудан түскен жаңа өтініш").count()
    page.locator("main table a[href*='/admin/appeals/work/']").first.click()
    page.wait_for_url("**/admin/appeals/work/*/")
    journey.shot(page, "appeal")
    applicant = page.locator("[data-personal]").first
    assert applicant.get_attribute("data-personal") == "masked" and "***" in applicant.inner_text()
    assert not page.locator("#steps-heading").count()  # no step to take
    assert not page.locator("form[action*='/link/']").count()  # nor an article to record as used
    assert_no_english(interface_text(page))


def test_the_authority_reads_the_compliance_dashboard_and_downloads_a_table(journey):
    """Issue 18, item 7: the quality authority opens the compliance dashboard in Kazakh; every chart is drawn
    on its canvas from the demo's figures, and the CSV of a chart is the table beside it."""
    page = journey.person("kk")
    journey.sign_in(page, "authority")
    page.goto(f"{journey.platform.url}/admin/reports/compliance/")
    page.wait_for_function("window.uccCharts && Object.keys(window.uccCharts).length === 5")
    journey.shot(page, "compliance")
    assert page.locator("canvas[id^='chart-']").count() == 5
    text = interface_text(page)
    assert "Мерзімдердің сақталуы" in text and "8-тармақ" in text
    assert_no_english(text)
    table = page.locator("table[data-table='answers'] tr")
    shown = [[cell.strip() for cell in table.nth(n).locator("th, td").all_inner_texts()] for n in range(table.count())]
    with page.expect_download() as download:
        page.locator("a[data-csv='answers']").click()
    assert download.value.suggested_filename.startswith("compliance-answers-")
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert list(csv.reader(io.StringIO(content))) == shown
