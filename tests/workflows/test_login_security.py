"""Password guessing is slowed, and the client's address is read through the trusted proxies only
(issue 14, defects 15 and 16)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import UserFactory
from workflows.accounts.client import client_ip

pytestmark = pytest.mark.django_db
PASSWORD = "secret-pass-1414"


def sign_in(client, username, password, address="203.0.113.7", **headers):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(client):
    return client.get(reverse("wagtailadmin_home")).status_code == 200


def test_twenty_wrong_passwords_then_the_right_one_does_not_sign_in(client):
    UserFactory(username="aigul", roles=["Operator"])
    for _attempt in range(20):
        sign_in(client, "aigul", "guess")
    response = sign_in(client, "aigul", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lockout_is_per_user_whatever_the_address(client):
    UserFactory(username="aigul", roles=["Operator"])
    for n in range(5):
        sign_in(client, "aigul", "guess", address=f"198.51.100.{n}")
    assert sign_in(client, "aigul", PASSWORD, address="192.0.2.50").status_code == 429


def test_the_lockout_is_per_address_across_usernames(client):
    UserFactory(username="bolat", roles=["Operator"])
    for n in range(5):
        sign_in(client, f"nobody{n}", "guess")
    assert sign_in(client, "bolat", PASSWORD).status_code == 429
    assert sign_in(client, "bolat", PASSWORD, address="192.0.2.51").status_code == 302  # another address


def test_a_few_mistakes_then_the_right_password_signs_in_and_the_attempts_are_kept(client):
    from axes.models import AccessAttempt, AccessLog

    UserFactory(username="aigul", roles=["Operator"])
    for _attempt in range(3):
        sign_in(client, "aigul", "guess")
    assert AccessAttempt.objects.get(username="aigul").failures_since_start == 3
    assert sign_in(client, "aigul", PASSWORD).status_code == 302
    assert signed_in(client)
    assert AccessLog.objects.filter(username="aigul", ip_address="203.0.113.7").exists()


def test_the_lockout_page_speaks_kazakh(client):
    UserFactory(username="aigul", roles=["Operator"])
    for _attempt in range(5):
        sign_in(client, "aigul", "guess")
    response = sign_in(client, "aigul", PASSWORD, HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 429 and "Кіру бұғатталды" in response.content.decode()


def test_django_admin_is_for_superusers_only(client):
    client.force_login(UserFactory(roles=["Senior operator"], is_staff=True))
    assert client.get("/django-admin/").status_code == 302  # to its login: not allowed in
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get("/django-admin/").status_code == 200


# --- the client's address behind the proxies (defect 16) --------------------------------------------


def request_from(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_proxies_a_forged_header_from_a_direct_client_is_not_trusted(settings):
    settings.UCC_TRUSTED_PROXIES = 0
    assert client_ip(request_from("198.51.100.9", "10.0.0.1")) == "198.51.100.9"


def test_through_two_trusted_hops_the_citizen_is_found_and_what_they_wrote_is_ignored(settings):
    settings.UCC_TRUSTED_PROXIES = 2
    # the citizen forged "1.2.3.4"; the edge proxy appended the citizen, the inner proxy the edge proxy
    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 203.0.113.20, 10.0.0.1")) == "203.0.113.20"
    assert client_ip(request_from("10.0.0.2", "10.0.0.1")) == "10.0.0.2"  # fewer hops than proxies


def test_two_citizens_behind_the_one_proxy_have_their_own_rate_limit(client, settings):
    """Before, every citizen behind the documented proxy shared one bucket of 5 forms an hour."""
    from workflows.appeals.citizen_views import count_sent, over_rate_limit

    settings.UCC_TRUSTED_PROXIES = 1
    settings.UCC_APPEAL_RATE_LIMIT = 2

    def send(request):
        refused = over_rate_limit(request)
        if not refused:
            count_sent(request)
        return refused

    first = [send(request_from("10.0.0.1", "203.0.113.1")) for _n in range(3)]
    second = over_rate_limit(request_from("10.0.0.1", "203.0.113.2"))
    assert first == [False, False, True] and second is False
