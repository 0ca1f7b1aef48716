"""django-q entry points of the reports (declared in `workflows.schedules`): thin, idempotent."""

from .services import delivery, schedule


def send_monthly_reports_task():
    """Paras 31, 39: the previous month's reports to every recipient, each once (daily at 01:00; the 1st's run
    does the work)."""
    return schedule.run_monthly()


def retry_report_deliveries_task():
    return delivery.retry_failed()


def warn_undelivered_reports_task():
    warning = schedule.warn_undelivered()
    return warning.undelivered if warning else 0
