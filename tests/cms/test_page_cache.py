"""The page cache for citizen surges: anonymous visitors get public pages from the cache, per language;
publishing or unpublishing a page purges its language; signed-in users always get fresh pages; the
Knowledge Base is never cached for, nor shown to, anonymous visitors."""

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from tests.factories import UserFactory

from .search_pages import build_site, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(settings, django_capture_on_commit_callbacks):
    settings.UCC_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield build_site(django_capture_on_commit_callbacks)
    cache.clear()


def test_an_anonymous_visitor_gets_a_public_page_from_the_cache_the_second_time(client, site):
    first = client.get("/kk/centres/")
    second = client.get("/kk/centres/")
    assert first.status_code == second.status_code == 200
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content


def test_publishing_purges_the_cached_pages_of_that_language(client, site, django_capture_on_commit_callbacks):
    client.get("/kk/centres/")
    client.get("/ru/")
    centres = site["centres"]
    centres.title = "ХҚКО мекенжайлары мен жұмыс уақыты"
    publish(centres, django_capture_on_commit_callbacks)

    response = client.get("/kk/centres/")
    assert response["X-Page-Cache"] == "miss"
    assert "ХҚКО мекенжайлары мен жұмыс уақыты" in response.content.decode()
    assert client.get("/ru/")["X-Page-Cache"] == "hit"  # another language keeps its cache


def test_unpublishing_purges_the_cached_page(client, site, django_capture_on_commit_callbacks):
    assert client.get("/kk/centres/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        site["centres"].unpublish()
    assert client.get("/kk/centres/").status_code == 404


def test_signed_in_users_always_get_a_fresh_page(client, site):
    client.get("/kk/centres/")
    client.force_login(UserFactory(roles=["KB editor"]))
    response = client.get("/kk/centres/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_the_knowledge_base_is_never_cached_for_or_shown_to_anonymous_visitors(client, site):
    url = site["article"].url
    assert client.get(url).status_code in (302, 404)
    operator = UserFactory(roles=["Operator"])
    client.force_login(operator)
    assert client.get(url).status_code == 200
    client.logout()
    response = client.get(url)
    assert response.status_code in (302, 404)
    assert "операторға жауап" not in response.content.decode()
    assert client.get(url).get("X-Page-Cache") != "hit"


def test_query_strings_and_the_search_page_with_a_query_are_not_cached(client, site):
    assert "X-Page-Cache" not in client.get("/kk/search/", {"q": "паспорт"})
    assert "X-Page-Cache" not in client.get("/kk/centres/", {"utm": "1"})


def test_a_page_made_private_is_no_longer_served_from_the_cache(client, site):
    assert client.get("/kk/centres/")["X-Page-Cache"] == "miss"
    assert client.get("/kk/centres/")["X-Page-Cache"] == "hit"
    PageViewRestriction.objects.create(page=site["centres"], restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/kk/centres/")
    assert response.status_code == 302 and "login" in response["Location"]
