"""Issue 19, item 7: files with the public form and with the operator's answer. Only PDF, PNG, JPEG, DOCX,
XLSX and ODT, told by their content; at most five of 10 MB; names made safe; served only by the appeal's view
to the roles that see the applicant, never to anonymous readers; the answer's mail carries them; a bad file
is a clear error and nothing is saved."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.documents import get_document_model

from tests.factories import AppealFactory, UserFactory
from tests.workflows.test_appeals_public import filled, url
from workflows.appeals import services
from workflows.appeals.attachments import checked_upload, checked_uploads, safe_name
from workflows.appeals.models import Appeal, AppealAttachment
from workflows.mailintake.documents import attachments_collection

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def office(kind):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def _in_english(settings):
    settings.LANGUAGE_CODE = "en"
    cache.clear()
    with translation.override("en"):
        yield


# --- what is accepted --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("справка.pdf", PDF, "application/pdf"),
        ("скан.PNG", PNG, "image/png"),
        ("фото.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg"),
        ("өтініш.docx", office("docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("кесте.xlsx", office("xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("хат.odt", office("odt"), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_the_allowed_types_are_accepted_by_their_content(name, content, expected):
    assert checked_upload(upload(name, content)) == (name, expected)


@pytest.mark.parametrize(
    "name, content",
    [
        ("справка.pdf", EXE),  # a program renamed .pdf
        ("program.exe", PDF),  # a PDF renamed .exe
        ("скан.png", PDF),  # the content and the name disagree
        ("архив.docx", office("xlsx")),
        ("note.txt", b"hello"),
        ("page.html", b"<html><script>alert(1)</script>"),
    ],
)
def test_anything_else_is_refused_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as refusal:
        checked_upload(upload(name, content))
    assert "is not accepted: send PDF, PNG, JPEG, DOCX, XLSX or ODT files" in refusal.value.messages[0]


def test_a_file_over_the_size_cap_is_refused(settings):
    settings.UCC_APPEAL_ATTACHMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as refusal:
        checked_upload(upload("big.pdf", PDF + b"0" * (1024 * 1024)))
    assert "big.pdf is larger than 1 MB." in refusal.value.messages


def test_more_than_five_files_are_refused():
    with pytest.raises(ValidationError) as refusal:
        checked_uploads([upload(f"{n}.pdf", PDF) for n in range(6)])
    assert refusal.value.messages == ["Send at most 5 files."]


@pytest.mark.parametrize(
    "sent, kept",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\Айгерим\\Desktop\\анықтама.pdf", "анықтама.pdf"),
        ("bad\x00name\r\n.pdf", "badname.pdf"),
        ("..hidden.pdf", "hidden.pdf"),
        ('a"b<c>|d.pdf', "a_b_c__d.pdf"),
        ("", "file"),
    ],
)
def test_names_are_made_safe_with_their_letters_kept(sent, kept):
    assert safe_name(sent) == kept


def test_a_long_name_keeps_its_extension():
    name = safe_name("ж" * 400 + ".pdf")
    assert len(name) == 150 and name.endswith(".pdf")


# --- the public form ---------------------------------------------------------------------------------


def test_the_public_form_with_a_file_registers_the_appeal_with_it(client):
    response = client.post(url("en"), {**filled(), "attachments": [upload("справка.pdf", PDF)]})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    (kept,) = appeal.attachments.all()
    assert (kept.name, kept.origin, kept.content_type, kept.size) == (
        "справка.pdf",
        "applicant",
        "application/pdf",
        len(PDF),
    )
    assert kept.file.name.startswith("private/appeals/") and "справка" not in kept.file.name
    assert kept.file.read() == PDF


def test_the_public_form_with_a_bad_file_says_why_and_saves_nothing(client):
    response = client.post(url("en"), {**filled(), "attachments": [upload("справка.pdf", EXE)]})
    assert response.status_code == 200
    assert "справка.pdf is not accepted" in response.content.decode()
    assert Appeal.objects.count() == 0 and AppealAttachment.objects.count() == 0


# --- the answer ---------------------------------------------------------------------------------------


def answer_with(client, appeal, files):
    data = {
        "give_answer-state": appeal.state,
        "give_answer-answer": "Справку выдаёт ЦОН.",
        "give_answer-attachments": files,
    }
    return client.post(reverse("appeals_step", args=[appeal.pk, "give_answer"]), data, follow=True)


def test_the_answer_mail_carries_the_answers_files(client, operator, django_capture_on_commit_callbacks):
    appeal = services.take(appeal=AppealFactory(channel="email", applicant_email="aigerim@mail.kz"), user=operator)
    client.force_login(operator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer_with(client, appeal, [upload("жауап.pdf", PDF), upload("схема.png", PNG)])
    appeal.refresh_from_db()
    assert appeal.state == "answered"
    (message,) = mail.outbox
    assert [(name, kind) for name, _content, kind in message.attachments] == [
        ("жауап.pdf", "application/pdf"),
        ("схема.png", "image/png"),
    ]
    assert message.attachments[0][1] == PDF
    assert list(appeal.attachments.values_list("origin", flat=True)) == ["answer", "answer"]


def test_an_answer_with_a_bad_file_is_refused_and_nothing_is_written(client, operator):
    appeal = services.take(appeal=AppealFactory(), user=operator)
    client.force_login(operator)
    mail.outbox.clear()
    response = answer_with(client, appeal, [upload("жауап.pdf", PDF), upload("setup.pdf", EXE)])
    assert "setup.pdf is not accepted" in response.content.decode()
    appeal.refresh_from_db()
    assert (appeal.state, appeal.answer) == ("in_progress", "")
    assert AppealAttachment.objects.count() == 0 and mail.outbox == []


# --- who may open them ----------------------------------------------------------------------------------


@pytest.fixture
def kept():
    appeal = services.register_appeal(
        channel="web",
        content="Прилагаю справку.",
        applicant_email="aigerim@mail.kz",
        attachments=checked_uploads([upload("справка.pdf", PDF)]),
    )
    return appeal.attachments.get()


def test_staff_who_see_the_applicant_download_the_file_under_its_name(client, operator, kept):
    client.force_login(operator)
    response = client.get(reverse("appeals_attachment", args=[kept.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"] and response["Content-Type"] == "application/pdf"


def test_anonymous_readers_never_get_the_file(kept):
    response = Client().get(reverse("appeals_attachment", args=[kept.pk]))
    assert response.status_code in (302, 403)
    assert b"%PDF" not in response.content


@pytest.mark.parametrize("role", ["Authority viewer", "KB editor"])
def test_staff_without_the_right_to_see_the_applicant_get_403(client, role, kept):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("appeals_attachment", args=[kept.pk])).status_code == 403


def test_the_file_is_not_served_from_media(client, operator, kept, settings):
    client.force_login(operator)
    response = client.get(f"/media/{kept.file.name}", follow=True)
    assert response.status_code == 404 and b"%PDF" not in response.content


def test_a_mail_appeals_files_kept_by_the_intake_open_through_the_appeal_screen_only(client, operator):
    appeal = AppealFactory(channel="email")
    document = get_document_model()(title="скан.pdf", collection=attachments_collection())
    document.file.save("mail/abc/attachment-1.pdf", ContentFile(PDF), save=False)
    document.save()
    appeal.documents.add(document)
    address = reverse("appeals_mail_document", args=[appeal.pk, document.pk])
    client.force_login(operator)
    assert address in client.get(reverse("appeals_work", args=[appeal.pk])).content.decode()
    assert b"".join(client.get(address).streaming_content) == PDF
    client.force_login(UserFactory(roles=["Authority viewer"]))
    assert client.get(address).status_code == 403
    assert Client().get(address).status_code in (302, 403)
