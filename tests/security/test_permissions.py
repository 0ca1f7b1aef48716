"""Issue 21, item 2: every admin URL and API endpoint, as every role and anonymously, against the expected-access
table (tests/security/access_table.py), generated from the URL conf: a URL name missing from the table fails,
so a new screen cannot land without a permission.

Each identity is refused wherever the table does not name it (401, 403, the login, Wagtail's "no permission");
where it does, one identity (the first the table names) is checked to get in on the platform's own screens (a
refusal costs a redirect, an admitted request a whole screen; Wagtail's and Django's own screens are theirs to
test, only their refusals are ours). Sessions live in signed cookies here, so a refusal writes no session row.
A 404 counts as neither: the made-up record ids name nothing,
and a view that looks its record up before its permission check answers 404 to everyone, showing nothing.
"""

import pytest
from django.test import Client, override_settings

from tests.factories import UserFactory
from tests.security.access_table import ACCESS, IDENTITIES, ORM_BROKER_ONLY
from tests.security.url_access import IDENTITIES as ROLES_OF
from tests.security.url_access import METHODS, address_of, outcome, url_names

pytestmark = pytest.mark.django_db
# Wagtail's own "test the error page" screen (/admin/failwhale/) raises on purpose for whoever gets in.
RAISES_ON_PURPOSE = {"wagtailadmin_error_test"}


def test_every_url_name_of_the_url_conf_is_in_the_access_table():
    names = set(url_names())
    assert sorted(names - set(ACCESS)) == [], "new URLs: say who may open them in tests/security/access_table.py"
    gone = set(ACCESS) - names - ORM_BROKER_ONLY
    assert sorted(gone) == [], "URLs gone from the URL conf: remove them from the table"
    assert all(address_of(name, pattern) for name, pattern in url_names().items())


def signed_in_as(identity):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    roles = ROLES_OF[identity]
    if roles == "superuser":
        user = UserFactory(username="access-superuser", is_superuser=True, is_staff=True)
    elif roles is not None:
        user = UserFactory(username=f"access-{identity.replace(' ', '-')}", roles=roles)
    else:
        return client, None
    client.force_login(user)
    return client, user


def own_screen(pattern):
    module = getattr(pattern.callback, "__module__", "") or ""
    return module.startswith(("ucc_site", "cms", "workflows"))


def first_admitted(allowed):
    return next((identity for identity in IDENTITIES if identity in allowed), None)


@override_settings(
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
    MESSAGE_STORAGE="django.contrib.messages.storage.cookie.CookieStorage",
)
@pytest.mark.parametrize("identity", IDENTITIES)
def test_each_url_admits_exactly_the_identities_of_the_table(identity):
    client, user = signed_in_as(identity)
    wrong = []
    for name, pattern in sorted(url_names().items()):
        allowed = ACCESS.get(name, frozenset())
        admitted = identity in allowed
        if admitted and (first_admitted(allowed) != identity or not own_screen(pattern)):
            continue  # checked once, as the first identity the table admits, on the platform's own screens
        address = address_of(name, pattern)
        response = getattr(client, METHODS.get(name, "get"))(address)
        got = outcome(response)
        if "logout" in name and user is not None:
            client.force_login(user)
        if admitted:
            ok = got in ("in", "missing") or (got == "error" and name in RAISES_ON_PURPOSE)
        else:
            ok = got in ("out", "missing")
        if not ok:
            wrong.append(f"{name} {address}: {response.status_code} ({got}), expected {'in' if admitted else 'out'}")
    assert wrong == [], f"as {identity}:\n" + "\n".join(wrong)
