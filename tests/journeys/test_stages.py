"""Service stages (para 29) walked in Kazakh: the operator, with a caller on an appeal, looks the application up
by the applicant's IIN, sees the stale one flagged, and records which application the appeal is about; the
coordinator imports the monitoring system's file, is told the bad row by its number with nothing written, and
imports the corrected file."""

import pytest

from tests.i18n import assert_no_english

pytestmark = pytest.mark.browser

RECORDED = "from workflows.appeals.models import Appeal; print(Appeal.objects.get(number={!r}).application_number)"
STAGES_OF = (
    "from workflows.stages.models import ApplicationStage; "
    "print(ApplicationStage.objects.filter(application_number='KZ-JOURNEY-0001').count())"
)
HEADER = "application_number,service,provider,iin,stage_code,stage_name,changed_at\n"
GOOD_ROW = "KZ-JOURNEY-0001,,,900215400123,accepted,Өтініш қабылданды,2026-12-01T10:00:00+05:00\n"
BAD_ROW = "KZ-JOURNEY-0002,,,90021540012,accepted,Өтініш қабылданды,2026-12-01T11:00:00+05:00\n"  # 11 digits


def test_the_operator_finds_the_callers_applications_and_records_the_one_the_appeal_is_about(journey):
    page = journey.person("kk")
    journey.sign_in(page, "operator")
    page.get_by_role("button", name="Келесі өтінішті алу").first.click()
    page.wait_for_url("**/admin/appeals/work/*/")
    number = page.locator("h1").inner_text().split()[0]
    page.get_by_role("link", name="Өтінім сатылары").click()
    page.wait_for_url("**/admin/stages/**")
    page.fill("input[name=q]", "900215400123")
    page.get_by_role("button", name="Табу").click()
    page.wait_for_load_state()
    applications = page.locator("section.stages-application")
    assert applications.count() == 2
    assert page.locator("section[data-number=KZ-DEMO-000101] .stages-current").count() == 1
    journey.shot(page, "stages-found")
    codes = ["(in_review)", "(accepted)", "(ready)", "(refused)"]  # the monitoring system's stage codes, as sent
    assert_no_english(page.locator("main").inner_text(), data=["KZ-DEMO-000101", "KZ-DEMO-000102", *codes])
    page.fill("input[name=q]", "780730450789")
    page.get_by_role("button", name="Табу").click()
    page.wait_for_load_state()
    assert page.locator("section[data-number=KZ-DEMO-000104] .stages-stale").count() == 1  # no update for 9 days
    journey.shot(page, "stages-stale")
    page.locator("section[data-number=KZ-DEMO-000104]").get_by_role(
        "button", name="Бұл өтініш осы өтінім туралы"
    ).click()
    page.wait_for_url("**/admin/appeals/work/*/")
    assert journey.platform.manage("shell", "-v", "0", "-c", RECORDED.format(number)).strip() == "KZ-DEMO-000104"
    page.get_by_role("link", name="Өтінім сатылары").click()  # now pre-filled with the recorded application
    page.wait_for_load_state()
    assert page.input_value("input[name=q]") == "KZ-DEMO-000104"
    page.fill("input[name=q]", "KZ-NO-SUCH")
    page.get_by_role("button", name="Табу").click()
    page.wait_for_load_state()
    assert "Өтінім табылмады." in page.locator("main").inner_text()


def test_the_coordinator_imports_the_monitoring_systems_file_all_rows_or_none(journey, tmp_path):
    page = journey.person("kk")
    journey.sign_in(page, "coordinator")
    page.goto(f"{journey.platform.url}/admin/stages/import/")
    columns = HEADER.strip().split(",")  # the file's own column names, as the monitoring system writes them
    assert_no_english(page.locator("main").inner_text(), data=["CSV", "XLSX", "UTF", *columns])
    bad = tmp_path / "stages-bad.csv"
    bad.write_text(HEADER + GOOD_ROW + BAD_ROW, encoding="utf-8")
    page.set_input_files("input[type=file]", str(bad))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    errors = page.locator("table.stages-import-errors tbody tr")
    assert errors.count() == 1 and errors.first.locator("th").inner_text().strip() == "3"  # the header is row 1
    journey.shot(page, "stages-import-refused")
    assert journey.platform.manage("shell", "-v", "0", "-c", STAGES_OF).strip() == "0"  # nothing was written
    good = tmp_path / "stages-good.csv"
    good.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    page.set_input_files("input[type=file]", str(good))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".stages-import-totals").count() == 1
    assert journey.platform.manage("shell", "-v", "0", "-c", STAGES_OF).strip() == "1"
    journey.shot(page, "stages-imported")
