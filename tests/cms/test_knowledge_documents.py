"""Documents of the internal Knowledge Base (issue 14, defect 17): a file an article uses is served only to
people with admin access; the KB editor and reviewer can upload documents and images at all (Wagtail 8 grants
that per collection)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from cms.home.demo import load_demo_pages
from cms.home.models import HomePage, StandardPage
from cms.knowledge.models import KnowledgeArticlePage, KnowledgeBaseIndexPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Document = get_document_model()


def document(title):
    made = Document(title=title)
    made.file.save(f"{title}.txt", ContentFile(b"1414"), save=False)
    made.save()
    return made


def linking(document):
    return [("paragraph", f'<p><a linktype="document" id="{document.pk}">{document.title}</a></p>')]


@pytest.fixture(autouse=True)
def files_on_disk(settings, tmp_path):
    """Wagtail serves a document from its path; the tests' in-memory storage has none."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


@pytest.fixture
def home():
    load_demo_pages()
    return HomePage.objects.get(locale__language_code="kk")


@pytest.fixture
def internal_document(home):
    """Attached to a published Knowledge Base article."""
    attached = document("operator-script")
    index = home.add_child(instance=KnowledgeBaseIndexPage(title="Білім базасы", slug="kb"))
    article = index.add_child(instance=KnowledgeArticlePage(title="Мақала", slug="article", body=linking(attached)))
    article.save_revision().publish()
    return attached


@pytest.fixture
def public_document(home):
    attached = document("application-form")
    page = home.add_child(instance=StandardPage(title="Өтініш нысаны", slug="form", body=linking(attached)))
    page.save_revision().publish()
    return attached


def test_an_anonymous_visitor_cannot_download_a_knowledge_base_document(client, internal_document):
    response = client.get(internal_document.url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_account_without_admin_access_is_told_it_does_not_exist(client, internal_document):
    client.force_login(UserFactory(username="citizen"))
    assert client.get(internal_document.url).status_code == 404


@pytest.mark.parametrize("role", ["Operator", "KB editor", "Authority viewer"])
def test_staff_download_a_knowledge_base_document(client, internal_document, role):
    client.force_login(UserFactory(roles=[role]))
    response = client.get(internal_document.url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"1414"


def test_a_document_of_a_public_page_stays_public(client, public_document, internal_document):
    assert client.get(public_document.url).status_code == 200


def test_the_api_lists_public_documents_only(client, public_document, internal_document):
    titles = {item["title"] for item in client.get("/api/v2/documents/").json()["items"]}
    assert "application-form" in titles and "operator-script" not in titles
    assert client.get(f"/api/v2/documents/{internal_document.pk}/", follow=True).status_code == 404


@pytest.mark.parametrize("role", ["KB editor", "KB reviewer"])
def test_the_kb_editor_and_reviewer_upload_a_document_and_an_image(client, role, home):
    client.force_login(UserFactory(roles=[role]))
    upload = SimpleUploadedFile("guide.pdf", b"%PDF-1.4 1414", content_type="application/pdf")
    response = client.post("/admin/documents/add/", {"title": "Guide", "file": upload, "collection": 1})
    assert response.status_code == 302, response.content.decode()[:500]
    assert Document.objects.filter(title="Guide").exists()
    assert client.get("/admin/images/add/").status_code == 200
    assert client.get("/admin/documents/chooser/").status_code == 200


def test_an_operator_still_cannot_upload(client, home):
    client.force_login(UserFactory(roles=["Operator"]))
    assert client.get("/admin/documents/add/").status_code in (302, 403)
