"""Accounts in the admin: demo people with names, the language saved by a user who has none, the login
page in Kazakh (issue 14, defect 6)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.factories import StateBodyFactory, UserFactory
from workflows.accounts.models import BodyMembership
from workflows.accounts.selectors import KB_EDITOR, users_with_role
from workflows.accounts.services import DEMO_NAMES, create_demo_users
from workflows.accounts.signals import demo_user_ready
from workflows.directory import receivers

pytestmark = pytest.mark.django_db


def account_form(client):
    """The Account screen's fields as the browser would post them back, unchanged."""
    page = client.get(reverse("wagtailadmin_account"))
    data = {}
    for panel_form in page.context["panels_by_tab"].values():
        for panel in panel_form:
            form = panel.get_form()
            for field in form:
                value = field.value()
                if value is not None and not getattr(field.field.widget, "input_type", "") == "file":
                    data[field.html_name] = value
    return data


def test_a_user_without_names_switches_the_admin_to_kazakh(client):
    user = UserFactory(username="first-admin", is_superuser=True, first_name="", last_name="")
    client.force_login(user)
    data = account_form(client)
    data["locale-preferred_language"] = "kk"
    response = client.post(reverse("wagtailadmin_account"), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert UserProfile.get_for_user(user).preferred_language == "kk"


def test_demo_users_have_names_and_a_second_run_names_those_made_before():
    create_demo_users(password="demo-pass-14141414")
    User = get_user_model()
    assert (User.objects.get(username="operator").first_name, User.objects.get(username="operator").last_name) == (
        "Айгүл",
        "Серікова",
    )
    User.objects.filter(username="editor").update(first_name="", last_name="")
    create_demo_users(password="demo-pass-14141414")
    assert User.objects.get(username="editor").get_full_name() == " ".join(DEMO_NAMES["editor"])


def test_the_demo_responsible_person_speaks_for_the_first_central_body():
    StateBodyFactory(code="b-ministry-of-justice")
    first = StateBodyFactory(code="a-ministry-of-finance")
    create_demo_users(password="demo-pass-14141414")
    assert [(m.user.username, m.body) for m in BodyMembership.objects.all()] == [("responsible", first)]


def test_demo_users_are_made_with_nobody_giving_them_a_body():
    """Issue 15: accounts imports no directory; without the directory's receiver nobody gets a body."""
    StateBodyFactory()
    demo_user_ready.disconnect(dispatch_uid="directory.demo_body")
    try:
        names = create_demo_users(password="demo-pass-14141414")
    finally:
        demo_user_ready.connect(receivers.give_demo_body, dispatch_uid="directory.demo_body")
    assert "responsible" in names and not BodyMembership.objects.exists()


def test_the_login_page_asks_for_the_password_in_kazakh(client):
    content = client.get(reverse("wagtailadmin_login"), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Құпиясөз" in content and ">Password" not in content


def test_the_holders_of_a_role_are_its_active_users():
    """What cms reads of the roles (issue 15): the KB editors told of an article to review."""
    editor = UserFactory(username="editor", roles=[KB_EDITOR])
    UserFactory(username="former", roles=[KB_EDITOR], is_active=False)
    UserFactory(username="operator", roles=["Operator"])
    assert list(users_with_role(KB_EDITOR)) == [editor]
