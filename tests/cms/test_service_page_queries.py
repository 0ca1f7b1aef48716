"""An uncached service page reads one row from the database (issue 5): the page with its service and locale.
Which page the address means (cms/services/routes.py), the site, the language switcher and the providers come
from the cache; publishing, unpublishing, moving or creating a page, privacy, the directory, the registry and a
change of site make them stale at once. Requests carry a query string, so they are rendered every time, never
served from the page cache."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction, Site

from tests.factories import StateBodyFactory

from .search_pages import build_site, publish

pytestmark = pytest.mark.django_db

FRESH = {"fresh": "1"}


@pytest.fixture
def site(settings, django_capture_on_commit_callbacks):
    settings.UCC_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield build_site(django_capture_on_commit_callbacks)
    cache.clear()


def page_of(client, url):
    response = client.get(url, FRESH)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    return response.content.decode()


def test_an_uncached_service_page_makes_one_query(client, site, django_assert_num_queries):
    url = site["passport"].url
    page_of(client, url)  # the route, the site, the switcher and the providers go to the cache
    with django_assert_num_queries(1):
        page = page_of(client, url)
    assert "<h1>Паспорт алу</h1>" in page and '<dd class="register-number">00201005</dd>' in page
    assert '<a href="/kk/services/">Қызметтер</a>' in page  # the breadcrumb: the catalogue, from the route
    assert 'href="/en/services/passport/" lang="en"' in page  # the switcher, from the cache


def test_a_service_page_not_translated_yet_is_still_found_under_another_language(client, site):
    page = page_of(client, "/en/services/passport/")
    assert "This page is not translated into your language yet" in page and "<h1>Паспорт алу</h1>" in page


def test_without_the_cache_it_makes_nine(client, site, settings, django_assert_max_num_queries):
    settings.UCC_PAGE_CACHE_SECONDS = 0  # no page cache, no cached fragments
    url = site["passport"].url
    page_of(client, url)
    with django_assert_max_num_queries(9):
        page_of(client, url)


def test_publishing_a_translation_updates_the_switcher_of_the_cached_page(
    client, site, django_capture_on_commit_callbacks
):
    url = site["passport"].url
    assert 'hreflang="ru"' not in page_of(client, url).split("</head>")[0]
    russian = site["passport"].copy_for_translation(Locale.objects.get(language_code="ru"), copy_parents=True)
    russian.title, russian.slug = "Получение паспорта", "pasport"
    publish(russian, django_capture_on_commit_callbacks)

    page = page_of(client, url)
    assert '<link rel="alternate" hreflang="ru" href="/ru/services/pasport/">' in page
    assert 'href="/ru/services/pasport/" lang="ru"' in page


def test_a_change_of_providers_or_of_their_contacts_shows_at_once(client, site):
    url = site["passport"].url
    assert "Көші-қон қызметі" not in page_of(client, url)
    provider = StateBodyFactory(name_kk="Көші-қон қызметі", phone="+7 7172 00 00 01")
    site["service"].providers.add(provider)
    assert "Көші-қон қызметі" in page_of(client, url) and "+7 7172 00 00 01" in page_of(client, url)

    provider.phone = "+7 7172 00 00 02"
    provider.save()
    page = page_of(client, url)
    assert "+7 7172 00 00 02" in page and "+7 7172 00 00 01" not in page

    site["service"].providers.remove(provider)
    assert "Көші-қон қызметі" not in page_of(client, url)


def test_the_site_is_read_once_and_again_after_a_change(client, site):
    url = site["passport"].url
    page_of(client, url)

    def site_queries():
        with CaptureQueriesContext(connection) as queries:
            page_of(client, url)
        return [query for query in queries if 'WHERE ("wagtailcore_site"."hostname"' in query["sql"]]  # the lookup

    assert site_queries() == []
    default = Site.objects.get(is_default_site=True)
    default.site_name = "1414 · БКО"
    default.save()
    assert len(site_queries()) == 1
    assert site_queries() == []


@pytest.mark.parametrize("restricted", ["catalogue", "passport"])
def test_privacy_on_the_page_or_an_ancestor_still_applies(client, site, restricted):
    page = site["passport"] if restricted == "passport" else site["passport"].get_parent()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(site["passport"].url, FRESH)
    assert response.status_code == 302 and "login" in response["Location"]


def test_privacy_on_the_source_of_an_alias_applies_to_the_alias(client, site):
    catalogue = site["passport"].get_parent()
    english_home = site["home"].get_translation(Locale.objects.get(language_code="en"))
    catalogue.create_alias(recursive=True, parent=english_home, update_locale=english_home.locale)
    assert client.get("/en/services/passport/", FRESH).status_code == 200

    PageViewRestriction.objects.create(page=catalogue, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/en/services/passport/", FRESH)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_privacy_dialog_of_the_admin_reads_the_same_restrictions(admin_client, site):
    passport = site["passport"]
    PageViewRestriction.objects.create(page=passport.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    assert list(passport.get_view_restrictions().order_by("-page__depth").values_list("page", flat=True)) == [
        passport.get_parent().pk
    ]
    assert admin_client.get(f"/admin/pages/{passport.pk}/privacy/").status_code == 200


def test_the_route_from_the_cache_follows_the_tree(client, site, django_capture_on_commit_callbacks):
    """Renamed, moved, unpublished: the remembered route is left behind at once (Wagtail redirects the old
    address of a renamed or moved page to the new one)."""
    passport = site["passport"]
    page_of(client, "/kk/services/passport/")
    passport.slug = "passport-2026"
    publish(passport, django_capture_on_commit_callbacks)
    assert client.get("/kk/services/passport/", FRESH)["Location"] == "/kk/services/passport-2026/"
    assert "<h1>Паспорт алу</h1>" in page_of(client, "/kk/services/passport-2026/")

    with django_capture_on_commit_callbacks(execute=True):
        passport.get_parent().move(site["centres"], pos="last-child")
    assert client.get("/kk/services/passport-2026/", FRESH)["Location"] == "/kk/centres/services/passport-2026/"
    assert "<h1>Паспорт алу</h1>" in page_of(client, "/kk/centres/services/passport-2026/")

    with django_capture_on_commit_callbacks(execute=True):
        passport.refresh_from_db()
        passport.unpublish()
    assert client.get("/kk/centres/services/passport-2026/", FRESH).status_code == 404


def test_privacy_set_after_the_route_was_remembered_applies_at_once(client, site):
    page_of(client, site["passport"].url)
    restriction = PageViewRestriction.objects.create(
        page=site["passport"].get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(site["passport"].url, FRESH)
    assert response.status_code == 302 and "login" in response["Location"]

    restriction.delete()
    assert "<h1>Паспорт алу</h1>" in page_of(client, site["passport"].url)


def test_a_page_made_live_at_a_remembered_address_takes_it(client, site):
    """/en/services/passport/ first shows the Kazakh page with the notice; an English alias then takes it."""
    assert "This page is not translated into your language yet" in page_of(client, "/en/services/passport/")
    english_home = site["home"].get_translation(Locale.objects.get(language_code="en"))
    site["passport"].get_parent().create_alias(recursive=True, parent=english_home, update_locale=english_home.locale)
    page = page_of(client, "/en/services/passport/")
    assert "This page is not translated into your language yet" not in page and "<h1>Паспорт алу</h1>" in page


def test_a_signed_in_editor_gets_the_same_page_by_the_remembered_route(client, admin_user, site):
    page_of(client, site["passport"].url)
    client.force_login(admin_user)
    response = client.get(site["passport"].url)
    assert response.status_code == 200 and "<h1>Паспорт алу</h1>" in response.content.decode()
