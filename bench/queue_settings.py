"""Settings for bench/queue.py: the production profile, with the broker the bench asks for (UCC_BENCH_BROKER)
and, for the same-run baseline, the options of before issue 21 over the project's (UCC_BENCH_Q, a JSON
object; null means django-q2's own default)."""

import json
import os

from ucc_site.settings.production import *  # noqa: F403
from ucc_site.settings.production import Q_CLUSTER

Q_CLUSTER = dict(Q_CLUSTER)
if os.environ.get("UCC_BENCH_BROKER") == "orm":
    del Q_CLUSTER["redis"]
    Q_CLUSTER.update({"orm": "default", "broker_class": "ucc_site.queue.OrmBroker"})
Q_CLUSTER.update(json.loads(os.environ.get("UCC_BENCH_Q", "{}")))
Q_CLUSTER = {key: value for key, value in Q_CLUSTER.items() if value is not None}
