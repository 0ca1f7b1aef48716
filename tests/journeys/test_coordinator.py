"""The onboarding coordinator's day: a registry file with a bad row, an onboarding started from a by-law
approved on a date typed the local way (01.12.2026), the protocol's PDF (paras 18-23, Annex 1)."""

import pytest

from tests.i18n import assert_no_english, interface_text
from tests.workflows.registry_files import csv_bytes, row

pytestmark = pytest.mark.browser


def test_coordinator_imports_the_registry_and_starts_an_onboarding(journey):
    page = journey.person("kk")
    journey.sign_in(page, "coordinator")
    assert_no_english(page.locator("body").inner_text())

    page.locator("a[href='/admin/registry/import/']").first.click()
    good = row("99999002", provider="min-justice")
    bad = row("12ab", provider="min-justice")  # a register number is 3 to 16 digits
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "registry.csv", "mimeType": "text/csv", "buffer": csv_bytes([good, bad])}],
    )
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_url("**/admin/registry/import/*/")
    page.wait_for_selector("text=12ab", timeout=60_000)
    journey.shot(page, "import-preview")
    text = page.locator("main").inner_text()
    assert_no_english(interface_text(page), data=["registry.csv"])
    assert "3" in text  # the bad row is reported by its line in the file (header = line 1)
    assert "99999002" not in journey.platform.manage("shell", "-v", "0", "-c", _REGISTERED)

    page.goto(f"{journey.platform.url}/admin/onboarding/")
    page.locator("a[href='/admin/onboarding/start/']").first.click()
    page.select_option("select[name=service]", index=1)
    page.select_option("select[name=body]", index=1)
    page.fill("[name=bylaw_reference]", "Қазақстан Республикасы Әділет министрінің бұйрығы № 9")
    page.fill("[name=bylaw_approved_on]", "01.12.2026")
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_url("**/admin/onboarding/protocol/*/")
    journey.shot(page, "protocol")
    text = page.locator("main").inner_text()
    assert "01.12.2026" in text
    assert_no_english(interface_text(page))
    assert page.title() and "Wagtail" not in page.title().split(" - ")[0]

    pdf = page.request.get(journey.platform.url + page.locator("a[href$='protocol-kk.pdf']").get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")


_REGISTERED = (
    "from workflows.registry.models import PublicService; "
    "print(list(PublicService.objects.values_list('register_number', flat=True)))"
)
