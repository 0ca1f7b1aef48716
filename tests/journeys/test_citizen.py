"""A citizen's visit (paras 7, 8, 12): the home page, the catalogue, a service page, a search with a typo in
Kazakh and in Russian, and a question about the service sent from its page, answered by a receipt that a
reload does not send twice. On a phone's width, in the citizen's language, with no English on the screen."""

import uuid

import pytest

from tests.i18n import assert_no_english

pytestmark = pytest.mark.browser

COUNT_APPEALS = (
    "from workflows.appeals.models import Appeal; print(Appeal.objects.filter(content__contains={!r}).count())"
)


def test_a_citizen_finds_a_service_and_asks_about_it(journey):
    page = journey.person("kk", width=390)
    page.goto(f"{journey.platform.url}/kk/")
    journey.shot(page, "home")
    assert_no_english(page.locator("body").inner_text())

    page.locator("main a[href='/kk/services/']").first.click()
    page.wait_for_url("**/kk/services/")
    assert_no_english(page.locator("main").inner_text())
    page.locator("main a[href='/kk/services/identity-card/']").first.click()
    page.wait_for_url("**/kk/services/identity-card/")
    journey.shot(page, "service-page")
    assert "00201001" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    assert_no_english(page.locator("main").inner_text())

    page.get_by_role("link", name="Осы қызмет туралы сұрақ қою").click()
    page.wait_for_url("**/kk/appeal/?service=00201001")
    assert "00201001" in page.locator("main").inner_text()  # the form names the service it is about
    page.get_by_role("button", name="Өтінішті жіберу").click()  # nothing filled: the errors, named at the top
    journey.shot(page, "form-errors")
    summary = page.locator(".error-summary")
    assert summary.is_visible() and summary.locator("a").count() >= 3
    assert_no_english(page.locator("main").inner_text())

    question = f"Жеке куәлікті қанша күнде алуға болады? ({uuid.uuid4().hex[:8]})"
    page.get_by_label("Тегіңіз, атыңыз, әкеңіздің атыңыз").fill("Сейтқали Айгерім Нұрланқызы")
    page.get_by_label("Электрондық пошта").fill("aigerim@mail.kz")
    page.get_by_label("Сіздің сұрағыңыз").fill(question)
    page.wait_for_timeout(3500)  # a person takes longer than the form's minimum fill time
    page.get_by_role("button", name="Өтінішті жіберу").click()
    page.wait_for_url("**/kk/appeal/registered/")
    journey.shot(page, "receipt")
    receipt = page.locator("main").inner_text()
    assert_no_english(receipt, data=["aigerim@mail.kz"])
    number = page.locator(".appeal-number").inner_text()
    assert number and page.locator(".appeal-deadline").inner_text().count(".") == 2  # DD.MM.YYYY
    page.reload()
    assert page.locator(".appeal-number").inner_text() == number
    assert journey.platform.manage("shell", "-v", "0", "-c", COUNT_APPEALS.format(question)).strip() == "1"


@pytest.mark.parametrize(
    ("language", "typed", "found"),
    [("kk", "куалик", "Жеке куәлік алу"), ("ru", "удостоверене", "Получение удостоверения личности")],
    ids=["kk", "ru"],
)
def test_a_search_with_a_typo_finds_the_service(journey, language, typed, found):
    page = journey.person(language)
    page.goto(f"{journey.platform.url}/{language}/")
    page.locator("main input[name=q]").fill(typed)
    page.locator("main form button[type=submit], main form input[type=submit]").first.click()
    page.wait_for_url(f"**/{language}/search/**")
    journey.shot(page, f"search-{language}")
    assert page.locator("main ol a, main ul a").first.inner_text() == found
    assert_no_english(page.locator("main").inner_text(), data=["www.gov.kz", "eGov Mobile", "eGov"])
