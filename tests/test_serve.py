"""`make run` serves the site and a django-q2 cluster together, and Ctrl-C stops both."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the embedded default is tested in the SQLite lane")
def test_ctrl_c_stops_the_server_and_the_cluster(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ucc_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "UCC_VAR_DIR": str(tmp_path),
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], env=env, cwd=BASE_DIR, check=True, timeout=300)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    serve = subprocess.Popen(
        [sys.executable, "manage.py", "serve", f"127.0.0.1:{port}"],
        env=env,
        cwd=BASE_DIR,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                assert urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/", timeout=5).status == 200
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError("the web server did not come up")
        children = subprocess.run(["pgrep", "-P", str(serve.pid)], capture_output=True, text=True).stdout.split()
        children_sessions = {os.getsid(int(pid)) for pid in children}
        assert len(children_sessions) == 2
        os.killpg(serve.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        output, _ = serve.communicate(timeout=30)
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
    assert "Q Cluster" in output and "running" in output
    assert "Stopped the web server and the cluster." in output
    assert "has stopped" in output, "the cluster stopped gracefully, not killed"
    leftovers = subprocess.run(["pgrep", "-f", "manage.py (runserver|qcluster)"], capture_output=True, text=True)
    mine = [pid for pid in leftovers.stdout.split() if os.getsid(int(pid)) in children_sessions]
    assert mine == []
