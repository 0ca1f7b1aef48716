"""django-q entry points of onboarding: thin and idempotent (running one twice has the effect of once), each
calling one service."""

from . import services


def start_consultations_task():
    """Para 23, daily just after midnight: services whose consultation start date has come become
    "consulted by the UCC" that day, never the day before."""
    started = services.start_due_consultations()
    return f"{len(started)} started"


def send_reminders_task():
    """Paras 20-21, every morning: reminders of steps due soon or overdue, each sent once."""
    return f"{services.send_reminders()} reminders sent"
