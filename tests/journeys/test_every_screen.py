"""Every screen of every role's menu, opened in Kazakh: it answers, and its interface is Kazakh.

The walk found English on screens no unit test looked at: the password rules on "My account", "1-8 of 8"
over every page list, "0 minutes ago", "True" on the holiday list, the registry imports' column names,
the audit trail's filter listing Wagtail's internal models. The records on a screen (table cells, the
fields' values) are data and may be in any language; what the interface says may not.
"""

import pytest

from tests.i18n import english_words, interface_text

pytestmark = pytest.mark.browser

ROLES = ["operator", "supervisor", "editor", "reviewer", "coordinator", "responsible", "authority", "admin"]
# Text on a screen that is data, quoted as such: the CSV header a phone system's file must carry.
DATA = ["call_id,started_at,line,caller_number,wait_seconds,talk_seconds,operator,recording_reference,appeal"]
# Wagtail's own English that no catalogue can reach: its Sites list labels three columns from the field names
# (`Column("site_name")` in wagtail/sites/views.py), not from their translated verbose names. Superusers only.
WAGTAIL_UNTRANSLATABLE = {"/admin/sites/": {"Site", "name", "page"}}


def menu_addresses(page) -> list[str]:
    found = []
    for link in page.locator("aside a, nav a, main a").all():
        href = (link.get_attribute("href") or "").split("#")[0]
        if href.startswith("/admin/") and "logout" not in href and href not in found:
            found.append(href)
    return found


@pytest.mark.parametrize("role", ROLES)
def test_every_screen_of_the_menu_is_in_kazakh(journey, role):
    page = journey.person("kk")
    journey.sign_in(page, role)
    addresses = menu_addresses(page)
    assert len(addresses) >= 5
    problems = []
    for address in addresses:
        response = page.goto(journey.platform.url + address)
        if response.status != 200:
            problems.append(f"{address}: {response.status}")
            continue
        text = interface_text(page)
        for quoted in DATA:
            text = text.replace(quoted, " ")
        words = sorted(set(english_words(text)) - WAGTAIL_UNTRANSLATABLE.get(address, set()))
        if words:
            problems.append(f"{address}: {words}")
    journey.shot(page, "last-screen")
    assert not problems, f"{role} in Kazakh:\n" + "\n".join(problems)
