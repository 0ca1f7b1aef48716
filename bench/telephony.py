"""The phone system's API under load: call events per second on PostgreSQL with gunicorn, none lost.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ucc REDIS_URL=redis://127.0.0.1:6379/0 \\
        python bench/telephony.py [--calls 4000] [--clients 6] [--workers 2] [--threads 4]

Target (issue 7): >= 500 call events/s sustained, none lost. Gunicorn serves the platform with two workers
and persistent database connections (CONN_MAX_AGE=60); clients in separate processes post, over keep-alive
connections, each call's three events (open, close, IVR rating) with a bearer token (rate limit on, Redis
cache). Every event is checked for its 2xx, and the rows are counted afterwards. The baseline, measured in
the same run against the same gunicorn, is a plain Django JSON view doing one INSERT per event.
Runs on its own database, test_<name>_telephony (kept between runs; its rows are emptied first).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# bench/calendar.py would shadow the standard library's calendar (which http.client needs): off the path.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
sys.path.insert(0, ROOT)

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import multiprocessing  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.request  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucc_site.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare():
    """The benchmark database (migrated once, emptied each run), an integration and an operator."""
    from django.contrib.auth import get_user_model

    from workflows.telephony.models import Call, Integration, Rating
    from workflows.telephony.services import create_integration

    connection.settings_dict["TEST"]["NAME"] = f"test_{connection.settings_dict['NAME']}_telephony"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=True)
    Rating.objects.all().delete()
    Call.objects.all().delete()
    Integration.objects.filter(name="bench").delete()
    _integration, token = create_integration(name="bench", requests_per_minute=10_000_000)
    get_user_model().objects.get_or_create(username="bench-operator")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_telephony_event (id bigserial PRIMARY KEY, payload jsonb)")
        cursor.execute("TRUNCATE bench_telephony_event")
    return token


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_gunicorn(port, workers, threads):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.telephony_site",
        "DATABASE_URL": database_url(),
        "DB_CONN_MAX_AGE": "60",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
    }
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    command = [gunicorn, "ucc_site.wsgi", "--pythonpath", ROOT, "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads)]
    command += ["--keep-alive", "30", "--log-level", "warning"]
    process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/telephony/v1/calls/", timeout=5)
        except urllib.error.HTTPError:
            return process  # 405: it answers
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def client(args):
    """One client process: its share of calls, three events each, over one keep-alive connection."""
    port, token, first, count, baseline = args
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    failures = 0
    stamps = []

    def post(path, payload):
        nonlocal failures
        conn.request("POST", path, json.dumps(payload), headers)
        response = conn.getresponse()
        response.read()
        if response.status >= 300:
            failures += 1
        stamps.append(time.time())

    for n in range(first, first + count):
        call_id = f"bench-{n}"
        opening = {"call_id": call_id, "line": "1414" if n % 3 else "8 800 080 7777", "wait_seconds": n % 60}
        opening.update({"caller_number": f"+7 701 {n % 1000:03d} {n % 100:02d} {n % 97:02d}"})
        opening["operator"] = "bench-operator"
        events = [
            ("/api/telephony/v1/calls/", opening),
            (f"/api/telephony/v1/calls/{call_id}/close/", {"talk_seconds": 60 + n % 300, "recording_reference": n}),
            (f"/api/telephony/v1/calls/{call_id}/rating/", {"score": 1 + n % 5}),
        ]
        for path, payload in events:
            post("/bench/baseline/" if baseline else path, payload)
    conn.close()
    return failures, stamps


def run_load(port, token, calls, clients, baseline):
    share = calls // clients
    jobs = [(port, token, i * share, share, baseline) for i in range(clients)]
    connection.close()  # the clients are forked: they must not share this process's database connection
    started = time.time()
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        results = pool.map(client, jobs)
    elapsed = time.time() - started
    failures = sum(failed for failed, _stamps in results)
    stamps = sorted(stamp for _failed, batch in results for stamp in batch)
    return {"events": len(stamps), "seconds": elapsed, "failures": failures, "windows": windows(stamps)}


def windows(stamps, width=2.0):
    """Events per second in each `width`-second window of the run (the first and last, partial, left out)."""
    if not stamps:
        return []
    counts = {}
    for stamp in stamps:
        counts[int((stamp - stamps[0]) // width)] = counts.get(int((stamp - stamps[0]) // width), 0) + 1
    inner = [counts.get(i, 0) / width for i in range(1, max(counts))]
    return inner


def counted():
    from workflows.telephony.models import Call, Rating

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_telephony_event")
        baseline_rows = cursor.fetchone()[0]
    closed = Call.objects.filter(closed_at__isnull=False).count()
    return Call.objects.count(), closed, Rating.objects.count(), baseline_rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench/telephony.py: skipped — set DATABASE_URL=postgres://… (the target is for PostgreSQL)")
        return
    token = prepare()
    port = free_port()
    server = start_gunicorn(port, args.workers, args.threads)
    try:
        calls = args.calls - args.calls % args.clients
        run_load(port, token, args.clients * 5, args.clients, baseline=True)  # warm both workers up
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE bench_telephony_event")
        base = run_load(port, token, calls, args.clients, baseline=True)
        api = run_load(port, token, calls, args.clients, baseline=False)
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows, closed, ratings, baseline_rows = counted()
    api_rate, base_rate = api["events"] / api["seconds"], base["events"] / base["seconds"]
    print(f"gunicorn: {args.workers} workers x {args.threads} threads; {args.clients} client processes")
    print(f"baseline (one INSERT per event): {base['events']} events in {base['seconds']:.1f} s = {base_rate:.0f}/s")
    print(
        f"telephony API: {api['events']} events ({calls} calls x open, close, rating) in {api['seconds']:.1f} s"
        f" = {api_rate:.0f} events/s (slowest 2-s window {min(api['windows'] or [0]):.0f}/s);"
        f" ratio to baseline {api_rate / base_rate:.2f}"
    )
    print(f"non-2xx answers: api {api['failures']}, baseline {base['failures']}")
    print(f"rows: calls {rows}/{calls}, closed {closed}/{calls}, ratings {ratings}/{calls}, baseline {baseline_rows}")
    lost = (calls - rows) + (calls - closed) + (calls - ratings)
    print(f"lost events: {lost}; target >= 500 events/s: {'met' if api_rate >= 500 and not lost else 'NOT met'}")


if __name__ == "__main__":
    main()
