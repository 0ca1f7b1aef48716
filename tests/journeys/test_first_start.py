"""A newcomer's first `make run`: the demo loads, the server and the cluster start, and the log is clean."""

import re
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.browser


def test_a_first_start_logs_no_error(platform):
    """Issue 14, defect 5: the cluster's first search-index updates failed on a unique constraint."""
    errors = platform.errors_since(0)
    assert not errors, "the first start logged:\n" + "\n".join(errors[:40])


def test_a_missing_page_is_the_platforms_own_404_not_djangos_pattern_list(platform):
    """Issue 14, defect 4: `make run` ran with DEBUG on and answered a wrong address with every URL pattern."""
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{platform.url}/kk/no-such-page/", timeout=10)
    body = missing.value.read().decode()
    assert missing.value.code == 404
    assert "Бет табылмады" in body and "Страница не найдена" in body
    assert "URLconf" not in body and "Using the URLconf" not in body
    debug = platform.manage("shell", "-v", "0", "-c", "from django.conf import settings; print(settings.DEBUG)")
    assert debug.strip() == "False"


def test_without_debug_the_admin_still_has_its_styles_and_scripts(platform):
    """Static files come through whitenoise from the apps' folders, with no collectstatic step."""
    page = urllib.request.urlopen(f"{platform.url}/admin/login/", timeout=10).read().decode()
    styles = re.findall(r'href="(/static/[^"]+\.css[^"]*)"', page)
    assert styles
    for address in styles[:3]:
        assert urllib.request.urlopen(platform.url + address, timeout=10).status == 200
