"""The Knowledge Base operators answer from (paras 3.4, 9): internal only, and flagged for review when its
review date passes or a by-law of a service it covers changes (para 26)."""

from datetime import date
from unittest import mock

import pytest
from django.core import mail

from cms.home.demo import load_demo_pages
from cms.home.models import HomePage
from cms.knowledge.models import KnowledgeArticlePage, KnowledgeBaseIndexPage
from cms.knowledge.selectors import knowledge_articles
from cms.knowledge.tasks import flag_articles_for_review
from tests.factories import UserFactory
from workflows.registry.models import PublicService
from workflows.registry.services import report_service_change

pytestmark = pytest.mark.django_db

EVERY_BLOCK = [
    ("heading", "Before the call"),
    ("paragraph", "<p>Check the applicant's <b>IIN</b>.</p>"),
    ("steps", {"title": "How to apply", "steps": ["Sign in to eGov.kz", "Fill in the form", "Sign with the EDS"]}),
    ("question_answer", {"question": "How long does it take?", "answer": "<p>Five working days.</p>"}),
    (
        "table",
        {
            "data": [["Channel", "Fee"], ["eGov.kz", "free"]],
            "table_header_choice": "row",
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Fees by channel",
        },
    ),
    ("callout", {"kind": "warning", "text": "<p>Never ask for the EDS password.</p>"}),
]


@pytest.fixture
def knowledge_base():
    load_demo_pages()
    home = HomePage.objects.get(locale__language_code="kk")
    return home.add_child(instance=KnowledgeBaseIndexPage(title="Білім базасы", slug="kb"))


@pytest.fixture
def service():
    return PublicService.objects.create(
        register_number="00101001", name_kk="Туу туралы анықтама", name_ru="Справка о рождении"
    )


def add_article(index, *, title, slug, services=(), **fields):
    article = index.add_child(instance=KnowledgeArticlePage(title=title, slug=slug, body=EVERY_BLOCK, **fields))
    article.services.set(services)
    article.save_revision().publish()
    return article


def on(day):
    """Publish as if on `day` (the receiver that clears a flag asks the clock)."""
    return mock.patch("django.utils.timezone.localdate", return_value=day)


@pytest.fixture
def kb_editors():
    return [UserFactory(username=f"editor{n}", roles=["KB editor"]) for n in (1, 2)]


def test_an_operator_reads_an_article_with_every_block(client, knowledge_base, service):
    add_article(
        knowledge_base,
        title="Туу туралы анықтама",
        slug="birth",
        services=[service],
        verified_on=date(2026, 1, 15),
        review_due=date(2026, 7, 15),
    )
    client.force_login(UserFactory(roles=["Operator"]))

    page = client.get("/kk/kb/birth/").content.decode()

    assert "<h2>Before the call</h2>" in page
    assert "<b>IIN</b>" in page
    assert "<ol>" in page and "<li>Sign with the EDS</li>" in page
    assert "<h3>How long does it take?</h3>" in page and "Five working days." in page
    assert "<caption>Fees by channel</caption>" in page and '<th scope="col"' in page
    assert 'kb-callout--warning" role="note"' in page and "Never ask for the EDS password." in page
    assert "№ 00101001" in page and "Туу туралы анықтама" in page
    assert '<time datetime="2026-01-15">15.01.2026</time>' in page
    assert '<time datetime="2026-07-15">15.07.2026</time>' in page


def test_the_index_lists_articles_with_dates_and_the_review_badge(client, knowledge_base):
    add_article(knowledge_base, title="Overdue", slug="overdue", review_due=date(2026, 1, 1))
    add_article(knowledge_base, title="Fresh", slug="fresh", review_due=date(2030, 1, 1))
    flag_articles_for_review(today=date(2026, 3, 2))
    client.force_login(UserFactory(roles=["Operator"]))

    page = client.get("/kk/kb/").content.decode()

    assert page.index("Overdue") < page.index("Fresh")  # the articles needing review come first
    assert page.count("Қайта қарауды қажет етеді</span>") == 1  # "Needs review" on the Kazakh page
    assert '<time datetime="2030-01-01">01.01.2030</time>' in page


@pytest.mark.parametrize("path", ["/kk/kb/", "/kk/kb/birth/"])
def test_citizens_never_see_the_knowledge_base(client, knowledge_base, path):
    add_article(knowledge_base, title="Туу туралы анықтама", slug="birth")

    anonymous = client.get(path)
    assert anonymous.status_code in (302, 404)
    assert "Before the call" not in anonymous.content.decode()

    client.force_login(UserFactory(username="citizen"))  # signed in, but no admin access
    assert client.get(path).status_code == 404


