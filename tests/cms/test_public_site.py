"""The citizens' site around the service pages: the home page (contacts, search, most asked services), the
planned-interruptions page and the error pages, in Kazakh, Russian and English."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.views.defaults import server_error

from cms.home.demo import load_demo_knowledge, load_demo_pages, load_demo_service_pages
from cms.home.models import HomePage
from cms.services.models import ServicePage
from workflows.directory.services import load_directory
from workflows.registry.bulk_import import import_registry

pytestmark = pytest.mark.django_db

DEMO_REGISTRY = Path(settings.BASE_DIR) / "fixtures" / "demo" / "registry.csv"


@pytest.fixture
def demo_site():
    load_directory()
    import_registry(DEMO_REGISTRY.read_bytes(), "csv", file_name=DEMO_REGISTRY.name)
    load_demo_pages()
    load_demo_service_pages()


LANGUAGES = ("kk", "ru", "en")


def test_the_home_page_has_a_labelled_search_box_and_the_most_asked_services_in_each_language(client, demo_site):
    for language in LANGUAGES:
        page = client.get(f"/{language}/").content.decode()
        assert f'<form class="site-search" action="/{language}/search/" method="get" role="search">' in page
        assert '<label for="site-search-q">' in page and 'id="site-search-q" type="search" name="q"' in page
        identity_card = ServicePage.objects.get(service__register_number="00201001", locale__language_code=language)
        assert f'<a href="{identity_card.url}">{identity_card.title}</a>' in page  # in the reader's language


def test_the_most_asked_list_leaves_out_a_service_without_a_live_page(client, demo_site):
    for page in ServicePage.objects.filter(service__register_number="00201001"):
        page.unpublish()
    page = client.get("/en/").content.decode()
    assert "00201001" not in page and "00101001" in page


def test_the_planned_interruptions_page_says_when_none_are_announced(client, demo_site):
    for language in LANGUAGES:
        response = client.get(f"/{language}/planned-interruptions/")
        assert response.status_code == 200
        assert 'class="empty-state"' in response.content.decode()


def test_the_500_page_speaks_all_three_languages_without_the_database():
    response = server_error(RequestFactory().get("/ru/"))
    text = response.content.decode()
    assert response.status_code == 500
    assert "Қызмет уақытша қолжетімсіз" in text and "Сервис временно недоступен" in text
    assert "The service is temporarily unavailable" in text and "1414" in text


def test_the_demo_catalogue_and_knowledge_base_load_twice_without_change(demo_site):
    assert load_demo_knowledge() > 0
    assert load_demo_service_pages() == 0
    assert load_demo_knowledge() == 0
    for home in HomePage.objects.all():
        assert home.most_asked_services.count() == 4


def test_services_most_asked_in_appeals_follow_the_editors_picks(client, demo_site):
    from workflows.appeals.models import Appeal
    from workflows.appeals.services import register_appeal
    from workflows.registry.models import PublicService

    residence = PublicService.objects.get(register_number="00201002")  # not among the editors' picks
    for _ in range(3):
        register_appeal(channel=Appeal.Channel.PHONE_1414, content="Тіркеу туралы сұрақ", service=residence)

    page = client.get("/ru/").content.decode()
    picks = [page.index(number) for number in ("00201001", "00101001", "00301001", "00401001")]
    assert max(picks) < page.index("00201002")
