"""django-q entry points of the ICT desk: thin and idempotent, each calling one service."""

from . import services


def send_ict_reminders_task():
    """Para 37, every quarter of an hour: requests past a term, the supervisors told once per term."""
    return f"{services.send_overdue_reminders()} ICT reminders sent"


def retry_ict_mail_task():
    """Para 36, every five minutes: the desk's mails not sent yet (refused, or left by a run that died)."""
    return f"{services.retry_outgoing_mails()} ICT mails sent"
