"""django-q entry points of the ICT desk: thin and idempotent, each calling one service."""

from . import services


def send_ict_reminders_task():
    """Para 37, every quarter of an hour: requests past a term, the supervisors told once per term."""
    return f"{services.send_overdue_reminders()} ICT reminders sent"
