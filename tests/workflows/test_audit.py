"""Who changed what: django-auditlog records every change of the platform's data, with its actor."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.factories import StateBodyFactory, UserFactory
from workflows.calendar.models import Holiday, WorkdayTransfer
from workflows.directory.models import Region, StateBody

pytestmark = pytest.mark.django_db


# Technical rows that hold no one's data: a counter that tells processes the calendar changed.
NOT_AUDITED = {"calendar.CalendarRevision", "registry.RegistryImportChange"}  # the latter is itself an audit


@pytest.mark.parametrize("app_label", ["accounts", "calendar", "directory", "registry"])
def test_every_data_model_is_audited(app_label):
    from auditlog.registry import auditlog
    from django.apps import apps

    for model in apps.get_app_config(app_label).get_models():
        if model._meta.label not in NOT_AUDITED:
            assert auditlog.contains(model), f"{model._meta.label} is not registered with django-auditlog"


def test_the_main_models_are_among_them():
    from auditlog.registry import auditlog

    assert all(auditlog.contains(model) for model in (Holiday, WorkdayTransfer, Region, StateBody))


def test_an_admin_edit_records_who_made_it(client):
    coordinator = UserFactory(username="coordinator1", roles=["Onboarding coordinator"])
    client.force_login(coordinator)
    body = StateBodyFactory(name_ru="Министерство юстиции", phone="")
    response = client.post(
        reverse("wagtailsnippets_directory_statebody:edit", args=[body.pk]),
        {
            "code": body.code,
            "kind": body.kind,
            "is_active": "on",
            "name_kk": body.name_kk,
            "name_ru": body.name_ru,
            "name_en": body.name_en,
            "short_name": "МЮ",
            "phone": "+7 7172 74 00 00",
        },
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(body).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == coordinator
    assert entry.changes_dict["short_name"] == ["", "МЮ"]


def test_personal_fields_of_users_are_masked_in_the_log():
    user = UserFactory(username="operator7", email="aigerim.nurlanova@example.kz")
    user.email = "a.nurlanova@mail.kz"
    user.save()
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_pk=str(user.pk)
    ).latest("timestamp")
    old, new = entry.changes_dict["email"]
    assert "nurlanova" not in old and "nurlanova" not in new
    assert "password" not in entry.changes_dict


def test_the_audit_trail_screen_is_read_only(client):
    client.force_login(UserFactory(roles=["Authority viewer"]))
    StateBodyFactory(name_kk="Аудиттелетін орган", name_ru="Аудируемый орган", name_en="Audited body")
    page = client.get(reverse("audit_trail:index")).content.decode()
    assert "Audited body" in page  # the screen in the reader's (English) admin language
    assert client.get(reverse("audit_trail:add")).status_code in (302, 403)


def test_the_audit_trail_offers_no_change_and_filters_by_audited_kind(client):
    """Wagtail's viewset, not modeladmin: even a superuser only reads; the kind filter lists audited kinds only."""
    from wagtail.models import Page

    client.force_login(UserFactory(is_superuser=True))
    body = StateBodyFactory(name_en="Audited body")
    Holiday.objects.create(date=date(2026, 12, 31), name_kk="Жыл соңы", name_ru="Конец года", name_en="Year end")
    entry = LogEntry.objects.get_for_object(body).latest("timestamp")
    for name, args in [("add", []), ("edit", [entry.pk]), ("delete", [entry.pk])]:
        assert client.get(reverse(f"audit_trail:{name}", args=args)).status_code in (302, 403)
    assert client.get(reverse("audit_trail:inspect", args=[entry.pk])).status_code == 200

    listing = client.get(reverse("audit_trail:index"))
    kinds = set(listing.context["filters"].form.fields["content_type"].queryset)
    assert ContentType.objects.get_for_model(StateBody) in kinds
    assert ContentType.objects.get_for_model(Page) not in kinds
    holidays = ContentType.objects.get_for_model(Holiday)
    page = client.get(reverse("audit_trail:index"), {"content_type": holidays.pk}).content.decode()
    assert "Year end" in page and "Audited body" not in page


def test_the_audit_trail_reads_in_kazakh_and_russian(client):
    """Issue 15's walk: the columns came from django-auditlog's field names, which it ships in English only."""
    import re

    from wagtail.users.models import UserProfile

    from tests.i18n import english_words

    reader = UserFactory(roles=["Authority viewer"])
    StateBodyFactory(name_en="Audited body")
    client.force_login(reader)
    for language, words in (("kk", ["Уақыты", "Орындаушы", "Нысан"]), ("ru", ["Время", "Исполнитель", "Объект"])):
        profile = UserProfile.get_for_user(reader)
        profile.preferred_language = language
        profile.save()
        page = client.get(reverse("audit_trail:index")).content.decode()
        table = re.search(r'<table class="listing.*?</thead>', page, re.S).group(0)
        headers = " ".join(re.sub(r"<[^>]+>", " ", table).split())
        assert not english_words(headers), headers
        for word in words:
            assert word in headers, (language, headers)
