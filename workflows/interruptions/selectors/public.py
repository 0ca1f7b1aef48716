"""What the public `PlannedInterruptionsPage` shows (cms.home reads it through the `public_interruptions` hook)."""

from django.utils import timezone, translation
from django.utils.formats import date_format

from .notices import published

ALMATY = "Asia/Almaty"


def _when(moment):
    with timezone.override(ALMATY):
        return date_format(timezone.localtime(moment), "d.m.Y H:i")


def public_interruptions(language, now=None):
    """The notified interruptions not over yet, in `language` (kk, ru or en), times in Almaty time: plain dicts."""
    now = now or timezone.now()
    rows = []
    with translation.override(language):
        for notice in published(now).order_by("starts_at"):
            rows.append(
                {
                    "id": notice.pk,
                    "active": notice.starts_at <= now,
                    "scope": str(notice.get_scope_display()),
                    "services": [service.name for service in notice.services.all()],
                    "starts_at": _when(notice.starts_at),
                    "ends_at": _when(notice.ends_at),
                    "affected": notice.affected(language),
                    "contact": notice.contact,
                    "change": notice.last_change if notice.last_change in ("postponed", "extended") else "",
                }
            )
    return rows
