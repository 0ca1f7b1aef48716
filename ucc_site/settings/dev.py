"""The embedded default for `make run`: a local secret, SQLite unless DATABASE_URL says otherwise, and the
platform's own pages. DEBUG stays off (a newcomer meets the three-language 404 and 500 pages, not Django's
technical page with every URL pattern); `DEBUG=1 make run` turns the technical pages on for a developer.
Static files come from the apps' folders through whitenoise, uploads through `UCC_SERVE_MEDIA`."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True  # no collectstatic needed: whitenoise reads the apps' static folders
WHITENOISE_AUTOREFRESH = True  # an edited stylesheet is served at once, as runserver would
UCC_SERVE_MEDIA = True  # uploads (image renditions) from MEDIA_ROOT; production leaves that to the web server
