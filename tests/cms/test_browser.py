"""A citizen and an editor in a real browser (Debian's chromium driven by Playwright)."""

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def demo_site():
    from cms.home.demo import load_demo_pages

    load_demo_pages()


def test_citizen_switches_language_with_the_keyboard(live_server, demo_site, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/ru/about/")
    assert page.locator("h1").inner_text() == "О контакт-центре"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.get_by_role("link", name="Қазақша").click()
    page.wait_for_url(f"{live_server.url}/kk/about/")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("h1").inner_text() == "Орталық туралы"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "about-kk.png"), full_page=True)


def test_coordinator_signs_in_and_finds_the_calendar(live_server, browser_page, django_user_model):
    from django.contrib.auth.models import Group

    from workflows.calendar.seed import refresh_calendar

    refresh_calendar(years=[2026])
    user = django_user_model.objects.create_user("coord", password="a-long-pass-1414")
    user.groups.add(Group.objects.get(name="Onboarding coordinator"))
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "coord")
    page.fill("input[name=password]", "a-long-pass-1414")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/snippets/calendar/holiday/")
    observed = page.locator("tbody tr").filter(has_text="Nowruz Holiday (observed)")
    assert observed.filter(has_text="2026").count() == 2  # 24 and 25 March 2026
    assert page.locator("a[href='/admin/snippets/calendar/holiday/add/']").count() >= 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-holidays.png"), full_page=True)


A11Y_PROBLEMS = """() => {
  const problems = [];
  let previous = 0;
  for (const heading of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Number(heading.tagName[1]);
    if (level > previous + 1) problems.push('heading skips a level: ' + heading.textContent.trim());
    previous = level;
  }
  if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
  for (const field of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    const label = field.id && document.querySelector('label[for="' + field.id + '"]');
    const labelled = label || field.getAttribute('aria-label');
    if (!labelled) problems.push('unlabelled field: ' + field.name);
  }
  for (const image of document.querySelectorAll('img:not([alt])')) problems.push('image without alt: ' + image.src);
  for (const landmark of ['header', 'main', 'footer', 'nav']) {
    if (!document.querySelector(landmark)) problems.push('no ' + landmark + ' landmark');
  }
  if (!document.documentElement.lang) problems.push('no lang on html');
  return problems;
}"""


def test_citizen_finds_a_most_asked_service_and_prints_its_guidance(live_server, browser_page):
    from cms.home.demo import load_demo_pages, load_demo_service_pages
    from workflows.directory.services import load_directory
    from workflows.registry.bulk_import import import_registry

    registry = Path(settings.BASE_DIR) / "fixtures" / "demo" / "registry.csv"
    load_directory()
    import_registry(registry.read_bytes(), "csv", file_name=registry.name)
    load_demo_pages()
    load_demo_service_pages()

    page = browser_page
    page.goto(f"{live_server.url}/en/")
    assert page.evaluate(A11Y_PROBLEMS) == []
    search = page.get_by_label("Search for a service or an answer")
    search.focus()
    assert page.evaluate("document.activeElement.name") == "q"

    page.get_by_role("region", name="Most asked services").get_by_role("link").first.click()
    page.wait_for_load_state()
    assert page.locator("#ucc-status").is_visible()
    assert page.locator(".register-number").first.inner_text().strip().isdigit()
    assert page.evaluate(A11Y_PROBLEMS) == []

    page.emulate_media(media="print")
    assert not page.locator("nav.languages, .site-header nav").first.is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "service-page-print-en.png"), full_page=True)
