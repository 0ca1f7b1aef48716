"""The Knowledge Base kept correct (paras 3.4, 9): a KB editor changes an article and submits it, a KB reviewer
approves it from the dashboard (and so publishes it); the editor uploads a document that the article then
uses, which an anonymous visitor cannot fetch and an operator can — every screen in Kazakh."""

import re
import uuid

import pytest

from tests.i18n import assert_no_english, interface_text

pytestmark = pytest.mark.browser

ARTICLE = "Жеке куәлік: қоңырау шалушыға қалай жауап беру керек"
STATE = (
    "from cms.knowledge.models import KnowledgeArticlePage as A; p = A.objects.get(title__startswith={!r}); "
    "print(p.live, p.has_unpublished_changes, p.title)"
)
USE_DOCUMENT = (
    "from cms.knowledge.models import KnowledgeArticlePage as A; from wagtail.documents.models import Document; "
    "d = Document.objects.get(title={title!r}); p = A.objects.get(title__startswith={article!r}); "
    "p.body.append(('paragraph', '<p><a linktype=\"document\" id=\"%d\">Бланк</a></p>' % d.pk)); "
    "p.save_revision().publish(); print(d.url)"
)


def test_an_editor_submits_an_article_and_a_reviewer_publishes_it(journey):
    editor = journey.person("kk")
    journey.sign_in(editor, "editor")
    editor.get_by_role("link", name="Білім базасын ашу").click()
    editor.get_by_role("link", name=ARTICLE).first.click()
    editor.wait_for_url("**/admin/pages/*/edit/")
    assert_no_english(interface_text(editor))
    new_title = f"{ARTICLE} ({uuid.uuid4().hex[:6]})"
    editor.fill("input[name=title]", new_title)
    editor.get_by_role("button", name="Басқа әрекеттер").click()
    editor.get_by_role("button", name=re.compile("процесіне жіберу")).click()
    editor.wait_for_load_state()
    journey.shot(editor, "submitted")
    live, changes, title = journey.platform.manage("shell", "-v", "0", "-c", STATE.format(ARTICLE)).split(" ", 2)
    assert (live, changes) == ("True", "True") and title.strip() == ARTICLE  # waiting: the live text is unchanged

    reviewer = journey.person("kk")
    journey.sign_in(reviewer, "reviewer")
    journey.shot(reviewer, "reviewer-home")
    assert new_title in reviewer.locator("main").inner_text()  # "awaiting your review" on the dashboard
    assert_no_english(interface_text(reviewer), data=[new_title])
    row = reviewer.locator("main tr", has_text=new_title)
    row.get_by_role("button", name="Әрекеттер").click()  # the row's actions
    row.get_by_role("button", name="Бекіту", exact=True).click()
    reviewer.wait_for_load_state()
    journey.shot(reviewer, "approved")
    live, changes, title = journey.platform.manage("shell", "-v", "0", "-c", STATE.format(ARTICLE)).split(" ", 2)
    assert (live, changes, title.strip()) == ("True", "False", new_title)


def test_a_document_of_an_article_is_for_staff_only(journey, tmp_path):
    editor = journey.person("kk")
    journey.sign_in(editor, "editor")
    editor.goto(f"{journey.platform.url}/admin/documents/multiple/add/")
    title = f"Өтініш бланкі {uuid.uuid4().hex[:6]}"
    form = tmp_path / f"{title}.pdf"
    form.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    editor.set_input_files("input[type=file]", str(form))
    editor.wait_for_selector("#upload-list li.upload-success", timeout=30_000)
    journey.shot(editor, "uploaded")
    assert_no_english(interface_text(editor), data=[title])
    address = journey.platform.manage("shell", "-v", "0", "-c", USE_DOCUMENT.format(title=title, article=ARTICLE))
    address = address.strip().splitlines()[-1]

    anonymous = journey.person("kk")
    response = anonymous.goto(journey.platform.url + address)
    assert "/admin/login/" in anonymous.url and response.status == 200  # sent to sign in, not given the file

    operator = journey.person("kk")
    journey.sign_in(operator, "operator")
    download = operator.request.get(journey.platform.url + address)
    assert download.status == 200 and download.body().startswith(b"%PDF")
