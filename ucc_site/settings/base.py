"""Settings shared by every profile; each value a deployment may change comes from the environment.

The embedded default (no variables set) is SQLite, the django-q2 ORM broker, a local-memory cache and
Wagtail's database search, so `make run` works on a laptop with nothing else installed.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env_str("UCC_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # the platform's own apps
    "ucc_site",
    "ucc_site.wagtail_kk",
    "workflows.accounts",
    "workflows.calendar",
    "workflows.configuration",
    "workflows.notifications",
    "workflows.lists",
    "workflows.directory",
    "workflows.registry",
    "workflows.onboarding",
    "workflows.appeals",
    "workflows.telephony",
    "workflows.mailintake",
    "workflows.authorities",
    "workflows.ict",
    "workflows.interruptions",
    "workflows.stages",
    "workflows.reports",
    "workflows.webforms",
    "workflows.webhooks",
    "cms.home",
    "cms.knowledge",
    "cms.services",
    "cms.search",
    # Wagtail and its i18n
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    # processes, schedules, import/export and audit
    "django_fsm",
    "django_q",
    "import_export",
    "auditlog",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A Content-Security-Policy on every answer, cached pages included (ucc_site/csp.py); outside the page cache.
    "ucc_site.csp.ContentSecurityPolicyMiddleware",
    # /healthz for the load balancer: the database, the cache and the broker, before anything needs them.
    "ucc_site.health.HealthCheckMiddleware",
    # Refusals (401, 403, Wagtail's "no permission") logged with the client's address (accounts/access_log.py).
    "workflows.accounts.access_log.DeniedAccessLogMiddleware",
    # The phone system's API goes straight to its views: none of the rest is for it (workflows/telephony).
    "workflows.telephony.middleware.TelephonyAPIMiddleware",
    # The operators' screen-pop polls that get "no call" / "the same call": one query, nothing personal.
    "workflows.telephony.middleware.ScreenPopMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole public pages for anonymous visitors, before sessions and the database (cms/search/page_cache.py).
    "cms.search.page_cache.AnonymousPageCacheMiddleware",
    # Wagtail's site of the request from the cache, not a query per page view (cms/home/sites.py).
    "cms.home.sites.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Locked-out logins answer here (django-axes): last, after authentication.
    "axes.middleware.AxesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "ucc_site.urls"
WSGI_APPLICATION = "ucc_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],  # ucc_site is the first installed app: its templates/ win, and are found once (not twice)
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
# DATABASE_URL, e.g. postgres://user:pass@host:5432/ucc; SQLite file under var/ by default.
# django-q2's ORM broker polls the database: without persistent connections PostgreSQL manages
# ~100 tasks/s here, with them ~380, so connections are kept (DB_CONN_MAX_AGE seconds).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web server, the django-q cluster's processes (the ORM broker polls and writes the queue) and their
    # tasks share SQLite's one writer. A transaction begun DEFERRED that reads and then writes is refused
    # at once ("database is locked", whatever the timeout) when another process holds the write lock;
    # begun IMMEDIATE it waits for the lock up to `timeout` seconds (SQLite's busy timeout). WAL lets
    # readers go on while one process writes (a no-op for the tests' in-memory database).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
# DATABASE_REPLICA_URL: a PostgreSQL streaming replica of the primary, for the reads of the reports, the
# dashboards and the exports (workflows/replica.py); without it everything reads the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
    DATABASE_ROUTERS = ["workflows.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache and broker ------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ucc_site.cache.RedisCache",  # Django's, without a new client per command
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "ucc"),
        }
    }
else:
    # Shared by the web server and the django-q cluster on one machine (import progress, for one).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

Q_CLUSTER = {
    "name": env_str("Q_CLUSTER_NAME", "ucc"),
    "workers": env_int("Q_WORKERS", 2),
    "timeout": env_int("Q_TIMEOUT", 300),
    # django-q2 requires retry > timeout, otherwise a long task is handed out twice.
    "retry": env_int("Q_RETRY", env_int("Q_TIMEOUT", 300) + 60),
    "max_attempts": 3,
    "queue_limit": 50,
    "bulk": 10,
    # Issue 21: django-q2's default (250) prunes the results after every task, in the cluster's one monitor:
    # a transaction locking the 250 newest results and deleting one, the clusters' monitors queuing on
    # the same rows. Results are kept instead and pruned daily (ucc_site/queue.py, UCC_Q_KEEP_DAYS).
    "save_limit": 0,
    # Two INFO lines a task ("processing", "processed"), each through the personal-data mask; failures
    # are logged at ERROR whatever this says.
    "log_level": env_str("Q_LOG_LEVEL", "WARNING"),
    "catch_up": False,
    "label": "Tasks",
    # Workers may have children: a long report's PDF is laid out by several processes (workflows/reports/pdf.py).
    "daemonize_workers": False,
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
    Q_CLUSTER["broker_class"] = "ucc_site.queue.RedisBroker"  # one Redis client per process
else:
    Q_CLUSTER["orm"] = "default"
    Q_CLUSTER["broker_class"] = "ucc_site.queue.OrmBroker"  # a bulk claimed in one statement on PostgreSQL
# Successful task results are kept this many days, then deleted by a daily schedule (ucc_site/queue.py).
UCC_Q_KEEP_DAYS = env_int("UCC_Q_KEEP_DAYS", 7)

# --- auth -------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
WAGTAILADMIN_USER_LOGIN_FORM = "workflows.accounts.account.LoginForm"  # the password's label translated

# How many proxies stand in front of the web processes (0: clients connect directly). Their X-Forwarded-For
# gives the client's address for the public form's rate limit and the login lockout (workflows/accounts/client.py).
UCC_TRUSTED_PROXIES = env_int("UCC_TRUSTED_PROXIES", 0)

# Password guessing (django-axes): after 5 failures a username, and separately an address, is locked out for
# 30 minutes; a success clears that user's count. Every attempt is kept (AccessAttempt, AccessLog) and logged.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("UCC_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("UCC_LOGIN_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "workflows.accounts.client.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Failed logins are logged with the client's address and the username tried (axes hides both by default);
# an e-mail or phone typed as a username is masked by the logging filter below, like any other.
AXES_SENSITIVE_PARAMETERS = []

# --- browser security (issue 21, item 1) -------------------------------------------------------
# No page may be framed by another site, nor by the site itself, except Wagtail's preview (its views say SAMEORIGIN).
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# The Content-Security-Policy (ucc_site/csp.py): report-only for a trial, extra sources per directive.
UCC_CSP_REPORT_ONLY = env_bool("UCC_CSP_REPORT_ONLY", False)
UCC_CSP_EXTRA = {}
SESSION_COOKIE_HTTPONLY = True

# --- languages and time -----------------------------------------------------------------------
# Kazakh is the citizens' default; Russian and English follow (paths /kk/, /ru/, /en/).
LANGUAGE_CODE = "kk"
LANGUAGES = [
    ("kk", "Қазақша"),
    ("ru", "Русский"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
FORMAT_MODULE_PATH = ["ucc_site.formats"]  # DD.MM.YYYY typed and shown, ISO accepted (ucc_site/formats)
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Almaty has kept UTC+5 since 2024-03-01; ucc_site.checks refuses tz data that does not know it.
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

# --- static and media -------------------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- e-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "support@goscorp.kz")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "1414 — Бірыңғай байланыс орталығы"
# The admin's date pickers write and show DD.MM.YYYY, which every language's DATE_INPUT_FORMATS reads.
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The address the headless API writes into detail_url, html_url and download_url; unset, the request's own host
# (ucc_site/api.py). Production sets it to the public address behind the proxy.
WAGTAILAPI_BASE_URL = env_str("WAGTAILAPI_BASE_URL", "") or None
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx", "zip", "eml"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# No calls to outside services from the admin (Gravatar): users' e-mails are personal data.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor to Wagtail's release feed from every dashboard (the CSP's connect-src 'self' blocks it anyway); upgrades are ours.
WAGTAIL_ENABLE_UPDATE_CHECK = False

# UCC_SEARCH_BACKEND picks the search engine: "database" (the embedded default) or
# "opensearch" (scale-out; UCC_SEARCH_URL points at the cluster).
UCC_SEARCH_BACKEND = env_str("UCC_SEARCH_BACKEND", "database")
_SEARCH_BACKENDS = {
    "database": {"BACKEND": "wagtail.search.backends.database"},
    "opensearch": {
        "BACKEND": "wagtail.search.backends.opensearch2",
        "URLS": env_list("UCC_SEARCH_URL", ["http://127.0.0.1:9200"]),
        "INDEX": env_str("UCC_SEARCH_INDEX", "ucc"),
        "TIMEOUT": 5,
    },
}
if UCC_SEARCH_BACKEND not in _SEARCH_BACKENDS:
    raise ImproperlyConfigured(
        f"UCC_SEARCH_BACKEND must be one of {sorted(_SEARCH_BACKENDS)}, got {UCC_SEARCH_BACKEND!r}"
    )
WAGTAILSEARCH_BACKENDS = {"default": _SEARCH_BACKENDS[UCC_SEARCH_BACKEND]}
# Wagtail's own index (the admin's page search and choosers) is updated for pages by the django-q cluster
# after the commit, not in the editor's request; Wagtail's other tasks run at once (cms/search/task_backends.py).
TASKS = {"default": {"BACKEND": "cms.search.task_backends.QueuedPageIndexBackend"}}

# --- audit ------------------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
# A raw save is Django restoring rows, not anyone changing them: the test database's serialized rollback
# (and `loaddata`) re-inserts rows of audited models, and an entry logged then made a content type ahead of the
# restored ones (UNIQUE failed on django_content_type once a migration seeded audited rows, the ICT terms).
AUDITLOG_DISABLE_ON_RAW_SAVE = True

# --- the platform -----------------------------------------------------------------------------
# How often (seconds) a process asks whether another process edited the working-day calendar.
UCC_CALENDAR_RECHECK_SECONDS = env_int("UCC_CALENDAR_RECHECK_SECONDS", 5)
# Anonymous public pages are cached this long (seconds; 0 turns the page cache off); publishing purges them.
UCC_PAGE_CACHE_SECONDS = env_int("UCC_PAGE_CACHE_SECONDS", 300)
# The first and last years seeded from the `holidays` package (last: next year by default).
UCC_CALENDAR_FIRST_YEAR = 2016
# Appeals (paras 7-11): the group whose queue new appeals join; the public form's bot and rate limits.
UCC_APPEALS_DEFAULT_QUEUE = env_str("UCC_APPEALS_DEFAULT_QUEUE", "Operator")
# Issue 19: an open appeal nobody has taken for this long is reported to the supervisors (once).
UCC_APPEAL_UNASSIGNED_MINUTES = env_int("UCC_APPEAL_UNASSIGNED_MINUTES", 60)
# Processes that lay out a long report's PDF side by side (0: one per core); see workflows/reports/pdf.py.
UCC_REPORT_PDF_PROCESSES = env_int("UCC_REPORT_PDF_PROCESSES", 0)
UCC_APPEAL_MIN_FILL_SECONDS = env_int("UCC_APPEAL_MIN_FILL_SECONDS", 3)
UCC_APPEAL_RATE_LIMIT = env_int("UCC_APPEAL_RATE_LIMIT", 5)  # forms per IP address …
UCC_APPEAL_RATE_WINDOW = env_int("UCC_APPEAL_RATE_WINDOW", 3600)  # … per this many seconds
# Issue 20, item 7: an outgoing webhook's endpoint must answer within this many seconds (else: retried later).
UCC_WEBHOOK_TIMEOUT_SECONDS = env_int("UCC_WEBHOOK_TIMEOUT_SECONDS", 10)
# Issue 19, item 6: an appeal of the same applicant within this many calendar days may be a duplicate.
UCC_APPEAL_DUPLICATE_DAYS = env_int("UCC_APPEAL_DUPLICATE_DAYS", 30)
# Issue 19, item 7: files with the public form and the answer — at most this many, each at most this big.
UCC_APPEAL_ATTACHMENT_MAX_FILES = env_int("UCC_APPEAL_ATTACHMENT_MAX_FILES", 5)
UCC_APPEAL_ATTACHMENT_MAX_BYTES = env_int("UCC_APPEAL_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# Paras 9, 17: "Was this page useful?" answers per IP address per window (cms/knowledge/views.py)
UCC_FEEDBACK_RATE_LIMIT = env_int("UCC_FEEDBACK_RATE_LIMIT", 10)
UCC_FEEDBACK_RATE_WINDOW = env_int("UCC_FEEDBACK_RATE_WINDOW", 3600)
# E-mail intake (para 8): a Maildir folder by default (offline), IMAP when UCC_MAIL_IMAP_HOST is set.
UCC_MAIL_MAILDIR = Path(env_str("UCC_MAIL_MAILDIR", str(VAR_DIR / "mail" / "inbox")))
UCC_MAIL_IMAP_HOST = env_str("UCC_MAIL_IMAP_HOST", "")
UCC_MAIL_IMAP_PORT = env_int("UCC_MAIL_IMAP_PORT", 993)
UCC_MAIL_IMAP_SECURITY = env_str("UCC_MAIL_IMAP_SECURITY", "ssl")  # ssl (993), starttls (143) or none (tests)
UCC_MAIL_IMAP_FOLDER = env_str("UCC_MAIL_IMAP_FOLDER", "INBOX")
UCC_MAIL_IMAP_PROCESSED_FOLDER = env_str("UCC_MAIL_IMAP_PROCESSED_FOLDER", "")  # empty: flag only, do not move
UCC_MAIL_IMAP_USER = env_str("UCC_MAIL_IMAP_USER", "")
UCC_MAIL_IMAP_PASSWORD = env_str("UCC_MAIL_IMAP_PASSWORD", "")
UCC_MAIL_BATCH = env_int("UCC_MAIL_BATCH", 500)  # messages per run of the every-minute task
UCC_MAIL_COMMIT_EVERY = env_int("UCC_MAIL_COMMIT_EVERY", 50)  # Maildir messages committed together
UCC_MAIL_MAX_ATTACHMENT_BYTES = env_int("UCC_MAIL_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)
UCC_MAIL_OWN_ADDRESSES = env_list("UCC_MAIL_OWN_ADDRESSES", [DEFAULT_FROM_EMAIL])  # mail from these is a loop
UCC_MAIL_MESSAGE_ID_DOMAIN = env_str("UCC_MAIL_MESSAGE_ID_DOMAIN", DEFAULT_FROM_EMAIL.rpartition("@")[2])
# Para 35: mail to these addresses (on the same mailbox) is an ICT request of a body, not an appeal (workflows/ict).
ICT_MAIL_ADDRESSES = env_list("ICT_MAIL_ADDRESSES", [])
UCC_MAIL_ATTACHMENT_GROUPS = ["Operator", "Senior operator"]  # who may open e-mail attachments

# Telephony (paras 7, 13): how long a rating link in an answer e-mail stays valid (seconds).
UCC_RATING_LINK_MAX_AGE = env_int("UCC_RATING_LINK_MAX_AGE", 30 * 24 * 3600)
# … and how long a process trusts a phone system's token it has checked (seconds; deactivation takes this long).
UCC_TELEPHONY_TOKEN_CACHE_SECONDS = env_int("UCC_TELEPHONY_TOKEN_CACHE_SECONDS", 5)
# How long a web process trusts a screen-pop session it checked (workflows/telephony/screen_pop.py): a user
# logged out or refused within that time still hears "no call" (never a caller's data) until it runs out.
UCC_SCREEN_POP_AUTH_CACHE_SECONDS = env_int("UCC_SCREEN_POP_AUTH_CACHE_SECONDS", 5)

# --- logging: personal data (phones, e-mails) is masked in every record -----------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "workflows.accounts.logging.MaskPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_personal_data"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail 8 reports every search-index and reference-index task at INFO.
        "django_tasks": {"level": "WARNING"},
    },
}

# Para 4.5: the period of the digest of ICT appeals to the ICI operator and the bodies, in days (a week).
# Para 29: an application whose stage has not changed for this many days is shown as stale (workflows/stages).
UCC_STAGES_STALE_DAYS = env_int("UCC_STAGES_STALE_DAYS", 3)
UCC_STAGES_MAX_BATCH = env_int("UCC_STAGES_MAX_BATCH", 500)  # stages in one push of the monitoring system
UCC_ICT_DIGEST_DAYS = env_int("UCC_ICT_DIGEST_DAYS", 7)
