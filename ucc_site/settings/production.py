"""Production: PostgreSQL (DATABASE_URL), Redis (REDIS_URL) for cache and the django-q2 broker,
gunicorn in front, static files from whitenoise. Every secret comes from the environment."""

from .base import *  # noqa: F403
from .base import DATABASES
from .env import env_bool, env_int, env_required

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
env_required("ALLOWED_HOSTS")
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL=postgres://…")
env_required("REDIS_URL")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
UCC_TRUSTED_PROXIES = env_int("UCC_TRUSTED_PROXIES", 1)  # the documented nginx in front of gunicorn
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
# HSTS for a year by default; a first deployment lowers it (SECURE_HSTS_SECONDS=300) until HTTPS is known to work,
# since browsers remember it for that long. The header says includeSubDomains and preload (as `check --deploy`
# asks); the domain joins browsers' preload list only when its owner submits it.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# The load balancers ask over plain HTTP on the private network: /healthz is never redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
