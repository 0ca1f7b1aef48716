"""System checks for facts the platform relies on but does not control."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def almaty_is_utc_plus_five(app_configs, **kwargs):
    """Kazakhstan moved to a single time zone, UTC+5, on 2024-03-01; old tz data says UTC+6,
    which would shift every deadline of the Rules by an hour."""
    offset = datetime(2024, 3, 2, 12, tzinfo=ZoneInfo(settings.TIME_ZONE)).utcoffset()
    if settings.TIME_ZONE == "Asia/Almaty" and offset != timedelta(hours=5):
        return [
            checks.Error(
                f"The time-zone data in use gives Asia/Almaty UTC{offset} on 2024-03-02; "
                "it must be UTC+5 (tz data 2024a or newer).",
                hint="Upgrade the system tzdata package or the `tzdata` Python package.",
                id="ucc.E001",
            )
        ]
    return []
