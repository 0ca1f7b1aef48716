"""django-q entry points of the interruptions: thin and idempotent, each calling one service."""

from .services.digest import send_digests
from .services.notices import send_due_deliveries


def send_interruption_notices_task():
    """Para 38, every five minutes: retry failed notice deliveries; finish the interruptions that are over."""
    sent, finished = send_due_deliveries()
    return f"{sent} interruption notices sent, {finished} interruptions finished"


def send_ict_digest_task():
    """Para 4.5, daily: the last complete period's digest to the ICI operator and the bodies, once each."""
    return f"{send_digests()} ICT digests sent"
