"""The clocks of the Rules, each as a function that turns a start into a due moment.

Working-day clocks end at the close of the due day, local time (Asia/Almaty); hour clocks run
round the clock (para 6: the UCC works without breaks, weekends or holidays).
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .terms import term
from .working_days import add_working_days, is_working_day, next_working_day, previous_working_day

END_OF_DAY = time(23, 59, 59, 999999)
# The working hours of a working day, local time (Asia/Almaty): the five-day week's 09:00-18:00, no break
# counted out. Para 37's terms "in working hours" (the ICT desk's Regulations) run on this clock only.
WORKING_DAY_STARTS = time(9, 0)
WORKING_DAY_ENDS = time(18, 0)


def local_date(moment):
    """The calendar date of an aware moment in Kazakhstan (or a date, unchanged)."""
    if isinstance(moment, datetime):
        return timezone.localtime(moment).date()
    return moment


def end_of_day(day):
    """The last instant of `day` in local time, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, END_OF_DAY))


def working_days_deadline(start, n):
    """Due at the close of the n-th working day after `start` (a date or an aware datetime).

    Used for para 8 (answer an e-mail appeal within 2 wd), para 20 (3 wd), para 21 (10 wd),
    paras 26 and 27 (5 wd) and para 28 (3 wd).
    """
    return end_of_day(add_working_days(local_date(start), n))


def consultation_start_date(signed_on):
    """Para 23: the UCC begins to inform service recipients "after five working days from the date of
    signing the protocol", i.e. on the calendar day after the fifth working day after `signed_on`.

    A calendar day, not a working day: the UCC answers round the clock (para 6), so consultations may
    start on a Saturday or a holiday.
    """
    signed_on = local_date(signed_on)
    return add_working_days(signed_on, term("consultation_start", on=signed_on)) + timedelta(days=1)


def next_working_day_deadline(start):
    """Para 32: explanatory information no later than the next working day (the term's value: 1)."""
    day = local_date(start)
    return end_of_day(add_working_days(day, term("discrepancy", on=day)))


def calendar_hours_deadline(start, hours):
    """Para 14: a call record within four hours of the request, counted round the clock."""
    if timezone.is_naive(start):
        raise ValueError("calendar_hours_deadline needs an aware datetime")
    return start + timedelta(hours=hours)


def fifth_of_following_month(period):
    """Paras 31 and 39: the report for the month of `period` is due by the 5th of the next month
    (a calendar date; the Rules do not move it off weekends)."""
    day = local_date(period)
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, term("report_day", on=date(year, month, 1)))


def monthly_report_deadline(period):
    """The close of the 5th of the month after `period` (paras 31, 39)."""
    return end_of_day(fifth_of_following_month(period))


def report_warning_day(period):
    """Paras 31 and 39: the supervisors are warned of the month's reports not yet delivered on the last working
    day before the 5th of the next month, so a 5th that falls on a day off is still met (the Rules do not move
    it). The reports exist from the 1st: when the 1st to the 4th are all days off (the New Year), the warning
    comes on the 1st, a day the UCC works round the clock (para 6)."""
    fifth = fifth_of_following_month(period)
    return max(previous_working_day(fifth), fifth.replace(day=1))


def latest_notice_before(start):
    """Para 38: a planned interruption is notified at least one day (24 hours, the term) before it starts."""
    if timezone.is_naive(start):
        raise ValueError("latest_notice_before needs an aware datetime")
    return start - timedelta(hours=term("interruption_notice", on=start))


def notice_in_time(sent_at, start):
    """True when a notice sent at `sent_at` respects para 38 for an interruption at `start`."""
    return sent_at <= latest_notice_before(start)


def next_time_of_day(at, now=None):
    """The next moment the local clock shows `at` (for schedules: a calendar moment, not a deadline)."""
    now = timezone.localtime(now)
    candidate = timezone.make_aware(datetime.combine(now.date(), at))
    return candidate if candidate > now else timezone.make_aware(datetime.combine(now.date() + timedelta(days=1), at))


def next_minute(now=None):
    """The local time of day one minute from now: the every-minute schedule starts at once, not at midnight."""
    return (timezone.localtime(now) + timedelta(minutes=1)).time().replace(second=0, microsecond=0)


def same_day_next_month(day):
    """Para 28's "within a month" as the calendar reads it: the same day of the next month, or that month's
    last day when it has no such day (31 January → 28 or 29 February)."""
    day = local_date(day)
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    following = date(year, month % 12 + 1, 1) if month < 12 else date(year + 1, 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def _working_start(day):
    return timezone.make_aware(datetime.combine(day, WORKING_DAY_STARTS))


def working_hours_deadline(start, hours):
    """Para 37: due when `hours` working hours have passed after `start` (an aware datetime).

    Only the hours WORKING_DAY_STARTS-WORKING_DAY_ENDS of working days count (weekends, holidays and the
    decreed transfers from the calendar); a request that comes in the evening, at night or on a day off
    starts counting at the opening of the next working day. Friday 17:00 + 4 h is Monday 12:00.
    """
    if timezone.is_naive(start):
        raise ValueError("working_hours_deadline needs an aware datetime")
    if hours < 0:
        raise ValueError("working_hours_deadline counts forward only")
    current = timezone.localtime(start)
    day = current.date()
    if not is_working_day(day) or current.time() >= WORKING_DAY_ENDS:
        current = _working_start(next_working_day(day))
    elif current.time() < WORKING_DAY_STARTS:
        current = _working_start(day)
    remaining = timedelta(hours=hours)
    while True:
        close = timezone.make_aware(datetime.combine(current.date(), WORKING_DAY_ENDS))
        if current + remaining <= close:
            return current + remaining
        remaining -= close - current
        current = _working_start(next_working_day(current.date()))
