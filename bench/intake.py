"""E-mail intake (para 8): 10,000 messages from a Maildir, each registered exactly once; a second run adds
nothing; a run killed with SIGKILL halfway and restarted loses and duplicates nothing.

    python bench/intake.py [--messages 10000] [--kill-messages 2000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ucc python bench/intake.py

Target (issue 7): 10,000 messages in <= 60 s on SQLite and on PostgreSQL. The baseline printed beside it,
measured in the same run, is parsing alone (no database): what the intake costs on top of reading mail.
Runs on a throw-away database (a file under /tmp for SQLite, test_<name> for PostgreSQL).
"""

import argparse
import base64
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
sys.path.insert(0, os.path.dirname(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucc_site.settings.test")
SQLITE_FILE = os.path.join(tempfile.gettempdir(), "ucc-bench-intake.sqlite3")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

if os.environ.get("UCC_BENCH_DB"):  # a worker process: the parent's throw-away database
    django.setup()
    settings.DATABASES["default"]["NAME"] = os.environ["UCC_BENCH_DB"]
else:
    django.setup()
    settings.DATABASES["default"].setdefault("TEST", {})
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DATABASES["default"]["TEST"]["NAME"] = SQLITE_FILE

from django.db import connection  # noqa: E402

TOPICS = [
    ("Справка о несудимости", "Как получить справку о несудимости через портал eGov?"),
    ("Жеке куәлік", "Жеке куәлікті қалай ауыстыруға болады? Рақмет."),
    ("Пособие", "Когда приходит пособие по рождению ребёнка?"),
    ("Мекенжай анықтамасы", "Мекенжай анықтамасын порталда алу мүмкін бе?"),
    ("Регистрация ИП", "Как зарегистрировать ИП онлайн и сколько это стоит?"),
]


def message(n, rng, name="b"):
    """One real-shaped message: utf-8 or windows-1251, plain or HTML, 1 in 20 with a small attachment,
    1 in 25 an auto-reply."""
    subject, text = rng.choice(TOPICS)
    charset = rng.choice(["utf-8", "utf-8", "windows-1251"]) if subject.isascii() is False else "utf-8"
    if any(c in subject + text for c in "әғқңөұүһі"):
        charset = "utf-8"
    body = f"{text}\n\nС уважением, заявитель {n}.".encode(charset)
    head = (
        f"From: Applicant {n} <applicant{n}@mail.kz>\nTo: support@goscorp.kz\n"
        f"Subject: =?utf-8?B?{base64.b64encode(f'{subject} #{n}'.encode()).decode()}?=\n"
        f"Date: Tue, 24 Nov 2026 10:00:00 +0500\nMessage-ID: <bench.{name}{n}@mail.kz>\nMIME-Version: 1.0\n"
    )
    if n % 25 == 0:
        head += "Auto-Submitted: auto-replied\n"
    if n % 20 == 0:
        return (
            head.encode() + b'Content-Type: multipart/mixed; boundary="b"\n\n--b\n'
            b"Content-Type: text/plain; charset=" + charset.encode() + b"\n\n" + body + b"\n--b\n"
            b'Content-Type: application/pdf\nContent-Disposition: attachment; filename="../scan.pdf"\n'
            b"Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(b"%PDF-1.4 " + os.urandom(2000)) + b"--b--\n"
        )
    if n % 7 == 0:
        html = f"<p>{text}</p><script>alert({n})</script>".encode(charset)
        return head.encode() + f"Content-Type: text/html; charset={charset}\n\n".encode() + html
    return head.encode() + f"Content-Type: text/plain; charset={charset}\n\n".encode() + body


def fill_maildir(path, count, first=1, seed=1414, name="b"):
    rng = random.Random(seed)
    for sub in ("tmp", "new", "cur"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    for n in range(first, first + count):
        (path / "new" / f"1764000000.M{n}P1.bench").write_bytes(message(n, rng, name))


def run_reader(path):
    from workflows.mailintake.mailbox import MaildirReader

    return MaildirReader(path).run()


def worker(path):
    """A separate process reading the Maildir (the one that gets killed)."""
    run_reader(Path(path))


def spawn(path, db_name):
    env = {**os.environ, "UCC_BENCH_DB": db_name}
    return subprocess.Popen([sys.executable, __file__, "--worker", str(path)], env=env)


def counts(prefix):
    from workflows.appeals.models import Appeal
    from workflows.mailintake.models import InboundMessage

    rows = InboundMessage.objects.filter(message_id__startswith=f"<{prefix}")
    registered = rows.filter(status="registered")
    return {
        "rows": rows.count(),
        "distinct ids": rows.values("message_id").distinct().count(),
        "registered": registered.count(),
        "appeals": Appeal.objects.filter(inbound_messages__in=registered).distinct().count(),
        "auto-replies": rows.filter(status="auto_reply_ignored").count(),
    }


def parse_only(path):
    from workflows.mailintake.parsing import parse

    started = time.perf_counter()
    for file in sorted((path / "new").iterdir()):
        parse(file.read_bytes(), max_attachment_bytes=10 * 2**20, own_addresses=["support@goscorp.kz"])
    return time.perf_counter() - started


def register_only(count):
    """The appeals app's own cost: `register_appeal` alone for `count` e-mail appeals, one transaction each."""
    from workflows.appeals.services import register_appeal

    started = time.perf_counter()
    for n in range(count):
        register_appeal(channel="email", content=f"Как получить справку? {n}", applicant_name=f"Baseline {n}")
    return (time.perf_counter() - started) / count


def bench_intake(root, messages):
    inbox = root / "inbox"
    fill_maildir(inbox, messages)
    baseline = parse_only(inbox)
    per_registration = register_only(max(50, messages // 20))
    started = time.perf_counter()
    report = run_reader(inbox)
    elapsed = time.perf_counter() - started
    found = counts("bench.b")
    print(
        f"first run: {report.read} messages in {elapsed:.1f} s = {report.read / elapsed:.0f} messages/s "
        f"(target: {messages} in <= 60 s: {'met' if elapsed <= 60 else 'NOT met'}); {found}"
    )
    print(
        f"  baseline, parsing alone: {baseline:.1f} s = {messages / baseline:.0f} messages/s; "
        f"the database work costs {elapsed / baseline:.1f}x parsing"
    )
    print(
        f"  baseline, the appeals app's register_appeal alone: {per_registration * 1000:.1f} ms per appeal; "
        f"the intake takes {elapsed / messages * 1000:.1f} ms per message "
        f"({elapsed / messages / per_registration:.2f}x one bare registration)"
    )
    assert found["rows"] == found["distinct ids"] == messages, found
    assert found["appeals"] == found["registered"] == messages - messages // 25, found
    processed = inbox / ".processed" / "cur"
    for file in processed.iterdir():  # the same messages delivered again
        shutil.copy(file, inbox / "new" / file.name.split(":")[0])
    started = time.perf_counter()
    report = run_reader(inbox)
    elapsed = time.perf_counter() - started
    again = counts("bench.b")
    print(
        f"second run over the same {report.read} messages: {elapsed:.1f} s, added "
        f"{again['rows'] - found['rows']} rows and {again['appeals'] - found['appeals']} appeals"
    )
    assert again == found, again


def bench_kill(root, messages, db_name):
    inbox = root / "killed"
    fill_maildir(inbox, messages, first=1_000_001, seed=7, name="k")
    from workflows.mailintake.models import InboundMessage

    process = spawn(inbox, db_name)
    started = time.perf_counter()
    while InboundMessage.objects.filter(message_id__startswith="<bench.k").count() < messages // 2:
        if process.poll() is not None:
            raise SystemExit("the worker ended before it could be killed")
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    at_kill = counts("bench.k")
    left = len(list((inbox / "new").iterdir()))
    print(
        f"killed (SIGKILL) after {time.perf_counter() - started:.1f} s: {at_kill['rows']} rows committed, "
        f"{left} files still in new/ ({at_kill['rows'] - (messages - left)} of them committed but not yet moved)"
    )
    restart = spawn(inbox, db_name)
    restart.wait()
    final = counts("bench.k")
    left = len(list((inbox / "new").iterdir()))
    print(f"restarted: {final}; files left in new/: {left}")
    assert final["rows"] == final["distinct ids"] == messages, final
    assert final["appeals"] == final["registered"] == messages - messages // 25, final
    assert left == 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--kill-messages", type=int, default=2_000)
    parser.add_argument("--worker")
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker)
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    db_name = connection.settings_dict["NAME"]
    root = Path(tempfile.mkdtemp(prefix="ucc-bench-intake-"))
    try:
        print(f"database: {connection.vendor}; {args.messages} messages in a Maildir")
        bench_intake(root, args.messages)
        connection.close()
        bench_kill(root, args.kill_messages, db_name)
    finally:
        shutil.rmtree(root, ignore_errors=True)
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
