"""Public pages under load: gunicorn with 2 workers, load from a second process (wrk) on loopback, against
baselines measured in the same run.

    python bench/pages.py [--seconds 8] [--connections 8] [--rounds 3]     (DATABASE_URL/REDIS_URL as for the site)

Measured, each for --seconds after a warm-up:
- bare:      a Django view returning a fixed page of ~10 kB through the whole middleware stack (baseline 1)
- cached:    a public StandardPage and a ServicePage for anonymous visitors, from the page cache
- uncached ServicePage: the service page rendered each time (a query string bypasses the cache)
- stock Wagtail page:   a StandardPage (Wagtail's own serve() and template, a StreamField body), uncached
  (baseline 2)
Targets (issue 5): cached ≥ 0.6 × bare with p99 ≤ 20 ms; uncached ServicePage ≥ 1.6 × the stock page. The two
uncached pages are measured in turns (--rounds), so that the machine's load during the run weighs on both.
A fresh SQLite database in a temporary folder is used unless DATABASE_URL is set; the page cache is the
site's (local memory per worker without REDIS_URL, Redis with it).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
sys.path.insert(0, ROOT)

import argparse  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

TMP = tempfile.mkdtemp(prefix="ucc-bench-pages-")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.pages_settings"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/db.sqlite3")
os.environ["UCC_VAR_DIR"] = TMP


def build_site():
    """The site of the search and page-cache tests (tests/cms/search_pages.py), its standard page twenty
    paragraphs long (about the ~10 kB of the bare page); the addresses of that page and of the service page."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from tests.cms.search_pages import build_site as build_test_site

    pages = build_test_site(paragraphs=20)
    return pages["centres"].url, pages["passport"].url


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base):
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/bench/bare/", timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def wrk(url, seconds, connections):
    """(requests, seconds taken, p99 in ms) from wrk, running as its own process."""
    for _ in range(20):
        urllib.request.urlopen(url).read()
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url], capture_output=True, text=True
    ).stdout
    requests, value, unit = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", out).groups()
    taken = float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60}[unit]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    return int(requests), taken, float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def load(url, seconds, connections):
    """requests/s and p99 (ms)."""
    requests, taken, p99 = wrk(url, seconds, connections)
    return requests / taken, p99


def load_alternately(urls, seconds, connections, rounds):
    """requests/s and the worst p99 of each URL, measured in turns (A B A B ...) so that a change in the
    machine's load during the run weighs on both alike; each gets `seconds` in all."""
    totals = {url: [0, 0.0, 0.0] for url in urls}
    for _ in range(rounds):
        for url in urls:
            requests, taken, p99 = wrk(url, max(1, seconds // rounds), connections)
            total = totals[url]
            total[0], total[1], total[2] = total[0] + requests, total[1] + taken, max(total[2], p99)
    return {url: (requests / taken, p99) for url, (requests, taken, p99) in totals.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="turns of the two uncached pages, taken alternately")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("bench/pages.py needs wrk (Debian: apt-get install wrk); skipped.")
        return
    centres_url, passport_url = build_site()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            os.path.join(ROOT, ".venv", "bin", "gunicorn"),
            "ucc_site.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        wait_until_up(base)
        database = os.environ["DATABASE_URL"].split(":")[0]
        cache = "redis" if os.environ.get("REDIS_URL") else "local memory"
        print(
            f"gunicorn 2 workers on {base}; wrk 1 thread, {args.connections} connections, {args.seconds} s each "
            f"(the uncached pair in {args.rounds} turns)"
        )
        print(f"database {database}, page cache {cache}")
        results = {}
        cases = [
            ("bare Django view (baseline 1)", base + "/bench/bare/"),
            ("cached StandardPage (anonymous)", base + centres_url),
            ("cached ServicePage (anonymous)", base + passport_url),
            ("uncached ServicePage", base + passport_url + "?fresh=1"),
            ("stock Wagtail page, uncached (baseline 2)", base + centres_url + "?fresh=1"),
        ]
        for label, url in cases[:3]:
            results[label] = load(url, args.seconds, args.connections)
        pair = load_alternately([cases[3][1], cases[4][1]], args.seconds, args.connections, args.rounds)
        results.update({label: pair[url] for label, url in cases[3:]})
        for label, _ in cases:
            rate, p99 = results[label]
            print(f"{label:<44} {rate:>9,.0f} req/s   p99 {p99:6.1f} ms")
        bare = results[cases[0][0]][0]
        stock = results[cases[4][0]][0]
        for label in (cases[1][0], cases[2][0]):
            rate, p99 = results[label]
            ok = rate >= 0.6 * bare and p99 <= 20
            verdict = "ok" if ok else "MISSED"
            print(f"{label}: {rate / bare:.2f}× bare, p99 {p99:.1f} ms (target ≥ 0.6×, ≤ 20 ms): {verdict}")
        rate = results[cases[3][0]][0]
        print(
            f"uncached ServicePage: {rate / stock:.2f}× the stock Wagtail page (target ≥ 1.6×): "
            f"{'ok' if rate >= 1.6 * stock else 'MISSED'}"
        )
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
