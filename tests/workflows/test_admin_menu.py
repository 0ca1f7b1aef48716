"""The shared admin menu pieces (workflows/accounts/admin_menu.py): each role sees the items its permissions
open, in the order the app lists them; a submenu with nothing for the user is not shown."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.admin.menu import admin_menu

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def menu_for(user):
    """The user's top-level menu items by their (English) label."""
    request = RequestFactory().get("/admin/")
    request.user = user
    return {str(item.label): item for item in admin_menu.menu_items_for_request(request)}, request


def labels(submenu, request):
    return [(str(item.label), item.order) for item in submenu.menu.menu_items_for_request(request)]


def test_an_operator_sees_the_appeals_submenu_in_its_order_and_no_telephony():
    menu, request = menu_for(UserFactory(roles=["Operator"]))
    assert labels(menu["Appeals"], request) == [
        ("My queue", 10),
        ("All open", 20),
        ("Due soon", 30),
        ("Overdue", 40),
        ("All appeals", 50),
        ("New appeal from a call", 60),
    ]
    assert [item.icon_name for item in menu["Appeals"].menu.menu_items_for_request(request)] == [
        "user",
        "mail",
        "time",
        "warning",
        "list-ul",
        "plus",
    ]
    assert "Telephony" not in menu and "Onboarding" not in menu


def test_a_senior_operator_sees_the_telephony_items_their_role_opens():
    menu, request = menu_for(UserFactory(roles=["Senior operator"]))
    shown = labels(menu["Telephony"], request)
    assert ("Dashboard", 10) in shown and ("Import call log", 30) in shown
    assert menu["E-mail quarantine"].order == 620


def test_a_coordinator_sees_the_onboarding_board():
    menu, _request = menu_for(UserFactory(roles=["Onboarding coordinator"]))
    assert menu["Onboarding"].order == 610 and "Appeals" not in menu
