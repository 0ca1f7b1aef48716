"""django-q entry points of the bodies and authorities: thin and idempotent, each calling one service."""

from .services import discrepancies


def send_discrepancy_reminders_task():
    """Para 32, hourly: reminders of discrepancy explanations due soon or overdue, each sent once."""
    return f"{discrepancies.send_discrepancy_reminders()} discrepancy reminders sent"
