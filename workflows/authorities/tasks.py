"""django-q entry points of the bodies and authorities: thin and idempotent, each calling one service."""

from .services import call_records


def send_call_record_alarms_task():
    """Para 14, every minute: the supervisors' alarm at three hours and the overdue mail, each sent once."""
    return f"{call_records.send_call_record_alarms()} call-record alarms sent"
