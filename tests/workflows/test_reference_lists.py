"""Issue 20, item 4: the reference lists an administrator keeps instead of coded choices — appeal topics,
channels' names, appeal states, applicant kinds, the KB's audiences and topics, life situations, ICT request
types. Ordered, named in kk/ru/en, deactivated rather than deleted: a deactivated topic stays on old appeals
and disappears from new forms. Lists the code branches on (channels, states, ICT request types) keep their
codes: only their names and order change. A non-administrator changes none of it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import AppealFactory, UserFactory
from workflows.appeals.forms import CallForm, PublicAppealForm
from workflows.appeals.models import Appeal
from workflows.ict.models import RequestType
from workflows.lists import selectors
from workflows.lists.models import ListEntry, ListName

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
MONDAY_2_MARCH_2026 = datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def administrator():
    return UserFactory(username="admin-lists", is_superuser=True, is_staff=True)


def entry(list_name, code):
    return ListEntry.objects.get(list_name=list_name, code=code)


def posted(entry, **changes):
    data = {
        "list_name": entry.list_name,
        "code": entry.code,
        "name_kk": entry.name_kk,
        "name_ru": entry.name_ru,
        "name_en": entry.name_en,
        "sort_order": entry.sort_order,
        "is_active": "on" if entry.is_active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not False}


# --- the seed: today's choices, same codes, same names ------------------------------------------------


@pytest.mark.parametrize(
    ("list_name", "coded"),
    [
        (ListName.APPEAL_TOPIC, Appeal.Topic),
        (ListName.APPEAL_CHANNEL, Appeal.Channel),
        (ListName.APPEAL_OUTCOME, Appeal.State),
        (ListName.APPLICANT_KIND, Appeal.ApplicantKind),
        (ListName.ICT_REQUEST_TYPE, RequestType),
    ],
)
def test_the_lists_are_seeded_from_the_coded_choices_with_their_translations(list_name, coded):
    seeded = ListEntry.objects.filter(list_name=list_name).order_by("sort_order")
    assert [row.code for row in seeded] == list(coded.values)
    for row, (_code, label) in zip(seeded, coded.choices, strict=True):
        assert row.name_en == str(label)
        for language in ("kk", "ru"):
            with translation.override(language):
                assert getattr(row, f"name_{language}") == gettext(str(label))


def test_a_stored_appeal_shows_its_topic_in_the_language_of_the_screen():
    appeal = AppealFactory(topic="e_government", received_at=MONDAY_2_MARCH_2026)
    with translation.override("ru"):
        assert appeal.get_topic_display() == entry(ListName.APPEAL_TOPIC, "e_government").name_ru


# --- deactivated, not deleted ---------------------------------------------------------------------------


def test_a_deactivated_topic_stays_on_old_appeals_and_disappears_from_new_forms(client, administrator):
    """2 March 2026 an appeal about an ICT service; the administrator then deactivates the topic."""
    old = AppealFactory(topic="ict_service", received_at=MONDAY_2_MARCH_2026)
    ict = entry(ListName.APPEAL_TOPIC, "ict_service")
    client.force_login(administrator)
    response = client.post(reverse("reference_lists:edit", args=[ict.pk]), posted(ict, is_active=False))
    assert response.status_code == 302
    ict.refresh_from_db()
    assert not ict.is_active

    assert "ict_service" not in dict(PublicAppealForm().fields["topic"].choices)
    assert "ict_service" not in dict(CallForm().fields["topic"].choices)
    refused = PublicAppealForm(data={"topic": "ict_service"})
    assert not refused.is_valid() and "topic" in refused.errors

    old.refresh_from_db()
    old.full_clean(exclude=["state"])  # the old value still validates
    assert old.get_topic_display() == "ICT service"
    page = client.get(reverse("appeals_work", args=[old.pk])).content.decode()
    assert "ICT service" in page
    assert "ict_service" in dict(CallForm(instance=old).fields["topic"].choices)  # editing it keeps it


def test_an_entry_is_never_deleted(client, administrator):
    topic = entry(ListName.APPEAL_TOPIC, "public_service")
    with pytest.raises(ValidationError):
        topic.delete()
    client.force_login(administrator)
    client.post(reverse("reference_lists:delete", args=[topic.pk]))
    assert ListEntry.objects.filter(pk=topic.pk).exists()


# --- what an administrator changes --------------------------------------------------------------------


def test_a_new_topic_is_offered_and_an_appeal_registered_with_it(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("reference_lists:add"),
        {
            "list_name": ListName.APPEAL_TOPIC,
            "code": "pensions",
            "name_kk": "Зейнетақы",
            "name_ru": "Пенсии",
            "name_en": "pensions",
            "sort_order": 5,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    choices = PublicAppealForm().fields["topic"].choices
    assert choices[0] == ("pensions", "pensions")  # ordered first by the administrator
    appeal = AppealFactory(topic="pensions")
    with translation.override("kk"):
        assert appeal.get_topic_display() == "Зейнетақы"


def test_renaming_a_channel_changes_its_name_everywhere_but_not_its_code(client, administrator):
    email = entry(ListName.APPEAL_CHANNEL, "email")
    client.force_login(administrator)
    client.post(reverse("reference_lists:edit", args=[email.pk]), posted(email, name_en="e-mail to 1414@egov.kz"))
    appeal = AppealFactory(channel="email")
    assert appeal.channel == Appeal.Channel.EMAIL
    assert appeal.get_channel_display() == "e-mail to 1414@egov.kz"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "mail"}, "code"),
        ({"is_active": False}, "is_active"),
        ({"list_name": ListName.APPEAL_TOPIC}, "list_name"),
    ],
)
def test_a_channel_is_used_by_the_code_so_its_code_stays(changes, field):
    email = entry(ListName.APPEAL_CHANNEL, "email")
    for name, value in changes.items():
        setattr(email, name, value if value is not False else False)
    with pytest.raises(ValidationError) as refused:
        email.full_clean()
    assert field in refused.value.message_dict


def test_no_entry_is_added_to_a_list_the_code_branches_on():
    fax = ListEntry(list_name=ListName.APPEAL_CHANNEL, code="fax", name_kk="факс", name_ru="факс", name_en="fax")
    with pytest.raises(ValidationError) as refused:
        fax.full_clean()
    assert "list_name" in refused.value.message_dict


def test_the_code_of_a_topic_cannot_change_and_fits_the_records_column():
    topic = entry(ListName.APPEAL_TOPIC, "public_service")
    topic.code = "services"
    with pytest.raises(ValidationError):
        topic.full_clean()
    too_long = ListEntry(list_name=ListName.APPEAL_TOPIC, code="a" * 17, name_kk="x", name_ru="x", name_en="x")
    with pytest.raises(ValidationError) as refused:
        too_long.full_clean()
    assert "code" in refused.value.message_dict


def test_the_order_is_the_administrators():
    entry(ListName.KB_AUDIENCE, "state_bodies").__class__.objects.filter(
        list_name=ListName.KB_AUDIENCE, code="state_bodies"
    ).update(sort_order=1)
    selectors.clear_cache()
    assert [code for code, _name in selectors.choices(ListName.KB_AUDIENCE)][0] == "state_bodies"


def test_a_change_is_audited_with_who_and_what(client, administrator):
    kind = entry(ListName.APPLICANT_KIND, "legal_entity")
    client.force_login(administrator)
    client.post(reverse("reference_lists:edit", args=[kind.pk]), posted(kind, name_ru="юридическое лицо (ТОО, АО)"))
    log = LogEntry.objects.get_for_object(kind).filter(action=LogEntry.Action.UPDATE).get()
    assert log.actor == administrator
    assert log.changes_dict["name_ru"][1] == "юридическое лицо (ТОО, АО)"


def test_the_catalogue_offers_the_active_life_situations_only(client):
    entry(ListName.LIFE_SITUATION, "pension").__class__.objects.filter(code="pension").update(is_active=False)
    selectors.clear_cache()
    assert "pension" not in dict(selectors.choices(ListName.LIFE_SITUATION))
    assert "pension" in dict(selectors.choices(ListName.LIFE_SITUATION, current="pension"))


# --- nobody else changes it -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["Operator", "Senior operator", "KB editor", "Onboarding coordinator", "Authority viewer"]
)
def test_a_non_administrator_cannot_change_a_list(client, role):
    topic = entry(ListName.APPEAL_TOPIC, "public_service")
    client.force_login(UserFactory(username=f"lists-{role}", roles=[role]))
    client.post(reverse("reference_lists:edit", args=[topic.pk]), posted(topic, name_en="changed"))
    client.post(reverse("reference_lists:add"), posted(topic, code="other_topic"))
    topic.refresh_from_db()
    assert topic.name_en == "public service"
    assert not ListEntry.objects.filter(code="other_topic").exists()


def test_the_kb_page_editor_offers_the_active_audiences_and_keeps_a_pages_own(administrator):
    from cms.knowledge.models import KnowledgeArticlePage

    ListEntry.objects.filter(list_name=ListName.KB_AUDIENCE, code="state_bodies").update(is_active=False)
    selectors.clear_cache()
    form_class = KnowledgeArticlePage.get_edit_handler().get_form_class()
    new = form_class(instance=KnowledgeArticlePage(), for_user=administrator)
    assert "state_bodies" not in dict(new.fields["audience"].choices)
    old = form_class(instance=KnowledgeArticlePage(audience="state_bodies"), for_user=administrator)
    assert "state_bodies" in dict(old.fields["audience"].choices)


def test_the_lists_screen_is_in_kazakh_for_the_authority_viewer(client):
    """Found walking every screen in Kazakh: the entry's name column was headed "Name" in English."""
    from wagtail.users.models import UserProfile

    from tests.i18n import assert_no_english

    viewer = UserFactory(username="lists-viewer", roles=["Authority viewer"])
    profile = UserProfile.get_for_user(viewer)
    profile.preferred_language = "kk"
    profile.save()
    client.force_login(viewer)
    page = client.get(reverse("reference_lists:index"))
    assert page.status_code == 200
    headers = " ".join(part.split(">")[-1] for part in page.content.decode().split("</th>")[:-1])
    assert_no_english(headers)
