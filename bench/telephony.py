"""The phone system's API under load: call events per second on PostgreSQL with gunicorn, none lost.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ucc REDIS_URL=redis://127.0.0.1:6379/0 \\
        python bench/telephony.py [--calls 4000] [--clients 6] [--workers 2] [--threads 4]

Target (issue 7): >= 500 call events/s sustained, none lost. Gunicorn serves the platform as in production
(gthread: two workers of four threads, keep-alive) with persistent database connections (CONN_MAX_AGE=60);
clients in separate processes post, over keep-alive connections, each call's three events (open, close, IVR
rating) with a bearer token (rate limit on, Redis cache). Every event is checked for its 2xx, and the rows
are counted afterwards. The baseline, measured in the same run against the same gunicorn, is a plain Django
JSON view doing one INSERT per event, behind the site's whole middleware stack (the API skips it).

The machine's other load moves events/s a lot, so the run also prints figures it hardly moves: the CPU
each side spent per event (gunicorn's processes, the PostgreSQL backends, the clients; their sum bounds what
the cores can give), and, from the same events sent through Django's WSGI handler in this process, the
CPU per event and the SQL statements per event (`--in-process-only`: just these, no gunicorn).
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
import io  # noqa: E402
import json  # noqa: E402
import multiprocessing  # noqa: E402
import resource  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
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
    """One client process: its share of calls, three events each, over one keep-alive connection.

    The clients share the cores with the server, so they speak HTTP/1.1 over a plain socket (a prepared
    request, the status line and Content-Length read back) instead of http.client, whose header parsing
    costs more than some of the server's work. Every event is still a full request through gunicorn."""
    port, token, first, count, baseline = args
    failures = 0
    stamps = []
    head = f"Host: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n"
    connection_ = None

    def connect():
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock, sock.makefile("rb")

    def post(path, payload):
        nonlocal failures, connection_
        body = json.dumps(payload).encode()
        request = f"POST {path} HTTP/1.1\r\n{head}Content-Length: {len(body)}\r\n\r\n".encode() + body
        if connection_ is None:
            connection_ = connect()
        sock, reader = connection_
        sock.sendall(request)
        status = int(reader.readline().split(None, 2)[1])
        length, keep_alive = None, True
        while (line := reader.readline()) not in (b"\r\n", b""):
            name, _colon, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                keep_alive = False
        if length is None:
            raise SystemExit(f"{path}: an answer without Content-Length")
        reader.read(length)
        if not keep_alive:
            reader.close()
            sock.close()
            connection_ = None
        if status >= 300:
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
    if connection_ is not None:
        connection_[1].close()
        connection_[0].close()
    return failures, stamps


def _ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])  # utime + stime


