"""django-q entry points of the appeals: thin and idempotent, each calling one service."""

from . import alerts


def send_appeal_alerts_task():
    """Para 8, every quarter of an hour: due today, overdue and unassigned appeals, each alert once."""
    sent = alerts.send_alerts()
    return ", ".join(f"{kind}: {count}" for kind, count in sent.items())
