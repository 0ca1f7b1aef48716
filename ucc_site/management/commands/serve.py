"""`make run`'s last step: the web server and a django-q2 cluster side by side; Ctrl-C stops both."""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the development web server and a django-q2 cluster together; Ctrl-C (or either one ending) stops both."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        # A shell that starts us in the background leaves SIGINT ignored: take Ctrl-C and SIGTERM back.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _interrupt)
        processes = [_start("qcluster"), _start("runserver", addrport)]
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            _stop(processes)
        self.stdout.write("Stopped the web server and the cluster.")


def _start(*command):
    """Each child leads its own process group, so that one Ctrl-C reaches it exactly once: from us."""
    return subprocess.Popen([sys.executable, sys.argv[0], *command], start_new_session=True, preexec_fn=_default_sigint)


def _stop(processes, grace=20):
    for process in processes:
        _signal_group(process, signal.SIGINT)
    deadline = time.monotonic() + grace
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        _signal_group(process, signal.SIGKILL)  # anything of that group still left


def _signal_group(process, signum):
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)
