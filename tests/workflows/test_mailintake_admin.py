"""The e-mail quarantine in the admin (para 8): a senior operator sees the messages that could not be read,
their raw headers as inert text, downloads them as .eml and reprocesses them; an operator may not."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from workflows.mailintake import services
from workflows.mailintake.models import InboundMessage, QuarantinedMessage
from workflows.mailintake.parsing import raw_hash

pytestmark = pytest.mark.django_db

HOSTILE = (
    b"To: <script>alert('to')</script>\nSubject: <img src=x onerror=alert(1)>\n"
    b"X-Note: </pre><script>alert(2)</script>\n\nNo sender: it goes to quarantine.\n"
)
GOOD = (
    "From: Aigerim <aigerim@mail.kz>\nTo: support@goscorp.kz\nSubject: Справка\nMessage-ID: <q1@mail.kz>\n"
    "Content-Type: text/plain; charset=utf-8\n\nПрошу справку.\n"
).encode()


@pytest.fixture
def supervisor():
    return UserFactory(username="senior-mail", roles=["Senior operator"])


@pytest.fixture
def hostile():
    return services.ingest(HOSTILE, source="maildir:hostile")


def test_a_senior_operator_lists_the_quarantine_without_any_live_markup(client, supervisor, hostile):
    client.force_login(supervisor)
    listing = client.get(reverse("mailintake_quarantine"))
    page = client.get(reverse("mailintake_quarantined", args=[hostile.pk]))
    assert listing.status_code == page.status_code == 200
    assert reverse("mailintake_quarantined", args=[hostile.pk]) in listing.content.decode()
    html = page.content.decode()
    assert "&lt;script&gt;alert(&#x27;to&#x27;)&lt;/script&gt;" in html  # the raw headers, shown as text
    assert "<script>alert" not in html and "<img src=x" not in html and "</pre><script>" not in html


def test_the_raw_message_downloads_as_an_eml_attachment(client, supervisor, hostile):
    client.force_login(supervisor)
    response = client.get(reverse("mailintake_download", args=[hostile.pk]))
    assert response.status_code == 200
    assert response.content == HOSTILE
    assert response["Content-Type"] == "message/rfc822"
    assert response["Content-Disposition"] == f'attachment; filename="quarantined-{hostile.pk}.eml"'


def test_reprocess_button_registers_a_message_now_readable(client, supervisor, django_capture_on_commit_callbacks):
    row = InboundMessage.objects.create(
        raw=GOOD,
        raw_sha256=raw_hash(GOOD),
        size=len(GOOD),
        received_at=timezone.make_aware(datetime(2026, 11, 24, 10, 0)),
        status=InboundMessage.Status.QUARANTINED,
        error="quarantined by an earlier release",
    )
    client.force_login(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mailintake_reprocess", args=[row.pk]), follow=True)
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.status == InboundMessage.Status.REGISTERED
    assert row.appeal.number in response.content.decode()
    assert not QuarantinedMessage.objects.exists()


def test_reprocess_of_an_unreadable_message_says_why(client, supervisor, hostile):
    client.force_login(supervisor)
    response = client.post(reverse("mailintake_reprocess", args=[hostile.pk]), follow=True)
    assert "Still unreadable: no sender address" in response.content.decode()
    assert QuarantinedMessage.objects.get() == hostile


def test_an_operator_may_not_open_the_quarantine(client, hostile):
    client.force_login(UserFactory(username="op-mail", roles=["Operator"]))
    for url in (
        reverse("mailintake_quarantine"),
        reverse("mailintake_quarantined", args=[hostile.pk]),
        reverse("mailintake_download", args=[hostile.pk]),
    ):
        assert client.get(url).status_code in (302, 403)
    assert client.post(reverse("mailintake_reprocess", args=[hostile.pk])).status_code in (302, 403)
    assert QuarantinedMessage.objects.get().status == InboundMessage.Status.QUARANTINED
