"""The applicant's name, phone and e-mail: in full only for operators and senior operators, every such view
audited (who, when, which appeal); masked for the authority viewer, in the listing, in exports and logs."""

import csv
import io
import logging

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from tests.factories import AppealFactory, UserFactory
from workflows.appeals.models import Appeal
from workflows.appeals.personal_data import mask_name

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(settings):
    """The messages are checked in English; kk/ru are the translators' (the admin defaults to kk)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


NAME, PHONE, EMAIL = "Сейткали Айгерим Нурлановна", "+7 701 123 45 67", "a.seitkali@mail.kz"


@pytest.fixture
def appeal():
    return AppealFactory(applicant_name=NAME, applicant_phone=PHONE, applicant_email=EMAIL)


def accesses(appeal):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Appeal),
        object_id=appeal.pk,
        action=LogEntry.Action.ACCESS,
    )


@pytest.mark.parametrize("role", ["Operator", "Senior operator"])
def test_operators_see_the_applicant_in_full_and_each_view_is_audited(client, appeal, role):
    user = UserFactory(roles=[role])
    client.force_login(user)
    for _view in range(2):
        content = client.get(reverse("appeals_work", args=[appeal.pk])).content.decode()
        assert NAME in content and PHONE in content and EMAIL in content
    entries = accesses(appeal)
    assert entries.count() == 2
    assert {entry.actor for entry in entries} == {user}
    assert all(entry.object_repr == appeal.number for entry in entries)
    assert entries.first().remote_addr == "127.0.0.1"


def test_the_authority_viewer_sees_them_masked_and_nothing_is_audited_as_seen(client, appeal):
    client.force_login(UserFactory(roles=["Authority viewer"]))
    content = client.get(reverse("appeals_work", args=[appeal.pk])).content.decode()
    assert appeal.number in content
    assert NAME not in content and PHONE not in content and EMAIL not in content
    assert "С*** А*** Н***" in content and "*********67" in content and "a***@mail.kz" in content
    assert not accesses(appeal).exists()


def test_the_listing_shows_initials_only(client, appeal):
    client.force_login(UserFactory(roles=["Operator"]))
    content = client.get(reverse("appeals:index")).content.decode()
    assert NAME not in content and mask_name(NAME) in content


def export(client, user):
    client.force_login(user)
    response = client.get(reverse("appeals_export"))
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_export_masks_personal_data_for_the_authority_viewer(client, appeal):
    header, row = export(client, UserFactory(roles=["Authority viewer"]))
    shown = dict(zip(header, row, strict=True))
    assert NAME not in row and EMAIL not in row
    assert shown["Phone"] == "*********67" and shown["E-mail"] == "a***@mail.kz"


def test_the_export_for_an_operator_is_full_and_audited(client, appeal):
    user = UserFactory(roles=["Operator"])
    header, row = export(client, user)
    assert NAME in row and EMAIL in row and f"'{PHONE}" in row  # a leading + would run as a formula
    assert accesses(appeal).get().actor == user


def test_the_change_log_masks_the_applicant(appeal):
    entry = LogEntry.objects.get_for_object(appeal).get(action=LogEntry.Action.CREATE)
    assert NAME not in str(entry.changes) and EMAIL not in str(entry.changes)


def test_logs_never_carry_the_phone_or_email(appeal, caplog):
    from workflows.accounts.logging import MaskPersonalDataFilter

    logger = logging.getLogger("ucc.appeals.test")
    logger.addFilter(MaskPersonalDataFilter())
    try:
        with caplog.at_level(logging.INFO, logger="ucc.appeals.test"):
            logger.info("appeal %s from %s, %s", appeal.number, appeal.applicant_phone, appeal.applicant_email)
    finally:
        logger.filters.clear()
    assert caplog.messages == [f"appeal {appeal.number} from *********67, a***@mail.kz"]


FREE_TEXT = "Мой ЖСН 850101300123, звоните +7 702 555 44 33 или пишите b.nurlan@mail.kz"


def test_the_authority_viewer_reads_the_free_text_with_its_personal_data_masked(client):
    """Issue 14, defect 18: what the applicant wrote may carry an IIN, a phone or an e-mail."""
    appeal = AppealFactory(content=FREE_TEXT)
    client.force_login(UserFactory(roles=["Authority viewer"]))
    content = client.get(reverse("appeals_work", args=[appeal.pk])).content.decode()
    for personal in ("850101300123", "555 44 33", "b.nurlan@mail.kz"):
        assert personal not in content
    assert "**********23" in content and "b***@mail.kz" in content

    header, row = export(client, UserFactory(roles=["Authority viewer"]))
    shown = dict(zip(header, row, strict=True))["Content"]
    assert "850101300123" not in shown and "b.nurlan@mail.kz" not in shown and "+7 702 555 44 33" not in shown


def test_an_operator_reads_the_free_text_as_written(client):
    appeal = AppealFactory(content=FREE_TEXT)
    client.force_login(UserFactory(roles=["Operator"]))
    assert FREE_TEXT in client.get(reverse("appeals_work", args=[appeal.pk])).content.decode()
