"""django-q2 throughput (issue 21): 10,000 trivial tasks drained by 2 clusters of the project's Q_CLUSTER,
on the ORM broker (PostgreSQL) and on the Redis broker; every task counted, so duplicates and losses show.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ucc_bench REDIS_URL=redis://127.0.0.1:6379/6 \
        python bench/queue.py [--tasks 10000] [--clusters 2] [--brokers orm,redis] [--no-before]

Targets: >= 350 tasks/s on the ORM broker, >= 600/s on Redis, 0 duplicates and 0 lost with 2 clusters.
Printed beside each figure, measured in the same run: the broker alone (one process enqueuing, then
dequeuing and acknowledging, no cluster), and the same drain with the options the project had before
issue 21 (`--no-before` skips that). The database named by DATABASE_URL is migrated and its queue and
task tables emptied: give it a database of its own. The cluster processes run bench/queue_settings.py
(the production profile). Load average printed with each run: the machine may be shared.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
sys.path.insert(0, ROOT)
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.queue_settings"
os.environ.setdefault("SECRET_KEY", "bench-queue-secret-key-shared-by-the-clusters")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

# What the project's Q_CLUSTER said before issue 21 (django-q2's default where it said nothing).
BEFORE = {"bulk": 10, "queue_limit": 50, "save_limit": 250, "log_level": "INFO", "broker_class": None}


def load():
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def run_one(broker_name, tasks, clusters, options):
    """In a process of its own (the settings are fixed at django.setup): one broker, one set of options."""
    os.environ["UCC_BENCH_BROKER"] = broker_name
    os.environ["UCC_BENCH_Q"] = json.dumps(options)
    import django

    django.setup()
    from django.db import connection
    from django_q.brokers import get_broker
    from django_q.conf import Conf
    from django_q.models import OrmQ, Task
    from django_q.signing import SignedPackage
    from django_q.tasks import async_task

    broker = get_broker()
    broker.purge_queue()
    OrmQ.objects.all().delete()
    Task.objects.all().delete()
    # Results saved, counted by the database: django-q2 prunes the task table (save_limit) as it goes.
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP SEQUENCE IF EXISTS bench_saved_seq; CREATE SEQUENCE bench_saved_seq;"
            "CREATE OR REPLACE FUNCTION bench_saved() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN PERFORM nextval('bench_saved_seq'); RETURN NEW; END $$;"
            "DROP TRIGGER IF EXISTS bench_saved ON django_q_task;"
            "CREATE TRIGGER bench_saved AFTER INSERT ON django_q_task FOR EACH ROW"
            " WHEN (NEW.func = 'bench.queue_task.touch') EXECUTE FUNCTION bench_saved()"
        )

    def saved_count():
        with connection.cursor() as cursor:
            cursor.execute("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM bench_saved_seq")
            return cursor.fetchone()[0]

    # Baseline: the broker alone, one process, no cluster.
    raw = get_broker(list_key=f"{Conf.CLUSTER_NAME}-bench-raw")
    raw.purge_queue()
    n_raw = min(tasks, 2000)
    package = SignedPackage.dumps({"id": "x", "func": "bench.queue_task.touch", "args": (0,), "kwargs": {}})
    start = time.perf_counter()
    for _ in range(n_raw):
        raw.enqueue(package)
    done = 0
    while done < n_raw:
        for ack_id, _payload in raw.dequeue() or []:
            raw.acknowledge(ack_id)
            done += 1
    raw_rate = n_raw / (time.perf_counter() - start)
    raw.purge_queue()

    log_path = tempfile.mktemp(prefix="ucc-bench-queue-", suffix=".log")
    start = time.perf_counter()
    for n in range(tasks):
        async_task("bench.queue_task.touch", n)
    enqueue_rate = tasks / (time.perf_counter() - start)

    env = {**os.environ, "UCC_BENCH_QUEUE_LOG": log_path}
    procs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            env=env,
            cwd=ROOT,  # in this process's group: the parent's stop reaches them (main)
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(clusters)
    ]
    loads = [load()]
    try:
        deadline = time.monotonic() + max(600, tasks / 10)
        while saved_count() < tasks and time.monotonic() < deadline:
            time.sleep(0.1)
        end = time.time()
        loads.append(load())
        saved = saved_count()
    finally:
        for proc in procs:
            proc.terminate()  # a cluster stops its own workers
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS bench_saved ON django_q_task")
    with open(log_path) as log:
        ran = [line.split() for line in log.read().split("\n") if line]
    os.unlink(log_path)
    first = min(float(stamp) for _n, stamp in ran)
    ran = [n for n, _stamp in ran]
    seconds = end - first
    print(
        json.dumps(
            {
                "broker": broker_name,
                "tasks": tasks,
                "saved": saved,
                "ran": len(ran),
                "duplicates": len(ran) - len(set(ran)),
                "lost": tasks - len(set(ran)),
                "seconds": round(seconds, 2),
                "rate": round(saved / seconds, 1),
                "raw_rate": round(raw_rate, 1),
                "enqueue_rate": round(enqueue_rate, 1),
                "load": loads,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--clusters", type=int, default=2)
    parser.add_argument("--brokers", default="orm,redis")
    parser.add_argument("--no-before", action="store_true", help="skip the run with the options of before")
    parser.add_argument("--one", nargs=2, metavar=("BROKER", "OPTIONS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # `timeout` and Ctrl-C stop the clusters too
    if args.one:
        return run_one(args.one[0], args.tasks, args.clusters, json.loads(args.one[1]))
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        sys.exit("bench/queue.py needs DATABASE_URL=postgres://… (a database of its own) and REDIS_URL=redis://…")
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)
    print(f"{args.tasks:,} trivial tasks, {args.clusters} clusters (bench/queue_settings.py = production profile)")
    for broker in args.brokers.split(","):
        runs = [("now", {})] + ([] if args.no_before else [("before", BEFORE)])
        results = {}
        for label, options in runs:
            # The run and its clusters in a session of their own, stopped together whatever happens here.
            child = subprocess.Popen(
                [sys.executable, __file__, "--tasks", str(args.tasks), "--clusters", str(args.clusters)]
                + ["--one", broker, json.dumps(options)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
            try:
                stdout, stderr = child.communicate()
            finally:
                try:
                    os.killpg(child.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            out = subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)
            if out.returncode:
                sys.exit(out.stdout + out.stderr)
            result = results[label] = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{broker:5} {label:6}: {result['rate']:7.1f} tasks/s ({result['saved']:,} saved in "
                f"{result['seconds']} s; ran {result['ran']:,}, {result['duplicates']} duplicates, "
                f"{result['lost']} lost) | broker alone {result['raw_rate']:.0f}/s, "
                f"enqueue {result['enqueue_rate']:.0f}/s"
                f" | load {' -> '.join(result['load'])}"
            )
        if "before" in results:
            print(f"{broker:5} ratio now/before: {results['now']['rate'] / results['before']['rate']:.2f}x")


if __name__ == "__main__":
    main()
