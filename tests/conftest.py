"""Shared test set-up: the calendar seeded once per session, markers for the real-services lane."""

import os
import shutil

import pytest
from django.conf import settings
from django.db import connection, connections

CHROMIUM = os.environ.get("UCC_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the working-day calendar (2016 through next year) once; every test sees it."""
    from workflows.calendar.seed import refresh_calendar

    with django_db_blocker.unblock():
        refresh_calendar()


@pytest.fixture
def client():
    """A browser that asks for English: the admin follows the browser's language when the user has chosen
    none (Kazakh otherwise), and the tests read the English screens. Public pages follow their /kk/ /ru/ /en/
    prefix whatever the browser asks."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a value cached by an earlier test may name rows rolled back since."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    from workflows.calendar.working_days import clear_cache

    clear_cache()
    yield
    clear_cache()


def pytest_collection_modifyitems(config, items):
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    has_redis = bool(os.environ.get("REDIS_URL"))
    has_chromium = shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM)
    required = os.environ.get("UCC_REQUIRE_SERVICES") == "1" or os.environ.get("CI") == "true"
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="PostgreSQL lane only (DATABASE_URL=postgres://…)"))
        if "redis" in item.keywords and not has_redis:
            item.add_marker(pytest.mark.skip(reason="needs REDIS_URL (second lane)"))
        if "browser" in item.keywords and not has_chromium and not required:
            item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is not installed"))


@pytest.fixture
def browser_page():
    """A page in Debian's chromium, driven by Playwright (which cannot download its own browser here)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page()
        yield page
        browser.close()
        # While Playwright runs, asyncio sees a running loop, so Django keeps the test's database connections
        # apart from the thread's own: closed here, or the test database cannot be dropped at the end.
        connections.close_all()


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"
