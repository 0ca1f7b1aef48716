"""Editorial review (paras 3.4, 9): a KB editor submits, a KB reviewer approves (and so publishes) or asks for
changes; nothing an editor writes reaches operators or citizens unreviewed."""

import pytest
from wagtail.models import Page, WorkflowState

from cms.home.demo import load_demo_pages
from cms.home.models import HomePage
from cms.knowledge.models import KnowledgeArticlePage, KnowledgeBaseIndexPage
from cms.knowledge.moderation import WORKFLOW_NAME, ensure_editorial_workflow
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_article():
    load_demo_pages()
    home = HomePage.objects.get(locale__language_code="kk")
    index = home.add_child(instance=KnowledgeBaseIndexPage(title="Білім базасы", slug="kb"))
    return index.add_child(
        instance=KnowledgeArticlePage(title="Жеке куәлік", slug="id-card", live=False, body=[("heading", "Құжаттар")])
    )


@pytest.fixture
def editor():
    return UserFactory(username="editor", roles=["KB editor"])


@pytest.fixture
def reviewer():
    return UserFactory(username="reviewer", roles=["KB reviewer"])


def submit(page, user):
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def test_the_workflow_of_an_earlier_version_is_renamed_in_the_working_languages_once():
    """Issue 14 journey: the editor's Kazakh button read "«Editorial review» процесіне жіберу"."""
    from wagtail.models import Task, Workflow

    Workflow.objects.filter(name=WORKFLOW_NAME).update(name="Editorial review")
    Task.objects.filter(name__startswith="Тексерушінің").update(name="Reviewer approval")
    ensure_editorial_workflow()
    names = Workflow.objects.filter(name__in=[WORKFLOW_NAME, "Editorial review"]).values_list("name", flat=True)
    assert list(names) == [WORKFLOW_NAME]
    assert Task.objects.filter(name="Reviewer approval").count() == 0


def test_every_page_goes_through_editorial_review():
    root = Page.get_first_root_node()
    assert root.get_workflow().name == WORKFLOW_NAME
    task = root.get_workflow().tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["KB reviewer"]
    assert ensure_editorial_workflow().pk == root.get_workflow().pk  # idempotent after every migrate


def test_an_editor_cannot_publish_but_can_submit(client, draft_article, editor):
    permissions = draft_article.permissions_for_user(editor)
    assert not permissions.can_publish()
    assert permissions.can_submit_for_moderation()

    client.force_login(editor)
    edit = client.get(f"/admin/pages/{draft_article.pk}/edit/").content.decode()
    assert "action-submit" in edit and WORKFLOW_NAME in edit
    assert 'name="action-publish"' not in edit


def test_the_reviewer_approves_and_the_article_goes_live(client, draft_article, editor, reviewer):
    state = submit(draft_article, editor)
    task_state = state.current_task_state

    client.force_login(reviewer)
    response = client.post(f"/admin/pages/workflow/action/{draft_article.pk}/approve/{task_state.pk}/")
    assert response.status_code in (200, 302)

    draft_article.refresh_from_db()
    state.refresh_from_db()
    assert draft_article.live
    assert state.status == WorkflowState.STATUS_APPROVED


def test_the_reviewer_asks_for_changes_with_a_comment(client, draft_article, editor, reviewer):
    state = submit(draft_article, editor)
    task_state = state.current_task_state

    client.force_login(reviewer)
    client.post(
        f"/admin/pages/workflow/action/{draft_article.pk}/reject/{task_state.pk}/",
        {"comment": "Мемлекеттік баж көрсетілмеген"},
    )

    draft_article.refresh_from_db()
    state.refresh_from_db()
    task_state.refresh_from_db()
    assert not draft_article.live
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert task_state.comment == "Мемлекеттік баж көрсетілмеген"


def test_an_editor_cannot_approve_their_own_submission(client, draft_article, editor):
    state = submit(draft_article, editor)
    client.force_login(editor)
    client.post(f"/admin/pages/workflow/action/{draft_article.pk}/approve/{state.current_task_state.pk}/")
    draft_article.refresh_from_db()
    assert not draft_article.live
