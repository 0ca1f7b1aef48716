"""Each role lands on an admin home that shows its work (issue 14, defect 11): the operator their queue and
what is due, the editor the articles due for review, the coordinator the protocols due, the supervisor the
day's figures. Nobody without page permissions meets Wagtail's empty "Search all pages" box."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from wagtail.models import Locale, Page

from tests.factories import AppealFactory, UserFactory
from workflows.appeals import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def home(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def figure(content, panel, label):
    section = re.search(rf'<section[^>]*id="{panel}".*?</section>', content, re.S).group(0)
    return int(re.search(rf"<strong[^>]*>(\d+)</strong>{label}", section).group(1))


def test_the_operator_lands_on_their_queue_with_what_is_due_and_overdue(client):
    operator = UserFactory(roles=["Operator"])
    services.take(appeal=AppealFactory(), user=operator)
    AppealFactory()  # waiting in the operators' queue
    services.take(
        appeal=AppealFactory(received_at=datetime(2026, 3, 20, 10, tzinfo=ZoneInfo("Asia/Almaty"))), user=operator
    )  # due 24.03.2026: overdue
    content = home(client, operator)
    assert figure(content, "my-appeals", "in my hands and my queues") == 3
    assert figure(content, "my-appeals", "overdue") == 1
    assert "Take the next appeal" in content
    assert "Search all pages" not in content
    assert 'id="appeals-today"' not in content


def test_the_supervisor_lands_on_the_days_figures(client):
    AppealFactory()
    content = home(client, UserFactory(roles=["Senior operator"]))
    assert figure(content, "appeals-today", "registered today") == 1
    assert figure(content, "calls-today", "calls") == 0
    assert "Average wait today" in content


def test_the_authority_viewer_sees_figures_and_no_action(client):
    AppealFactory()
    content = home(client, UserFactory(roles=["Authority viewer"]))
    assert figure(content, "appeals-today", "open") == 1
    assert 'id="my-appeals"' not in content and "Take the next appeal" not in content


def test_the_coordinator_lands_on_the_protocols_due(client):
    content = home(client, UserFactory(roles=["Onboarding coordinator"]))
    assert figure(content, "onboarding-due", "overdue") == 0
    assert "Start onboarding" in content and "Search all pages" not in content


def test_the_editor_lands_on_the_articles_due_for_review(client):
    from cms.knowledge.models import KnowledgeArticlePage, KnowledgeBaseIndexPage

    locale = Locale.objects.get_or_create(language_code="ru")[0]
    home_page = Page.get_first_root_node().add_child(instance=Page(title="Главная", slug="home-ru", locale=locale))
    kb = home_page.add_child(instance=KnowledgeBaseIndexPage(title="База знаний", slug="kb", locale=locale))
    kb.add_child(instance=KnowledgeArticlePage(title="ЭЦП", slug="eds", locale=locale, review_due=date(2026, 1, 5)))
    kb.add_child(instance=KnowledgeArticlePage(title="eGov", slug="egov", locale=locale, review_due=date(2099, 1, 5)))
    content = home(client, UserFactory(roles=["KB editor"]))
    assert figure(content, "kb-review-due", "articles due for review") == 1
    assert "Search all pages" in content  # an editor works on pages: Wagtail's search stays
