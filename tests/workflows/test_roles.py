"""Roles: each can reach what its work needs, and nothing more."""

import importlib
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from tests.factories import BodyMembershipFactory, StateBodyFactory, UserFactory
from workflows.accounts import roles
from workflows.calendar.models import Holiday, Source

pytestmark = pytest.mark.django_db

HOLIDAYS = "wagtailsnippets_calendar_holiday"
BODIES = "wagtailsnippets_directory_statebody"
AUDIT = "audit_trail:index"


def login(client, *role_names):
    user = UserFactory(roles=role_names)
    client.force_login(user)
    return user


def test_the_data_migration_creates_every_declared_role():
    migration = importlib.import_module("workflows.accounts.migrations.0002_create_roles")
    assert migration.ROLE_NAMES == [role.name for role in roles.ROLES]
    assert set(Group.objects.values_list("name", flat=True)) >= set(migration.ROLE_NAMES)


@pytest.mark.parametrize("role", roles.ROLES, ids=lambda role: role.name)
def test_each_role_holds_its_declared_permissions(role):
    group = Group.objects.get(name=role.name)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert set(role.permissions) <= held


@pytest.mark.parametrize("role", roles.ROLES, ids=lambda role: role.name)
def test_every_role_reaches_the_admin(client, role):
    login(client, role.name)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_without_a_role_the_admin_is_closed(client):
    client.force_login(UserFactory())
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    client.logout()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_operator_reads_the_calendar_but_cannot_change_it(client):
    login(client, "Operator")
    assert client.get(reverse(f"{HOLIDAYS}:list")).status_code == 200
    response = client.post(
        reverse(f"{HOLIDAYS}:add"), {"date": "2026-12-31", "name_kk": "x", "name_ru": "x", "name_en": "x"}
    )
    assert response.status_code in (302, 403)
    assert not Holiday.objects.filter(date=date(2026, 12, 31)).exists()


def test_coordinator_adds_a_holiday_that_reseeding_will_keep(client):
    login(client, "Onboarding coordinator")
    response = client.post(
        reverse(f"{HOLIDAYS}:add"),
        {
            "date": "2026-12-31",
            "name_kk": "Жыл соңы",
            "name_ru": "Конец года",
            "name_en": "Year end",
            "is_day_off": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    holiday = Holiday.objects.get(date=date(2026, 12, 31))
    assert holiday.source == Source.MANUAL
    from workflows.calendar.working_days import is_working_day

    assert not is_working_day(date(2026, 12, 31))


def test_coordinator_edit_of_a_seeded_holiday_becomes_manual(client):
    login(client, "Onboarding coordinator")
    holiday = Holiday.objects.get(date=date(2026, 12, 16))
    assert holiday.source == Source.PACKAGE
    response = client.post(
        reverse(f"{HOLIDAYS}:edit", args=[holiday.pk]),
        {
            "date": "2026-12-16",
            "name_kk": holiday.name_kk,
            "name_ru": "День Независимости РК",
            "name_en": holiday.name_en,
            "is_day_off": "on",
        },
    )
    assert response.status_code == 302
    holiday.refresh_from_db()
    assert (holiday.source, holiday.name_ru) == (Source.MANUAL, "День Независимости РК")


def test_responsible_person_sees_only_their_own_body(client):
    own, other = StateBodyFactory(name_ru="Своё министерство"), StateBodyFactory(name_ru="Чужое министерство")
    user = login(client, "Body responsible person")
    BodyMembershipFactory(user=user, body=own)
    content = client.get(reverse(f"{BODIES}:list")).content.decode()
    assert "Своё министерство" in content
    assert "Чужое министерство" not in content
    assert other.pk != own.pk
    assert client.get(reverse(f"{HOLIDAYS}:list")).status_code in (302, 403)


def test_coordinator_sees_every_body(client):
    StateBodyFactory(name_ru="Своё министерство"), StateBodyFactory(name_ru="Чужое министерство")
    login(client, "Onboarding coordinator")
    content = client.get(reverse(f"{BODIES}:list")).content.decode()
    assert "Своё министерство" in content and "Чужое министерство" in content


@pytest.mark.parametrize("role", ["Authority viewer", "Senior operator"])
def test_supervisors_and_authorities_read_the_audit_trail(client, role):
    login(client, role)
    assert client.get(reverse(AUDIT)).status_code == 200


@pytest.mark.parametrize("role", ["Operator", "KB editor", "Body responsible person"])
def test_others_do_not_read_the_audit_trail(client, role):
    login(client, role)
    assert client.get(reverse(AUDIT)).status_code in (302, 403)


def test_authority_viewer_cannot_change_anything(client):
    login(client, "Authority viewer")
    response = client.post(
        reverse(f"{HOLIDAYS}:add"), {"date": "2026-12-31", "name_kk": "x", "name_ru": "x", "name_en": "x"}
    )
    assert response.status_code in (302, 403)
    assert not Holiday.objects.filter(date=date(2026, 12, 31)).exists()


def test_kb_editor_edits_pages_and_only_the_reviewer_publishes():
    root = Page.get_first_root_node()

    def page_codenames(name):
        return set(
            GroupPagePermission.objects.filter(group__name=name, page=root).values_list(
                "permission__codename", flat=True
            )
        )

    assert page_codenames("KB editor") == {"add_page", "change_page"}
    assert page_codenames("KB reviewer") == {"add_page", "change_page", "publish_page"}
    assert page_codenames("Operator") == set()
