"""Settings: every profile configured by the environment; the production profile refuses to start half-configured."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

BASE_ENV = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY"}}


def run_check(settings_module, **env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy" if "production" in settings_module else "-v0"],
        env={**BASE_ENV, "DJANGO_SETTINGS_MODULE": settings_module, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    )


def test_system_checks_are_clean():
    call_command("check")


def test_time_and_languages():
    assert settings.TIME_ZONE == "Asia/Almaty" and settings.USE_TZ
    assert settings.LANGUAGE_CODE == "kk"
    assert [code for code, _ in settings.LANGUAGES] == ["kk", "ru", "en"]
    assert settings.WAGTAIL_I18N_ENABLED


def test_django_q_retry_outlasts_its_timeout():
    assert settings.Q_CLUSTER["retry"] > settings.Q_CLUSTER["timeout"]


def test_only_one_fsm_package_is_installed():
    from importlib.metadata import PackageNotFoundError, version

    assert version("django-fsm-2")
    with pytest.raises(PackageNotFoundError):
        version("django-fsm")


def test_dev_profile_runs_on_the_embedded_default():
    result = run_check("ucc_site.settings.dev")
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_a_secret():
    result = run_check("ucc_site.settings.production", ALLOWED_HOSTS="ucc.example.kz")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_sqlite():
    result = run_check(
        "ucc_site.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="ucc.example.kz",
        REDIS_URL="redis://h:6379/0",
    )
    assert result.returncode != 0
    assert "Production runs on PostgreSQL" in result.stderr


def test_an_unknown_search_backend_is_a_clear_error():
    result = run_check("ucc_site.settings.dev", UCC_SEARCH_BACKEND="solr")
    assert result.returncode != 0
    assert "UCC_SEARCH_BACKEND must be one of" in result.stderr
