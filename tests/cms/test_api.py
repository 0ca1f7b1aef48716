"""The headless API (Wagtail v2): only published public content, whoever asks; and the registry, read-only."""

from datetime import date

import pytest
from wagtail.models import PageViewRestriction

from cms.home.demo import load_demo_pages
from cms.home.models import HomePage, StandardPage
from cms.knowledge.models import KnowledgeArticlePage, KnowledgeBaseIndexPage
from tests.factories import StateBodyFactory, UserFactory
from workflows.registry.models import PublicService, ResponsiblePerson

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    load_demo_pages()
    return HomePage.objects.get(locale__language_code="kk")


@pytest.fixture
def article(home):
    index = home.add_child(instance=KnowledgeBaseIndexPage(title="Білім базасы", slug="kb"))
    page = index.add_child(instance=KnowledgeArticlePage(title="Ішкі мақала", slug="internal"))
    page.save_revision().publish()
    return page


def listed_titles(client, **params):
    return {item["title"] for item in client.get("/api/v2/pages/", {"limit": 20, **params}).json()["items"]}


@pytest.mark.parametrize("who", ["citizen account", "operator", "superuser"])
def test_no_signed_in_user_reads_the_knowledge_base_through_the_api(client, article, who):
    users = {
        "citizen account": lambda: UserFactory(username="citizen"),
        "operator": lambda: UserFactory(username="operator", roles=["Operator"]),
        "superuser": lambda: UserFactory(username="root", is_superuser=True, is_staff=True),
    }
    client.force_login(users[who]())
    assert "Ішкі мақала" not in listed_titles(client)
    assert listed_titles(client, type="knowledge.KnowledgeArticlePage") == set()
    assert client.get(f"/api/v2/pages/{article.pk}/").status_code in (302, 404)


def test_a_draft_is_never_served(client, home):
    home.add_child(instance=StandardPage(title="Жоба", slug="draft", live=False))
    assert "Жоба" not in listed_titles(client)


def test_a_published_page_with_unpublished_changes_serves_the_published_text(client, home):
    page = home.add_child(instance=StandardPage(title="Жарияланған", slug="published"))
    page.save_revision().publish()
    page.title = "Жарияланбаған өзгеріс"
    page.save_revision()
    assert "Жарияланған" in listed_titles(client) and "Жарияланбаған өзгеріс" not in listed_titles(client)


@pytest.mark.parametrize("restriction", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_a_private_page_is_never_served(client, home, restriction):
    page = home.add_child(instance=StandardPage(title="Жабық бет", slug="private"))
    page.save_revision().publish()
    PageViewRestriction.objects.create(page=page, restriction_type=restriction, password="secret-1414")
    client.force_login(UserFactory(username="citizen"))
    assert "Жабық бет" not in listed_titles(client)
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code in (302, 404)


@pytest.fixture
def registry():
    justice = StateBodyFactory(code="min-justice", name_ru="Министерство юстиции")
    labour = StateBodyFactory(code="min-labour", name_ru="Министерство труда")
    birth = PublicService.objects.create(register_number="00101001", name_kk="Тууды тіркеу", name_ru="Регистрация")
    allowance = PublicService.objects.create(register_number="00301001", name_kk="Жәрдемақы", name_ru="Пособие")
    birth.providers.add(justice)
    allowance.providers.add(labour)
    person = ResponsiblePerson.objects.create(
        full_name="Ахметова Айгүл", phone="+7 701 000 00 00", body=justice, appointed_on=date(2026, 1, 5)
    )
    person.responsibilities.create(service=birth)
    return birth, allowance


def test_the_registry_endpoint_finds_a_service_by_its_register_number(client, registry):
    data = client.get("/api/v2/services/", {"register_number": "00101001"}).json()
    assert data["meta"]["total_count"] == 1
    [item] = data["items"]
    assert item["register_number"] == "00101001" and item["name_kk"] == "Тууды тіркеу"
    assert item["providers"] == [
        {"code": "min-justice", "name_kk": item["providers"][0]["name_kk"], "name_ru": "Министерство юстиции"}
    ]
    assert "Ахметова" not in str(data) and "+7 701" not in str(data)  # responsible persons stay in the admin


def test_the_registry_endpoint_lists_a_providers_services(client, registry):
    data = client.get("/api/v2/services/", {"provider": "min-labour"}).json()
    assert [item["register_number"] for item in data["items"]] == ["00301001"]
    assert client.get("/api/v2/services/", {"register_number": "1001"}).json()["items"] == []  # exact, zeros count


def test_the_registry_endpoint_refuses_an_unknown_parameter_clearly(client, registry):
    response = client.get("/api/v2/services/", {"registernumber": "00101001"})
    assert response.status_code == 400
    assert "registernumber" in response.json()["message"]


def test_a_service_detail_carries_the_by_law(client, registry):
    birth, _ = registry
    birth.bylaw_title = "Мемлекеттік көрсетілетін қызмет қағидалары"
    birth.bylaw_date = date(2020, 5, 29)
    birth.save()
    item = client.get(f"/api/v2/services/{birth.pk}/").json()
    assert item["bylaw_title"] == "Мемлекеттік көрсетілетін қызмет қағидалары" and item["bylaw_date"] == "2020-05-29"


def test_the_apis_urls_carry_the_address_the_reader_came_to_not_localhost(client, home):
    """Issue 14, defect 10: detail_url and html_url said http://localhost/ (the Site record's hostname)."""
    item = client.get("/api/v2/pages/", {"limit": 1}, HTTP_HOST="1414.example.kz").json()["items"][0]
    assert item["meta"]["detail_url"].startswith("http://1414.example.kz/api/v2/pages/")
    assert item["meta"]["html_url"].startswith("http://1414.example.kz/")
    detail = client.get(f"/api/v2/pages/{item['id']}/", HTTP_HOST="1414.example.kz").json()
    assert detail["meta"]["html_url"] == item["meta"]["html_url"]
    if detail["meta"]["parent"]:
        assert detail["meta"]["parent"]["meta"]["html_url"].startswith("http://1414.example.kz/")
    assert "localhost" not in client.get("/api/v2/pages/", {"limit": 20}, HTTP_HOST="1414.example.kz").content.decode()


def test_a_configured_base_url_wins_over_the_host_header(client, home, settings):
    """Behind the proxy the public address is WAGTAILAPI_BASE_URL, whatever Host the proxy passes on."""
    settings.WAGTAILAPI_BASE_URL = "https://1414.gov.kz/anything"
    item = client.get("/api/v2/pages/", {"limit": 1}, HTTP_HOST="10.0.0.5").json()["items"][0]
    assert item["meta"]["detail_url"].startswith("https://1414.gov.kz/api/v2/pages/")
    assert item["meta"]["html_url"].startswith("https://1414.gov.kz/")


def test_the_registry_endpoints_detail_url_carries_the_readers_host(client, registry):
    item = client.get("/api/v2/services/", {"register_number": "00101001"}, HTTP_HOST="1414.example.kz").json()
    assert item["items"][0]["meta"]["detail_url"].startswith("http://1414.example.kz/api/v2/services/")