def test_the_public_api_does_not_list_the_knowledge_base(client, knowledge_base):
    article = add_article(knowledge_base, title="Туу туралы анықтама", slug="birth")

    for model in ("knowledge.KnowledgeArticlePage", "knowledge.KnowledgeBaseIndexPage"):
        assert client.get("/api/v2/pages/", {"type": model}).json()["items"] == []
    assert client.get(f"/api/v2/pages/{article.pk}/").status_code in (302, 404)  # LocaleMiddleware redirects 404s
    everything = client.get("/api/v2/pages/", {"limit": 20}).json()["items"]
    assert all(not item["meta"]["type"].startswith("knowledge.") for item in everything)


def test_review_flags_overdue_and_changed_articles_and_tells_the_editors_once(
    knowledge_base, service, kb_editors, django_capture_on_commit_callbacks
):
    overdue = add_article(knowledge_base, title="Overdue", slug="overdue", review_due=date(2026, 2, 27))
    changed = add_article(
        knowledge_base, title="Birth certificate", slug="birth", services=[service], review_due=date(2026, 12, 1)
    )
    untouched = add_article(knowledge_base, title="Fresh", slug="fresh", review_due=date(2026, 12, 1))
    revisions = {page.pk: page.revisions.count() for page in (overdue, changed, untouched)}

    with django_capture_on_commit_callbacks(execute=True):
        report_service_change(service=service, what_changed="New form of the application", changed_on=date(2026, 3, 2))

    # The receiver of `service_changed` flagged the linked article at once.
    changed.refresh_from_db()
    assert changed.needs_review and "00101001" in changed.review_reason and "02.03.2026" in changed.review_reason
    assert changed.review_notified_at is not None
    assert [message.subject for message in mail.outbox] == ["Knowledge Base: review needed — Birth certificate"]

    flag_articles_for_review(today=date(2026, 3, 2))

    overdue.refresh_from_db()
    untouched.refresh_from_db()
    assert overdue.needs_review and "27.02.2026" in overdue.review_reason
    assert not untouched.needs_review
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "Knowledge Base: review needed — Overdue"
    assert sorted(mail.outbox[1].to) == ["editor1@example.kz", "editor2@example.kz"]
    assert f"/admin/pages/{overdue.pk}/edit/" in mail.outbox[1].body
    assert {page.pk: page.revisions.count() for page in (overdue, changed, untouched)} == revisions

    flag_articles_for_review(today=date(2026, 3, 3))
    assert len(mail.outbox) == 2


def test_a_cleared_flag_raised_again_tells_the_editors_again(knowledge_base, kb_editors):
    article = add_article(knowledge_base, title="Overdue", slug="overdue", review_due=date(2026, 2, 27))
    flag_articles_for_review(today=date(2026, 3, 2))
    assert len(mail.outbox) == 1

    # The editor re-verifies the article: publishing it with a new review date clears the flag.
    article = KnowledgeArticlePage.objects.get(pk=article.pk)
    article.verified_on, article.review_due = date(2026, 3, 2), date(2026, 3, 20)
    with on(date(2026, 3, 2)):
        article.save_revision().publish()
    article.refresh_from_db()
    assert not article.needs_review and article.review_notified_at is None

    flag_articles_for_review(today=date(2026, 3, 10))
    assert len(mail.outbox) == 1
    flag_articles_for_review(today=date(2026, 3, 21))
    assert len(mail.outbox) == 2


def test_publishing_a_draft_keeps_the_platforms_flag(knowledge_base, kb_editors):
    article = add_article(knowledge_base, title="Overdue", slug="overdue", review_due=date(2026, 2, 27))
    draft = KnowledgeArticlePage.objects.get(pk=article.pk).save_revision()  # written before the flag
    flag_articles_for_review(today=date(2026, 3, 2))

    with on(date(2026, 3, 2)):
        draft.publish()

    article.refresh_from_db()
    assert article.needs_review and article.review_notified_at is not None


def test_workflows_find_articles_through_one_function(knowledge_base, service):
    """Issue 15: the appeal screen's search and its "link the article" both call knowledge_articles; a draft is
    never offered, but an article already chosen is found by its id whatever its state."""
    live = add_article(knowledge_base, title="Туу туралы анықтама", slug="birth", services=[service])
    draft = knowledge_base.add_child(instance=KnowledgeArticlePage(title="Жоба", slug="draft", live=False))
    assert knowledge_articles("", service=service) == [live]
    assert knowledge_articles(pk=draft.pk) == [draft]
    assert knowledge_articles("", language="xx") == [] and knowledge_articles("") == []
