"""The trivial task of bench/queue.py: it appends its number and the time to a file, so the bench
counts how often each ran and when the first began."""

import os
import time


def touch(n):
    with open(os.environ["UCC_BENCH_QUEUE_LOG"], "a") as log:
        log.write(f"{n} {time.time():.6f}\n")  # one write(2) of a few bytes on an O_APPEND file: lines never interleave
    return n
