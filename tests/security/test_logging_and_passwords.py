"""Issue 21, item 2: password rules (12 characters at least, no common password); failed logins and denied access
logged with the client's address as the proxy saw it; no phone, e-mail or IIN in any log line.

The logs are read where the platform writes them: the console handler of the LOGGING setting (the one that
carries the personal-data mask), not pytest's own capture, which would see the records before the mask.
"""

import io
import logging

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PHONE, EMAIL, IIN = "+7 701 123 45 67", "a.nurlanova@mail.kz", "870412300123"
CLIENT, PROXY = "203.0.113.7", "10.0.0.2"


@pytest.fixture
def platform_log():
    """What the platform's console handler writes during the test."""
    (handler,) = [
        h for h in logging.getLogger().handlers if any(type(f).__name__ == "MaskPersonalDataFilter" for f in h.filters)
    ]
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


@pytest.mark.parametrize("password", ["short-pw1", "elevenchars"])
def test_a_password_shorter_than_twelve_characters_is_refused(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert [error.code for error in refused.value.error_list] == ["password_too_short"]
    assert refused.value.error_list[0].params == {"min_length": 12}


@pytest.mark.parametrize("password", ["password1234", "qwertyuiop123", "1q2w3e4r5t6y"])
def test_a_common_password_is_refused_however_long(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert [error.code for error in refused.value.error_list] == ["password_too_common"]


def test_a_long_uncommon_password_is_accepted():
    assert validate_password("Алматы-1414-көктем") is None


@override_settings(UCC_TRUSTED_PROXIES=1)
def test_a_failed_login_is_logged_with_the_address_the_proxy_saw_and_no_personal_data(client, platform_log):
    UserFactory(username=EMAIL)
    response = client.post(
        "/admin/login/",
        {"username": EMAIL, "password": "wrong password"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"198.51.100.99, {CLIENT}",  # the left entry is the client's own claim: not believed
    )
    assert response.status_code == 200
    text = platform_log.getvalue()
    assert f'ip_address: "{CLIENT}"' in text
    assert "198.51.100.99" not in text and EMAIL not in text
    assert "a***@mail.kz" in text


@override_settings(UCC_TRUSTED_PROXIES=1)
def test_denied_access_is_logged_with_the_address(client, platform_log):
    client.force_login(UserFactory(username="operator-aigerim", roles=["Operator"]))
    refused = client.get("/admin/auditlog/logentry/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    anonymous_api = client.post("/api/telephony/v1/calls/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    assert anonymous_api.status_code == 401
    lines = [line for line in platform_log.getvalue().splitlines() if "access denied" in line]
    assert lines == [
        f"{lines[0].split(' WARNING ')[0]} WARNING workflows.accounts.access access denied: "
        f"GET /admin/auditlog/logentry/ (302) for operator-aigerim from {CLIENT}",
        f"{lines[1].split(' WARNING ')[0]} WARNING workflows.accounts.access access denied: "
        f"POST /api/telephony/v1/calls/ (401) for anonymous from {CLIENT}",  # the API knows tokens, not sessions
    ]


def test_no_phone_email_or_iin_reaches_a_log_line(client, platform_log):
    """A citizen's data through the platform's loggers, Django's request log and a failed login."""
    logging.getLogger("workflows.appeals").info("appeal from %s, %s, IIN %s", PHONE, EMAIL, IIN)
    logging.getLogger("django.request").warning(
        "Bad request: /ru/appeal/?phone=%s&email=%s", PHONE.replace(" ", ""), EMAIL
    )
    client.post("/admin/login/", {"username": PHONE, "password": "wrong password"})
    text = platform_log.getvalue()
    assert text.count("appeal from") == 1 and "Bad request" in text
    digits = "".join(ch for ch in text if ch.isdigit() or ch == "\n")
    for secret in (EMAIL, "77011234567", IIN):
        assert secret not in text and secret not in digits, secret
    assert "*********67" in text and "a***@mail.kz" in text and "**********23" in text
