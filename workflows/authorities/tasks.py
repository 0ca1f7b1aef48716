"""django-q entry points of the bodies and authorities: thin and idempotent, each calling one service."""

from .services import call_records, discrepancies
from .services.information_reminders import send_information_reminders


def send_call_record_alarms_task():
    """Para 14, every minute: the supervisors' alarm at three hours and the overdue mail, each sent once."""
    return f"{call_records.send_call_record_alarms()} call-record alarms sent"


def send_information_reminders_task():
    """Paras 24-25 and 28, every morning: requests and escalations due soon or overdue, each reminded once."""
    return f"{send_information_reminders()} reminders sent"


def send_discrepancy_reminders_task():
    """Para 32, hourly: reminders of discrepancy explanations due soon or overdue, each sent once."""
    return f"{discrepancies.send_discrepancy_reminders()} discrepancy reminders sent"
