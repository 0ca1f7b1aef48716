"""Issue 21, item 1: the production profile passes Django's deployment checks, and every answer carries the
browser's defences: HSTS, X-Frame-Options DENY, a Content-Security-Policy without inline scripts, Referrer-Policy,
secure cookies. And item 5's `/healthz` for the load balancer."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from tests.factories import UserFactory

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "ucc_site.settings.production",
    "SECRET_KEY": "a-production-secret-of-fifty-and-more-characters-0123456789-abcdef",
    "ALLOWED_HOSTS": "1414.example.kz",
    # Nothing connects: the deployment checks read settings only.
    "DATABASE_URL": "postgres://ucc@127.0.0.1:1/ucc",
    "REDIS_URL": "redis://127.0.0.1:1/0",
}
SETTINGS_PRINTED = (
    "import json, ucc_site.settings.production as s; print(json.dumps({name: getattr(s, name) for name in "
    "['SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', "
    "'CSRF_COOKIE_SECURE', 'X_FRAME_OPTIONS', 'SECURE_REFERRER_POLICY']}))"
)


def production(args, **extra):
    # Not the test run's own database and Redis, nor the async-safety switch the browser tests set for Playwright
    # (a production process never has it: `check --deploy` rightly refuses it, async.E001).
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS_")) and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, *args],
        env={**env, **PRODUCTION_ENV, **extra},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_finds_nothing_in_the_production_profile():
    done = production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_hsts_is_a_year_by_default_and_a_first_deployment_may_lower_it():
    default = json.loads(production(["-c", SETTINGS_PRINTED]).stdout)
    assert default == {
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "same-origin",
    }
    lowered = json.loads(production(["-c", SETTINGS_PRINTED], SECURE_HSTS_SECONDS="300").stdout)
    assert lowered["SECURE_HSTS_SECONDS"] == 300


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


def nonce_of(response) -> str:
    (source,) = [s for s in policy_of(response)["script-src"] if s.startswith("'nonce-")]
    return source[len("'nonce-") : -1]


@pytest.mark.django_db
def test_a_public_page_forbids_inline_scripts_and_framing(client):
    from cms.home.demo import load_demo_pages

    load_demo_pages()
    response = client.get("/ru/")
    assert response.status_code == 200
    policy = policy_of(response)
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce_of(response)}'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"] and policy["base-uri"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    # The public pages need no inline script: a cached page stays valid under any request's nonce.
    html = response.content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert not re.search(r"\son[a-z]+=", html), "no event-handler attributes either"
    assert client.get("/ru/").get("Content-Security-Policy") != response["Content-Security-Policy"], "a fresh nonce"


@pytest.mark.django_db
def test_the_admin_inline_scripts_carry_the_nonce_of_their_answer(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/admin/snippets/calendar/holiday/add/")
    assert response.status_code == 200
    html = response.content.decode()
    nonce = nonce_of(response)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    executable = [attrs for attrs in inline if "application/json" not in attrs and "text/template" not in attrs]
    assert executable, "the date picker's initialisation is inline"
    assert all(f'nonce="{nonce}"' in attrs for attrs in executable), executable
    assert f'<script nonce="{nonce}">initDateChooser(' in html


@pytest.mark.django_db
def test_wagtail_preview_may_be_framed_by_the_admin_only(client):
    from cms.home.demo import load_demo_pages
    from cms.home.models import HomePage

    load_demo_pages()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    home = HomePage.objects.filter(locale__language_code="ru").first()
    response = client.get(f"/admin/pages/{home.pk}/edit/preview/")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert policy_of(response)["frame-ancestors"] == ["'self'"]


@override_settings(UCC_CSP_REPORT_ONLY=True)
def test_a_trial_deployment_only_reports_violations(client):
    response = client.get("/healthz")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy-Report-Only"]


@pytest.mark.django_db
def test_healthz_answers_200_json_when_the_database_cache_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: the connection is refused


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_is_unreachable(client):
    with override_settings(CACHES={"default": {"BACKEND": "ucc_site.cache.RedisCache", "LOCATION": UNREACHABLE_REDIS}}):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"] == {"database": "ok", "cache": "failed: ConnectionError", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_unreachable(client):
    with override_settings(Q_CLUSTER={**settings.Q_CLUSTER, "redis": UNREACHABLE_REDIS}):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "failed: ConnectionError"
    assert "127.0.0.1" not in response.content.decode(), "no address in the answer"
