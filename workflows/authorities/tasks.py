"""django-q entry points of the bodies and authorities: thin and idempotent, each calling one service."""

from .services.information_reminders import send_information_reminders


def send_information_reminders_task():
    """Paras 24-25 and 28, every morning: requests and escalations due soon or overdue, each reminded once."""
    return f"{send_information_reminders()} reminders sent"