class CpuWatch(threading.Thread):
    """CPU time spent by gunicorn's processes and by the PostgreSQL backends of the benchmark's database while
    it runs (Linux /proc, read every half second: a backend that a connection's end of life, CONN_MAX_AGE,
    replaces mid-run is counted until its last reading, and its successor from its start)."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.database = server, connection.settings_dict["NAME"]
        self.first, self.last, self.sides = {}, {}, {}
        self.stopping = threading.Event()
        self.children = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.read(initial=True)

    def processes(self):
        pids = {self.server.pid: "gunicorn"}
        try:
            with open(f"/proc/{self.server.pid}/task/{self.server.pid}/children") as children:
                pids.update(dict.fromkeys(map(int, children.read().split()), "gunicorn"))
        except OSError:
            pass
        title = f" {self.database} ".encode()
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    with open(f"/proc/{name}/cmdline", "rb") as cmdline:
                        text = cmdline.read()
                except OSError:
                    continue
                if text.startswith(b"postgres: ") and title in text:
                    pids[int(name)] = "PostgreSQL"
        return pids

    def read(self, initial=False):
        for pid, side in self.processes().items():
            ticks = _ticks(pid)
            if ticks is not None:
                self.first.setdefault(pid, ticks if initial else 0)
                self.last[pid], self.sides[pid] = ticks, side

    def run(self):
        while not self.stopping.wait(0.5):
            self.read()

    def per_event(self, events):
        """Milliseconds of CPU per event of each side: figures the machine's other load hardly changes, whose
        sum bounds the rate the two cores can give."""
        self.stopping.set()
        self.join()
        self.read()
        tick = os.sysconf("SC_CLK_TCK")
        spent = dict.fromkeys(("gunicorn", "PostgreSQL"), 0.0)
        for pid, side in self.sides.items():
            spent[side] += (self.last[pid] - self.first[pid]) / tick
        children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the clients, reaped
        spent["clients"] = children.ru_utime + children.ru_stime - self.children.ru_utime - self.children.ru_stime
        return {side: seconds * 1000 / events for side, seconds in spent.items()} if events else {}


def run_load(port, token, calls, clients, baseline, server=None):
    share = calls // clients
    jobs = [(port, token, i * share, share, baseline) for i in range(clients)]
    watch = CpuWatch(server) if server and os.path.exists(f"/proc/{server.pid}/stat") else None
    connection.close()  # the clients are forked: they must not share this process's database connection
    started = time.time()
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        if watch:
            watch.start()  # after the fork
        results = pool.map(client, jobs)
        pool.close()
        pool.join()  # reaped, so that their CPU time is in RUSAGE_CHILDREN
    elapsed = time.time() - started
    failures = sum(failed for failed, _stamps in results)
    stamps = sorted(stamp for _failed, batch in results for stamp in batch)
    cpu = watch.per_event(len(stamps)) if watch else {}
    return {"events": len(stamps), "seconds": elapsed, "failures": failures, "windows": windows(stamps), "cpu": cpu}


def in_process(token, calls):
    """The same events through Django's WSGI handler in this process (no sockets, no gunicorn, no clients):
    CPU per event and SQL statements per event, figures a busy machine hardly changes. A statement is one
    the code runs, plus the connection's health check (`conn_health_checks`, a SELECT 1 at a request's
    first query)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    from workflows.telephony import api

    with override_settings(ROOT_URLCONF="bench.telephony_urls"):
        handler = WSGIHandler()
        counts = {"statements": 0, "health checks": 0}

        def counted_statement(execute, sql, params, many, context):
            counts["statements"] += 1
            return execute(sql, params, many, context)

        checked = connection.is_usable

        def counted_check():
            counts["health checks"] += 1
            return checked()

        def request(path, payload):
            body = json.dumps(payload).encode()
            environ = {
                "REQUEST_METHOD": "POST",
                "PATH_INFO": path,
                "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "80",
                "SERVER_PROTOCOL": "HTTP/1.1",
                "REMOTE_ADDR": "127.0.0.1",
                "HTTP_HOST": "127.0.0.1",
                "HTTP_AUTHORIZATION": f"Bearer {token}",
                "CONTENT_TYPE": "application/json",
                "CONTENT_LENGTH": str(len(body)),
                "wsgi.input": io.BytesIO(body),
                "wsgi.url_scheme": "http",
                "wsgi.errors": sys.stderr,
            }
            statuses = []
            b"".join(handler(environ, lambda status, headers, exc_info=None: statuses.append(status)))
            if not statuses[0].startswith("2"):
                raise SystemExit(f"in-process {path}: {statuses[0]}")

        def events(n, baseline):
            call_id = f"inproc-{n}"
            opening = {"call_id": call_id, "line": "1414", "caller_number": "+7 701 123 45 67", "wait_seconds": 9}
            for path, payload in [
                ("/api/telephony/v1/calls/", {**opening, "operator": "bench-operator"}),
                (f"/api/telephony/v1/calls/{call_id}/close/", {"talk_seconds": 60, "recording_reference": n}),
                (f"/api/telephony/v1/calls/{call_id}/rating/", {"score": 1 + n % 5}),
            ]:
                request("/bench/baseline/" if baseline else path, payload)

        figures = {}
        for baseline in (True, False):
            offset = 0 if baseline else calls + 50
            api.forget()
            for n in range(offset, offset + 50):  # warm: the token, the operator, the compiled statements
                events(n, baseline)
            connection.is_usable = counted_check
            counts.update(statements=0, **{"health checks": 0})
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backend = cursor.fetchone()[0]
            database_ticks = _ticks(backend)
            cpu = time.process_time()
            with connection.execute_wrapper(counted_statement):
                for n in range(offset + 50, offset + 50 + calls):
                    events(n, baseline)
            cpu = time.process_time() - cpu
            database_ticks = (_ticks(backend) or 0) - (database_ticks or 0)
            del connection.is_usable
            figures["baseline" if baseline else "api"] = {
                "cpu ms": cpu * 1000 / (3 * calls),
                "database cpu ms": database_ticks / os.sysconf("SC_CLK_TCK") * 1000 / (3 * calls),
                "statements": counts["statements"] / (3 * calls),
                "health checks": counts["health checks"] / (3 * calls),
            }
    return figures


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
    calls = Call.objects.filter(call_id__startswith="bench-")
    closed = calls.filter(closed_at__isnull=False).count()
    return calls.count(), closed, Rating.objects.filter(call__in=calls).count(), baseline_rows


def print_in_process(figures):
    for name in ("baseline", "api"):
        print(
            f"in-process, {name}: {figures[name]['cpu ms']:.2f} ms CPU per event (PostgreSQL's backend"
            f" {figures[name]['database cpu ms']:.2f} ms more), {figures[name]['statements']:.2f} statements"
            f" per event + {figures[name]['health checks']:.2f} connection health checks"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--in-process-calls", type=int, default=300)
    parser.add_argument("--in-process-only", action="store_true", help="no gunicorn: the in-process figures only")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench/telephony.py: skipped — set DATABASE_URL=postgres://… (the target is for PostgreSQL)")
        return
    token = prepare()
    if args.in_process_only:
        print_in_process(in_process(token, args.in_process_calls))
        return
    port = free_port()
    server = start_gunicorn(port, args.workers, args.threads)
    try:
        calls = args.calls - args.calls % args.clients
        run_load(port, token, args.clients * 5, args.clients, baseline=True)  # warm both workers up
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE bench_telephony_event")
        base = run_load(port, token, calls, args.clients, baseline=True, server=server)
        api = run_load(port, token, calls, args.clients, baseline=False, server=server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows, closed, ratings, baseline_rows = counted()
    here = in_process(token, args.in_process_calls)
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
    for name, run in (("baseline", base), ("telephony API", api)):
        if run["cpu"]:
            sides = ", ".join(f"{side} {ms:.2f}" for side, ms in run["cpu"].items())
            total = sum(run["cpu"].values())
            print(f"CPU per event, {name}: {sides} ms; total {total:.2f} ms (2 cores: at most {2000 / total:.0f}/s)")
    print_in_process(here)
    lost = (calls - rows) + (calls - closed) + (calls - ratings)
    print(f"lost events: {lost}; target >= 500 events/s: {'met' if api_rate >= 500 and not lost else 'NOT met'}")


if __name__ == "__main__":
    main()
