"""The catalogue of public services: citizens read how to get a service next to the registry's own facts."""

from datetime import date

import pytest

from cms.home.demo import load_demo_pages
from cms.home.models import HomePage
from cms.services.models import LifeSituation, ServiceCatalogueIndexPage, ServicePage
from tests.factories import StateBodyFactory
from workflows.registry.models import PublicService

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    load_demo_pages()
    home = HomePage.objects.get(locale__language_code="en")
    return home.add_child(instance=ServiceCatalogueIndexPage(title="Public services", slug="services"))


def make_service(register_number="00101", category="Family", **fields):
    provider = StateBodyFactory(
        name_en="Ministry of Labour",
        phone="+7 7172 74 36 00",
        email="info@enbek.gov.kz",
        website="https://enbek.gov.kz",
    )
    service = PublicService.objects.create(
        register_number=register_number,
        name_kk="Бала туғанда жәрдемақы тағайындау",
        name_ru="Назначение пособия на рождение ребенка",
        name_en="Assignment of a childbirth allowance",
        bylaw_title="Rules for the provision of the public service",
        bylaw_number="75",
        bylaw_date=date(2020, 2, 25),
        bylaw_url="https://adilet.zan.kz/eng/docs/V2000020088",
        category=category,
        **fields,
    )
    service.providers.add(provider)
    return service


def add_service_page(catalogue, service, title="Childbirth allowance", slug="childbirth-allowance", **fields):
    values = {
        "who_can_apply": "<p>A parent of the child.</p>",
        "term": "8 working days",
        "cost": "Free of charge",
        "result": "<p>A notification of the assigned allowance.</p>",
        "required_documents": [("document", "Identity document"), ("document", "Birth certificate")],
        "online_term": "1 working day",
        "information_checked_on": date(2026, 3, 2),
        "life_situation": LifeSituation.BIRTH,
    } | fields
    return catalogue.add_child(instance=ServicePage(title=title, slug=slug, service=service, **values))


def test_a_service_page_shows_the_registry_facts_and_how_to_apply(client, catalogue):
    add_service_page(catalogue, make_service())
    page = client.get("/en/services/childbirth-allowance/").content.decode()
    assert page.count("<h1>") == 1 and "<h1>Childbirth allowance</h1>" in page
    assert '<dd class="register-number">00101</dd>' in page
    assert "Ministry of Labour" in page and 'href="mailto:info@enbek.gov.kz"' in page
    assert '<a href="https://adilet.zan.kz/eng/docs/V2000020088">Rules for the provision' in page
    assert "№ 75" in page and "25.02.2020" in page
    assert 'href="https://www.gov.kz"' in page and "electronic digital signature (EDS)" in page  # para 12
    assert "1 working day" in page
    assert "<li>Birth certificate</li>" in page
    assert "Information checked on" in page and "02.03.2026" in page
    assert 'href="tel:1414"' in page


def test_the_ucc_status_is_read_from_the_registry_not_copied(client, catalogue):
    service = make_service()
    add_service_page(catalogue, service)
    assert "Not accepted for consultation" in client.get("/en/services/childbirth-allowance/").content.decode()

    service.ucc_status = PublicService.UccStatus.CONSULTED
    service.consulted_since = date(2026, 4, 1)
    service.save()

    page = client.get("/en/services/childbirth-allowance/").content.decode()
    assert "Consulted by the UCC since 01.04.2026" in page


def test_the_catalogue_groups_services_by_category(client, catalogue):
    add_service_page(catalogue, make_service("00101", category="Family"))
    add_service_page(
        catalogue, make_service("00202", category="Land"), title="Land plot", slug="land-plot", life_situation="housing"
    )
    page = client.get("/en/services/").content.decode()
    assert page.count("<h1>") == 1
    family, land = page.index(">Family</h2>"), page.index(">Land</h2>")
    assert family < page.index("Childbirth allowance") < land < page.index("Land plot")
    assert "(register No. 00202)" in page


def test_the_catalogue_filters_by_life_situation_and_category(client, catalogue):
    add_service_page(catalogue, make_service("00101", category="Family"))
    add_service_page(
        catalogue, make_service("00202", category="Land"), title="Land plot", slug="land-plot", life_situation="housing"
    )
    housing = client.get("/en/services/", {"life_situation": "housing"}).content.decode()
    assert "Land plot" in housing and "Childbirth allowance" not in housing
    family = client.get("/en/services/", {"category": "Family"}).content.decode()
    assert "Childbirth allowance" in family and "Land plot" not in family


def test_only_live_pages_are_listed_and_an_empty_catalogue_says_so(client, catalogue):
    draft = add_service_page(catalogue, make_service())
    draft.unpublish()
    page = client.get("/en/services/").content.decode()
    assert "Childbirth allowance" not in page
    assert "The catalogue of services is being filled in." in page and 'href="tel:1414"' in page


def test_a_filter_that_matches_nothing_offers_the_whole_catalogue(client, catalogue):
    add_service_page(catalogue, make_service())
    page = client.get("/en/services/", {"life_situation": "business"}).content.decode()
    assert "No services match the filter." in page and "Show all services" in page


def test_the_api_lists_service_pages_with_their_register_number(client, catalogue):
    add_service_page(catalogue, make_service("00101"))
    data = client.get("/api/v2/pages/", {"type": "services.ServicePage", "fields": "register_number,term"}).json()
    assert [(item["title"], item["register_number"], item["term"]) for item in data["items"]] == [
        ("Childbirth allowance", "00101", "8 working days")
    ]


def test_a_service_page_offers_a_question_about_that_service_and_the_form_knows_it(client, catalogue):
    """Issue 14, defect 3: no public page linked the appeal form."""
    add_service_page(catalogue, make_service())
    page = client.get("/en/services/childbirth-allowance/").content.decode()
    assert 'href="/en/appeal/?service=00101"' in page and "Ask a question about this service" in page
    form = client.get("/en/appeal/?service=00101").content.decode()
    assert "Your question is about the service" in form and "Assignment of a childbirth allowance" in form
    assert 'name="service" value="00101"' in form
    assert '<option value="public_service" selected>' in form


def test_every_public_page_links_the_appeal_form_from_its_header(client, catalogue):
    for address, form in (("/kk/", "/kk/appeal/"), ("/ru/", "/ru/appeal/"), ("/en/services/", "/en/appeal/")):
        assert f'<a class="ask" href="{form}">' in client.get(address).content.decode()


def test_the_apply_online_sentence_is_not_written_twice(client, catalogue):
    """Issue 14, 14b: the demo page's own steps repeated the standard gov.kz sentence under it."""
    own = '<p>Find the service on <a href="https://www.gov.kz">www.gov.kz</a> and sign it with your EDS.</p>'
    add_service_page(catalogue, make_service(), apply_online=own)
    page = client.get("/en/services/childbirth-allowance/").content.decode()
    online = page.split('id="online-heading"')[1].split("</section>")[0]
    assert online.count("www.gov.kz</a>") == 1 and "sign it with your EDS" in online
    assert "1 working day" in online
