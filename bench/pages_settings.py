"""Settings for bench/pages.py: the test profile with the page cache on and a URL for a bare Django view."""

from ucc_site.settings.test import *  # noqa: F403
from ucc_site.settings.test import LOGGING

ROOT_URLCONF = "bench.pages_urls"
UCC_PAGE_CACHE_SECONDS = 300
LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}
