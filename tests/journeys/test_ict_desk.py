"""The ICT desk and the planned interruptions in a real browser (issue 17): the operator warned of an interruption
under way on every screen, a body's user registering a request about an ICT service from the admin form, the
public page of planned interruptions in three languages. The walk that wrote it found the services' list headed
"Name" in English."""

import re

import pytest

from tests.i18n import assert_no_english, interface_text

pytestmark = pytest.mark.browser


def test_the_operator_is_warned_of_the_interruption_under_way_and_reads_the_desk(journey):
    page = journey.person("kk")
    journey.sign_in(page, "operator")
    banner = page.locator("main [id^=interruption-]")
    assert banner.count() >= 1  # the demo holds one under way and one coming within the day
    assert "үзіліс" in banner.first.inner_text().lower()
    journey.shot(page, "home-with-interruption")
    page.goto(f"{journey.platform.url}/admin/ict/requests/")
    journey.shot(page, "ict-requests")
    assert_no_english(interface_text(page))
    page.locator("main table a[href*='/admin/ict/requests/']").first.click()
    page.wait_for_url(re.compile(r"/admin/ict/requests/\d+/"))
    assert_no_english(interface_text(page))


def test_the_operator_answers_a_request_from_the_knowledge_base_and_sees_the_mail_not_sent(journey):
    """From the home panel to a registered request, the consult step's Knowledge Base search, an article ticked;
    then the forwarded request whose mail the server refused, sent again."""
    page = journey.person("kk")
    journey.sign_in(page, "operator")
    panel = page.locator("#ict-desk")
    assert "жіберілмеген хаттар" in panel.inner_text()
    page.goto(f"{journey.platform.url}/admin/ict/requests/?state=registered")
    page.locator("table[aria-labelledby=all-heading] a[href*='/admin/ict/requests/']").first.click()
    page.wait_for_url(re.compile(r"/admin/ict/requests/\d+/$"))
    page.locator("main a[href$='/step/consult/']").click()
    page.fill("input[name=kb]", "ЭЦҚ")
    page.locator("main form[role=search] button").click()
    page.wait_for_url("**kb=*")  # the search has answered (CI counted the boxes of the page before it)
    boxes = page.locator("main input[name=articles]")
    boxes.first.wait_for()
    assert boxes.count() >= 1
    journey.shot(page, "ict-consult-kb")
    assert_no_english(interface_text(page))
    boxes.first.check()
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/ict/requests/\d+/$"))
    assert "ЭЦҚ" in page.locator("main dl").inner_text()  # the article's title among those used
    page.goto(f"{journey.platform.url}/admin/ict/requests/?state=forwarded")
    page.locator("table[aria-labelledby=all-heading] a[href*='/admin/ict/requests/']").first.click()
    page.wait_for_url(re.compile(r"/admin/ict/requests/\d+/$"))
    journey.shot(page, "ict-mail-not-sent")
    assert_no_english(interface_text(page))
    page.locator("main button", has_text="Қайта жіберу").click()
    page.wait_for_url(re.compile(r"/admin/ict/requests/\d+/$"))
    assert "жіберілді" in page.locator("table[aria-labelledby=mails-heading]").inner_text()


def test_a_bodys_user_registers_an_ict_request_from_the_form(journey):
    page = journey.person("kk")
    journey.sign_in(page, "responsible")
    page.goto(f"{journey.platform.url}/admin/ict/requests/add/")
    journey.shot(page, "ict-form")
    assert_no_english(interface_text(page))
    page.select_option("select[name=body]", index=1)
    page.select_option("select[name=service]", index=1)
    page.fill("input[name=subject]", "Құжат айналымына кіре алмаймын")
    page.fill("textarea[name=description]", "Кіру кезінде қате шығады.")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/ict/requests/\d+/"))
    text = page.locator("main").inner_text()
    assert "Құжат айналымына кіре алмаймын" in text and re.search(r"ICT-\d{4}-\d{6}", text)
    journey.shot(page, "ict-registered")


@pytest.mark.parametrize(
    "language, heading, now",
    [
        ("kk", "Жоспарлы үзілістер", "Жүріп жатыр"),
        ("ru", "Плановые перерывы", "Идёт сейчас"),
        ("en", "Planned", "In progress"),
    ],
)
def test_the_public_page_shows_the_interruption_in_its_language(journey, language, heading, now):
    page = journey.person(language)
    page.goto(f"{journey.platform.url}/{language}/planned-interruptions/")
    text = page.locator("main").inner_text()
    assert heading in text and now in text and ("Алматы" in text or "Almaty" in text)
    journey.shot(page, f"public-{language}")
