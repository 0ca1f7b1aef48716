"""The platform as a newcomer meets it: `make demo` into a fresh directory, then `manage.py serve` (the web
server and a django-q2 cluster, as `make run` starts them), walked in Debian's chromium.

One server for the whole session: building the demo costs half a minute, and every journey works on its own
records of the demo data. The server's log is kept; each journey fails on any error it finds there.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from tests.conftest import CHROMIUM

BASE_DIR = Path(settings.BASE_DIR)
SCREENSHOTS = BASE_DIR / "var" / "screenshots" / "journeys"
# What a person reading the log would call a failure: a logged error, a traceback, a 5xx answer.
LOG_FAILURE = re.compile(r"\bERROR\b|\bCRITICAL\b|Traceback \(most recent call last\)|\" 5\d\d \d+$", re.M)


@dataclass
class Platform:
    url: str
    password: str
    log: Path
    env: dict

    def errors_since(self, offset: int) -> list[str]:
        text = self.log.read_text(errors="replace")[offset:]
        return [line for line in text.splitlines() if LOG_FAILURE.search(line)]

    def log_offset(self) -> int:
        return len(self.log.read_text(errors="replace"))

    def manage(self, *args: str) -> str:
        """A management command against the served database (to read what a journey left behind)."""
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=self.env, capture_output=True, text=True, check=True
        )
        return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _served_database(env: dict):
    """SQLite lane: the file under the fresh var directory. PostgreSQL lane: a database of its own."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        env.pop("DATABASE_URL", None)
        return None
    import psycopg

    name = f"ucc_journeys_{os.getpid()}"  # one per run: two runs (CI, a developer) never share one
    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    env["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))

    def drop():
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return drop


def _served_redis(env: dict):
    """The tests' own Redis database is flushed by every test: the server's broker and cache use the next one."""
    url = os.environ.get("REDIS_URL")
    if url:
        parts = urlsplit(url)
        number = int(parts.path.strip("/") or 0)
        env["REDIS_URL"] = urlunsplit(parts._replace(path=f"/{(number + 1) % 16}"))


def _wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"manage.py serve ended early:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


def _wait_for_queue(platform: Platform, timeout: float = 300) -> None:
    """The demo's first tasks (search-index updates) have run: their errors belong to the first start."""
    probe = "from django_q.brokers import get_broker; print(get_broker().queue_size())"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if platform.manage("shell", "-v", "0", "-c", probe).split()[-1:] == ["0"]:
            time.sleep(3)  # the tasks pulled last finish
            return
        time.sleep(1)
    raise RuntimeError(f"the cluster left tasks queued after {timeout} s:\n{platform.log.read_text()[-3000:]}")


def _running_platform() -> Platform | None:
    """UCC_JOURNEY_VAR: walk a platform already served from that directory (a developer's loop, not CI)."""
    var = os.environ.get("UCC_JOURNEY_VAR")
    if not var:
        return None
    var = Path(var)
    env = {**os.environ, "UCC_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "ucc_site.settings.dev"}
    env.pop("DATABASE_URL", None)
    return Platform(
        url=os.environ["UCC_JOURNEY_URL"],
        password=(var / "admin-password.txt").read_text().strip(),
        log=var / "serve.log",
        env=env,
    )


@pytest.fixture(scope="session")
def platform(tmp_path_factory):
    running = _running_platform()
    if running:
        yield running
        return
    var = tmp_path_factory.mktemp("journey-var")
    env = {**os.environ, "UCC_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "ucc_site.settings.dev"}
    for name in ("UCC_REQUIRE_SERVICES", "PYTEST_CURRENT_TEST"):
        env.pop(name, None)
    drop_database = _served_database(env)
    _served_redis(env)
    log = var / "serve.log"
    with log.open("w") as out:
        subprocess.run(
            ["make", "-s", "demo", f"VAR={var}", f"PY={sys.executable}"],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
        )
    port = _free_port()
    out = log.open("a")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{url}/kk/", process, log)
        served = Platform(url=url, password=(var / "admin-password.txt").read_text().strip(), log=log, env=env)
        _wait_for_queue(served)
        yield served
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        out.close()
        if drop_database:
            drop_database()


@pytest.fixture
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def journey(platform, browser, request):
    """A fresh browser context for one person; at the end, the server's log of this walk must hold no error."""
    walk = Journey(platform, browser, request.node.name)
    yield walk
    walk.close()
    errors = platform.errors_since(walk.started)
    assert not errors, "the server logged errors during this journey:\n" + "\n".join(errors[:40])


class Journey:
    def __init__(self, platform: Platform, browser, name: str):
        self.platform = platform
        self.browser = browser
        self.name = re.sub(r"[^\w.-]+", "-", name.encode("ascii", "ignore").decode())[:80]
        self.started = platform.log_offset()
        self.contexts = []
        self.shots = 0
        self.failures: list[str] = []

    def person(self, language: str = "kk", width: int = 1280):
        """A browser of its own (cookies, language) for one person."""
        context = self.browser.new_context(locale=language, viewport={"width": width, "height": 900})
        self.contexts.append(context)
        page = context.new_page()
        page.on("response", self._server_error)
        return page

    def _server_error(self, response) -> None:
        if response.status >= 500:
            self.failures.append(f"{response.status} {response.url}")

    def sign_in(self, page, username: str) -> None:
        page.goto(f"{self.platform.url}/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", self.platform.password)
        page.locator("form button[type=submit], form input[type=submit]").first.click()
        page.wait_for_url(f"{self.platform.url}/admin/**")

    def shot(self, page, label: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.shots += 1
        page.screenshot(path=str(SCREENSHOTS / f"{self.name}-{self.shots:02d}-{label}.png"), full_page=True)

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        assert not self.failures, f"server errors answered: {self.failures}"
