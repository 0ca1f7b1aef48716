"""Issue 19, item 8 (paras 9, 17): feedback on the Knowledge Base. An operator marks an article outdated,
wrong or missing something; a visitor answers "Was this page useful?" on a (cached) public page; both join
the KB editors' queue, which counts per page and lists the articles most used in answers first. No
personal data is kept: no address, comments masked and capped; the answers are rate-limited per client."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from cms.knowledge.models import PageUsefulness, UpdateRequest
from tests.factories import AppealFactory, UserFactory
from tests.i18n import english_words
from workflows.appeals import services as appeal_services

from .search_pages import build_site

pytestmark = pytest.mark.django_db

QUEUE = "kb_update_requests:index"
PERSONAL = "Мой телефон +7 701 123 45 67, почта aigerim@mail.kz, ИИН 900101300123."


@pytest.fixture
def site(settings, django_capture_on_commit_callbacks):
    settings.UCC_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield build_site(django_capture_on_commit_callbacks)
    cache.clear()


@pytest.fixture
def operator():
    return UserFactory(roles=["Operator"])


@pytest.fixture
def editor():
    return UserFactory(roles=["KB editor"])


def answer(client, page, **data):
    return client.post(reverse("page_usefulness", args=[page.pk]), data, REMOTE_ADDR="203.0.113.7")


def test_an_operator_marking_an_article_raises_an_update_request(client, site, operator):
    client.force_login(operator)
    article = site["article"]
    response = client.post(
        reverse("kb_raise_update_request", args=[article.pk]),
        {"reason": "outdated", "comment": f"Срок изменился. {PERSONAL}", "next": "/admin/"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    request = UpdateRequest.objects.get()
    assert (request.page_id, request.reason, request.state, request.raised_by) == (
        article.pk,
        "outdated",
        "open",
        operator,
    )
    for personal in ("701 123", "aigerim", "900101300123"):
        assert personal not in request.comment
    assert request.comment.startswith("Срок изменился.")


def test_a_mark_without_a_reason_is_refused_and_nothing_is_written(client, site, operator):
    client.force_login(operator)
    client.post(reverse("kb_raise_update_request", args=[site["article"].pk]), {"reason": "not_useful"})
    client.post(reverse("kb_raise_update_request", args=[site["article"].pk]), {"comment": "?"})
    assert not UpdateRequest.objects.exists()


def test_a_visitor_cannot_mark_an_article(client, site):
    response = client.post(reverse("kb_raise_update_request", args=[site["article"].pk]), {"reason": "wrong"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not UpdateRequest.objects.exists()


def test_the_useful_form_works_on_the_cached_page_without_a_csrf_token(site):
    visitor = Client(enforce_csrf_checks=True)
    url = site["passport"].url
    first, second = visitor.get(url), visitor.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    html = second.content.decode()
    assert 'id="page-feedback"' in html and "csrfmiddlewaretoken" not in html
    response = answer(visitor, site["passport"], useful="yes")
    assert response.status_code == 302 and response["Location"] == f"{url}?feedback=thanks#page-feedback"
    thanks = visitor.get(response["Location"])
    assert "X-Page-Cache" not in thanks and "page-feedback-thanks" in thanks.content.decode()
    assert "page-feedback-thanks" not in visitor.get(url).content.decode()  # the cached page has no thank-you


def test_yes_and_no_are_counted_and_a_no_joins_the_queue_with_its_reason_masked(client, site):
    passport = site["passport"]
    answer(client, passport, useful="yes")
    answer(client, passport, useful="yes")
    answer(client, passport, useful="no", why=f"Нет адреса ЦОНа. {PERSONAL}" + "х" * 3000)
    tally = PageUsefulness.objects.get(page=passport)
    assert (tally.yes, tally.no) == (2, 1)
    request = UpdateRequest.objects.get()
    assert (request.reason, request.raised_by, request.state) == ("not_useful", None, "open")
    assert request.comment.startswith("Нет адреса ЦОНа.") and len(request.comment) == 500
    for personal in ("701 123", "aigerim", "900101300123"):
        assert personal not in request.comment
    stored = " ".join(str(value) for row in UpdateRequest.objects.values() for value in row.values())
    assert "203.0.113.7" not in stored  # the visitor's address is not kept


def test_the_answers_are_rate_limited_per_client(client, site, settings):
    settings.UCC_FEEDBACK_RATE_LIMIT = 2
    passport = site["passport"]
    for _ in range(3):
        response = answer(client, passport, useful="no", why="Мало")
    assert response["Location"].endswith("?feedback=later#page-feedback")
    assert PageUsefulness.objects.get(page=passport).no == 2
    assert UpdateRequest.objects.count() == 2
    other = client.post(reverse("page_usefulness", args=[passport.pk]), {"useful": "yes"}, REMOTE_ADDR="198.51.100.2")
    assert other["Location"].endswith("?feedback=thanks#page-feedback")  # another client is not held back


def test_the_useful_form_is_only_on_pages_that_ask(client, site):
    for page in (site["centres"], site["article"]):  # a standard page does not ask; the KB is not for visitors
        response = answer(client, page, useful="no")
        assert response.status_code in (302, 404) and "feedback=" not in response.get("Location", "")
    assert not PageUsefulness.objects.exists()


def test_editors_see_the_queue_with_counts_the_articles_most_used_first(client, site, editor, operator):
    article, benefit = site["article"], site["benefit"]
    appeal = appeal_services.take(appeal=AppealFactory(), user=operator)
    appeal_services.link_article(appeal=appeal, user=operator, article=benefit)
    for page, reason in ((article, "wrong"), (article, "missing"), (benefit, "outdated")):
        UpdateRequest.objects.create(page=page, reason=reason, raised_by=operator)
    client.force_login(editor)
    with translation.override("en"):
        rows = client.get(reverse(QUEUE)).context["object_list"]
    assert [(row.page_id, row.uses, row.open_for_page) for row in rows][:1] == [(benefit.pk, 1, 1)]
    assert sorted((row.page_id, row.open_for_page) for row in rows) == [
        (article.pk, 2),
        (article.pk, 2),
        (benefit.pk, 1),
    ]


def test_an_editor_closes_a_request_and_an_operator_cannot(client, site, editor, operator):
    request = UpdateRequest.objects.create(page=site["article"], reason="wrong", raised_by=operator)
    client.force_login(operator)
    assert client.get(reverse(QUEUE)).status_code in (302, 403)
    refused = client.post(reverse("kb_handle_update_request", args=[request.pk, "done"]))
    assert refused.status_code in (302, 403) and refused.get("Location", "/admin/") == "/admin/"  # Wagtail's refusal
    request.refresh_from_db()
    assert request.state == "open"
    client.force_login(editor)
    client.post(reverse("kb_handle_update_request", args=[request.pk, "done"]))
    request.refresh_from_db()
    assert (request.state, request.handled_by) == ("done", editor)
    client.post(reverse("kb_handle_update_request", args=[request.pk, "dismiss"]))  # a second click changes nothing
    request.refresh_from_db()
    assert request.state == "done"


def visible(html, start, end):
    """The text a reader sees between two markers of the page (no tags, no attributes)."""
    part = html.split(start, 1)[1].split(end, 1)[0]
    return re.sub(r"<[^>]+>", " ", part)


def test_the_kazakh_screens_carry_no_english(client, site, editor):
    UpdateRequest.objects.create(page=site["article"], reason="wrong", comment="Мерзімі өзгерді")
    page = client.get(site["passport"].url).content.decode()
    assert not english_words(visible(page, 'aria-labelledby="page-feedback-heading">', "</section>"))
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "kk"
    profile.save()
    client.force_login(editor)
    queue = visible(client.get(reverse(QUEUE)).content.decode(), '<table class="listing', "</table>")
    assert "Жауаптарда қолданылды" in queue and "Орындалды" in queue
    assert not english_words(queue, data=[site["article"].title, "Мерзімі өзгерді"]), english_words(queue)
    article = client.get(site["article"].url).content.decode()
    assert not english_words(visible(article, 'class="kb-update-request">', "</section>"))
