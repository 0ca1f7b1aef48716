"""django-q entry points of the calendar (thin; the work is in seed.py)."""

import logging

from .seed import refresh_calendar

logger = logging.getLogger(__name__)


def refresh_calendar_task():
    """Yearly and on demand: add next year's holidays as soon as the package knows them."""
    report = refresh_calendar()
    logger.info("Calendar refreshed: %s", report)
    return str(report)
