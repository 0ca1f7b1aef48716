"""Working days in Kazakhstan, from the calendar the admin keeps (holidays, decreed transfers).

A working day is a weekday that is no day off, or a weekend day a decree made a working day.
The year's calendar is read once and kept in the process; an edit in this process drops it at
once (signals), an edit in another process within UCC_CALENDAR_RECHECK_SECONDS (CalendarRevision).
A year with no holiday rows at all (not seeded yet) is taken from the `holidays` package, so a
deadline far ahead is never computed as if the year had no holidays.
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F

from .holidays_package import SATURDAY, YearCalendar, package_year
from .models import CalendarRevision, Holiday, WorkdayTransfer

logger = logging.getLogger(__name__)


class _Cache:
    """Per-process cache of YearCalendar objects, tagged with the CalendarRevision it was read at."""

    def __init__(self):
        self.lock = threading.Lock()
        self.years = {}
        self.terms = None  # the process terms' changes (terms.py), read and dropped with the years
        self.revision = None
        self.checked_at = 0.0

    def clear(self):
        with self.lock:
            self.years = {}
            self.terms = None
            self.revision = None
            self.checked_at = 0.0


_cache = _Cache()


def _current_revision():
    return CalendarRevision.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def _ensure_fresh():
    """Drop the cache when another process has edited the calendar since we read it."""
    now = time.monotonic()
    if now - _cache.checked_at < settings.UCC_CALENDAR_RECHECK_SECONDS:
        return
    revision = _current_revision()
    with _cache.lock:
        if revision != _cache.revision:
            _cache.years = {}
            _cache.terms = None
            _cache.revision = revision
        _cache.checked_at = now


def _read_year(year):
    holidays_qs = Holiday.objects.filter(date__year=year)
    if not holidays_qs.exists():
        logger.warning("Calendar year %s is not seeded; using the holidays package as is.", year)
        return package_year(year)
    days_off = set(holidays_qs.filter(is_day_off=True).values_list("date", flat=True))
    working = set()
    for day, kind in WorkdayTransfer.objects.filter(date__year=year).values_list("date", "kind"):
        if kind == WorkdayTransfer.Kind.DAY_OFF:
            days_off.add(day)
        else:
            days_off.discard(day)
            working.add(day)
    return YearCalendar(
        days_off=frozenset(d for d in days_off if d.weekday() < SATURDAY),
        working_weekend_days=frozenset(d for d in working if d.weekday() >= SATURDAY),
    )


def year_calendar(year):
    """The (cached) calendar of one year, re-read when another process has edited it."""
    _ensure_fresh()
    return _cached_year(year)


def _cached_year(year):
    calendar = _cache.years.get(year)
    if calendar is None:
        calendar = _read_year(year)
        with _cache.lock:
            _cache.years[year] = calendar
    return calendar


def _works(day):
    """Whether `day` is a working day, from the cache as it stands (no freshness check)."""
    calendar = _cached_year(day.year)
    if day.weekday() >= SATURDAY:
        return day in calendar.working_weekend_days
    return day not in calendar.days_off


def note_calendar_changed():
    """Called on every edit: drop this process's cache now, tell the others after commit."""
    _cache.clear()
    transaction.on_commit(_bump_revision)


def _bump_revision():
    updated = CalendarRevision.objects.filter(pk=1).update(number=F("number") + 1)
    if not updated:
        CalendarRevision.objects.get_or_create(pk=1, defaults={"number": 1})
    _cache.clear()


def is_working_day(day):
    """True when `day` is a working day in Kazakhstan (five-day week, holidays and decrees applied)."""
    _ensure_fresh()
    return _works(day)


def next_working_day(day):
    """The first working day strictly after `day` (para 32: "no later than the next working day")."""
    return add_working_days(day, 1)


def previous_working_day(day):
    """The last working day strictly before `day` (paras 31, 39: the warning before the 5th)."""
    _ensure_fresh()
    current = day - timedelta(days=1)
    while not _works(current):
        current -= timedelta(days=1)
    return current


def add_working_days(day, n):
    """The date on which the n-th working day strictly after `day` falls.

    "Within three working days after X" ends at the close of add_working_days(X, 3): the day of X
    itself never counts, whether or not it is a working day. n = 0 gives `day` back.
    """
    if n < 0:
        raise ValueError("add_working_days counts forward only; n must be 0 or more")
    _ensure_fresh()
    current = day
    remaining = n
    while remaining:
        current += timedelta(days=1)
        if _works(current):
            remaining -= 1
    return current


def working_days_between(start, end):
    """How many working days fall after `start` up to and including `end` (0 when end <= start).

    The inverse of add_working_days: working_days_between(d, add_working_days(d, n)) == n.
    """
    _ensure_fresh()
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        count += _works(current)
    return count


def cached_terms(load):
    """The process terms' changes (terms.py), read by `load()` once per calendar revision."""
    _ensure_fresh()
    terms = _cache.terms
    if terms is None:
        terms = load()
        with _cache.lock:
            _cache.terms = terms
    return terms


def clear_cache():
    """Forget every cached year (tests, and the refresh_calendar command)."""
    _cache.clear()
