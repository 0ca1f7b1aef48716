"""The bodies and the authorities in a real browser, in Kazakh (issue 16): the supervisor's para-14 alarm on
every screen, the coordinator's page of one body and an escalation's PDF, a body's responsible person answering
the UCC's request from the link of its mail, and the authority reading without a button to press.

The walk that wrote these found the alarm banner drawn twice and above the sidebar (pushing it down), a
request "sent 25.11" whose timeline said it was sent today, and information requests on a body's page without
a link to their screen."""

import re

import pytest

from tests.i18n import assert_no_english, interface_text

pytestmark = pytest.mark.browser


def test_the_supervisor_sees_the_alarm_once_inside_the_screen_and_opens_the_request(journey):
    page = journey.person("kk")
    journey.sign_in(page, "supervisor")
    banners = page.locator("main [id^=call-record-alarm-]")
    assert banners.count() >= 1  # the demo holds a request past its third hour
    ids = [banners.nth(n).get_attribute("id") for n in range(banners.count())]
    assert len(ids) == len(set(ids))  # each request once
    assert page.locator("[id^=call-record-alarm-]").count() == len(ids)  # none left outside the screen
    sidebar = page.locator("#wagtail-sidebar").bounding_box()
    assert sidebar["y"] < 5  # the banner does not push the sidebar down
    journey.shot(page, "home-with-alarm")
    banners.first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/admin/authorities/call-records/\d+/"))
    journey.shot(page, "call-record")
    assert page.locator("main a[href*='/step/']").count()  # a step to take: provide the record or say none
    assert_no_english(interface_text(page))


def test_the_coordinator_reads_a_bodys_page_and_the_escalation_pdf(journey):
    page = journey.person("kk")
    journey.sign_in(page, "coordinator")
    page.goto(f"{journey.platform.url}/admin/authorities/escalations/")
    journey.shot(page, "escalations")
    assert_no_english(interface_text(page))
    page.locator("main table a[href*='/admin/authorities/escalations/']").first.click()
    page.wait_for_url(re.compile(r"/admin/authorities/escalations/\d+/"))
    with page.expect_download() as download:
        page.locator("main a[href*='/pdf/kk/']").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert page.locator("main a[href*='/admin/authorities/information/']").count() >= 2  # the refusals bundled
    page.goto(f"{journey.platform.url}/admin/authorities/bodies/")
    page.locator("main table a[href*='/admin/authorities/body/']").first.click()
    page.wait_for_url(re.compile(r"/admin/authorities/body/\d+/"))
    journey.shot(page, "body")
    assert_no_english(interface_text(page))


def test_a_responsible_person_answers_the_request_from_the_mails_link(journey):
    page = journey.person("kk")
    journey.sign_in(page, "responsible")
    page.goto(f"{journey.platform.url}/admin/authorities/information/")
    sent = page.locator("main table a[href*='/admin/authorities/information/']")
    assert sent.count()
    hrefs = [sent.nth(n).get_attribute("href") for n in range(sent.count())]
    answered = False
    for href in hrefs:
        response = page.goto(f"{journey.platform.url}{href}answer/")
        if response.status == 200 and page.locator("textarea[name=answer]").count():
            journey.shot(page, "answer-form")
            assert_no_english(interface_text(page))
            page.fill("textarea[name=answer]", "Қызмет ХҚКО-да көрсетіледі. / Услуга оказывается в ЦОН.")
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state()
            assert "Қызмет ХҚКО-да көрсетіледі" in page.locator("main").inner_text()
            answered = True
            break
    assert answered, "no request of the demo was waiting for this body's answer"


def test_the_authority_reads_every_request_and_has_nothing_to_press(journey):
    page = journey.person("kk")
    journey.sign_in(page, "authority")
    page.goto(f"{journey.platform.url}/admin/authorities/call-records/")
    journey.shot(page, "call-records")
    assert_no_english(interface_text(page))
    assert not page.locator("main a[href$='/call-records/new/']").count()
    page.locator("main table a[href*='/admin/authorities/call-records/']").first.click()
    page.wait_for_url(re.compile(r"/admin/authorities/call-records/\d+/"))
    assert not page.locator("main a[href*='/step/']").count()
    assert_no_english(interface_text(page))
