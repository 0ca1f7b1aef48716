"""Settings for the telephony benchmark's gunicorn: the test settings, persistent connections, and a URLconf
with the baseline view beside the platform's own routes (bench/telephony.py)."""

from ucc_site.settings.test import *  # noqa: F403
from ucc_site.settings.test import DATABASES

ROOT_URLCONF = "bench.telephony_urls"
DATABASES["default"]["CONN_MAX_AGE"] = 60
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
