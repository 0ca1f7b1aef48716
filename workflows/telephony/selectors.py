"""Reads behind the supervisor dashboard and the quality reports: the 30-second standard (para 7), calls
and appeals by channel, ratings (para 13), the two working days of e-mail appeals (para 8), the quarantine.

Periods are local (Asia/Almaty) dates, both ends included; buckets (hour, day, month) are local too.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.apps import apps
from django.db.models import Avg, Count, F, Q
from django.db.models.functions import TruncDay, TruncHour, TruncMonth
from django.utils import timezone

from workflows.appeals.models import Appeal, phone_digits
from workflows.calendar.terms import term

from .models import Call, Rating

GRAINS = {"hour": TruncHour, "day": TruncDay, "month": TruncMonth}
BUCKET_FORMATS = {"hour": "%Y-%m-%d %H:00", "day": "%Y-%m-%d", "month": "%Y-%m"}


@dataclass(frozen=True)
class Period:
    """Local dates `first` through `last`, inclusive."""

    first: object
    last: object

    @property
    def start(self):
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def end(self):
        """The start of the day after `last` (calendar days: the lines work round the clock, para 6)."""
        return timezone.make_aware(datetime.combine(self.last + timedelta(days=1), time.min))

    def q(self, field):
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})


def _bucket(value, grain):
    return timezone.localtime(value).strftime(BUCKET_FORMATS[grain])


def _average(value):
    return round(value, 1) if value is not None else None


def calls(period):
    return Call.objects.filter(period.q("started_at"))


def number_pattern(phone):
    """A regular expression matching every way a number with the same last ten digits may be stored
    ("+7 701 123 45 67", "87011234567", "(701) 123-45-67"): `phone_digits` as the database can ask it."""
    digits = phone_digits(phone)
    return r"\D*".join(digits) + r"\D*$" if digits else None


def calls_by_number(phone, queryset=None):
    """Calls from `phone`, however the phone system wrote the number (the last ten digits decide)."""
    queryset = Call.objects.all() if queryset is None else queryset
    pattern = number_pattern(phone)
    return queryset.filter(caller_number__regex=pattern) if pattern else queryset.none()


def calls_on_dates(queryset, first=None, last=None):
    """`queryset` cut to the calls that started on the local dates `first` through `last` (either open)."""
    if first:
        queryset = queryset.filter(started_at__gte=Period(first, first).start)
    if last:
        queryset = queryset.filter(started_at__lt=Period(last, last).end)
    return queryset


def calls_matching(phone, start_date, end_date):
    """Para 14: the calls from `phone` on the local dates `start_date` through `end_date` (the record a body
    asks for), oldest first."""
    period = Period(start_date, end_date)
    return calls_by_number(phone, calls(period)).select_related("operator").order_by("started_at", "id")


def average_wait(period, grain="day"):
    """Para 7: the average wait on the line per hour, day or month, and whether it kept to 30 seconds."""
    rows = (
        calls(period)
        .annotate(bucket=GRAINS[grain]("started_at", tzinfo=timezone.get_current_timezone()))
        .values("bucket")
        .annotate(average=Avg("wait_seconds"), calls=Count("id"))
        .order_by("bucket")
    )
    standard = term("wait_standard", on=timezone.localdate())
    return [
        {
            "bucket": _bucket(row["bucket"], grain),
            "calls": row["calls"],
            "average_wait": _average(row["average"]),
            "standard": standard,
            "kept": row["average"] <= standard,
        }
        for row in rows
    ]


def by_channel(period):
    """Calls per line and appeals per channel (para 7: 1414, 8 800 080 7777, e-mail; and the web form)."""
    call_counts = dict(calls(period).values_list("line").annotate(n=Count("id")))
    appeal_counts = dict(
        Appeal.objects.filter(period.q("received_at")).values_list("channel").annotate(n=Count("id")).order_by()
    )
    return [
        {
            "code": value,
            "channel": str(label),
            "calls": call_counts.get(value, 0),
            "appeals": appeal_counts.get(value, 0),
        }
        for value, label in Appeal.Channel.choices
    ]


def ratings(period):
    return Rating.objects.filter(period.q("created_at"))


def ratings_per_operator(period):
    """Para 13: each operator's average score and how many scores it rests on."""
    rows = (
        ratings(period)
        .filter(operator__isnull=False)
        .values("operator__username", "operator__first_name", "operator__last_name")
        .annotate(average=Avg("score"), count=Count("id"))
        .order_by("operator__username")
    )
    return [
        {
            "operator": " ".join(filter(None, [row["operator__first_name"], row["operator__last_name"]]))
            or row["operator__username"],
            "ratings": row["count"],
            "average": _average(row["average"]),
        }
        for row in rows
    ]


def ratings_per_service(period):
    rows = (
        ratings(period)
        .filter(service__isnull=False)
        .values("service__register_number", "service__name_ru")
        .annotate(average=Avg("score"), count=Count("id"))
        .order_by("service__register_number")
    )
    return [
        {
            "service": f"{row['service__register_number']} {row['service__name_ru']}",
            "ratings": row["count"],
            "average": _average(row["average"]),
        }
        for row in rows
    ]


def ratings_per_day(period):
    rows = (
        ratings(period)
        .annotate(bucket=TruncDay("created_at", tzinfo=timezone.get_current_timezone()))
        .values("bucket")
        .annotate(average=Avg("score"), count=Count("id"))
        .order_by("bucket")
    )
    return [
        {"day": _bucket(row["bucket"], "day"), "ratings": row["count"], "average": _average(row["average"])}
        for row in rows
    ]


def email_compliance(period, now=None):
    """Para 8: e-mail appeals received each day, answered within their two working days (`due_at`, from the
    calendar) or late, and those still open — within the term or already past it."""
    now = now or timezone.now()
    answered = Q(answered_at__isnull=False)
    rows = (
        Appeal.objects.filter(period.q("received_at"), channel=Appeal.Channel.EMAIL)
        .annotate(bucket=TruncDay("received_at", tzinfo=timezone.get_current_timezone()))
        .values("bucket")
        .annotate(
            received=Count("id"),
            in_time=Count("id", filter=answered & Q(answered_at__lte=F("due_at"))),
            late=Count("id", filter=answered & Q(answered_at__gt=F("due_at"))),
            open_overdue=Count("id", filter=Q(answered_at__isnull=True, due_at__lt=now)),
        )
        .order_by("bucket")
    )
    result = []
    for row in rows:
        pending = row["received"] - row["in_time"] - row["late"] - row["open_overdue"]
        decided = row["in_time"] + row["late"] + row["open_overdue"]
        result.append(
            {
                "day": _bucket(row["bucket"], "day"),
                "received": row["received"],
                "answered_in_time": row["in_time"],
                "answered_late": row["late"],
                "open_overdue": row["open_overdue"],
                "open_within_term": pending,
                "compliance_percent": round(100 * row["in_time"] / decided, 1) if decided else None,
            }
        )
    return result


def mail_quarantine_installed():
    return apps.is_installed("workflows.mailintake")


def quarantine_size(period):
    """E-mails kept whole in the quarantine (para 8, workflows.mailintake) by the day they arrived."""
    inbound = apps.get_model("mailintake", "InboundMessage")
    rows = (
        inbound.objects.filter(period.q("received_at"), status=inbound.Status.QUARANTINED)
        .annotate(bucket=TruncDay("received_at", tzinfo=timezone.get_current_timezone()))
        .values("bucket")
        .annotate(count=Count("id"))
        .order_by("bucket")
    )
    return [{"day": _bucket(row["bucket"], "day"), "quarantined": row["count"]} for row in rows]


def applicant_calls(phone, *, limit=10):
    """The calls from `phone`, newest first, with their operator, appeal and score: the applicant's history
    beside an appeal (the `applicant_calls` hook)."""
    return list(
        calls_by_number(phone).select_related("operator", "appeal", "rating").order_by("-started_at", "-id")[:limit]
    )


def appeal_ratings(appeal_ids):
    """{appeal id: score} of the written appeals' ratings and the ratings of their calls."""
    ratings = {}
    for appeal_id, call_appeal_id, score in Rating.objects.filter(
        Q(appeal_id__in=appeal_ids) | Q(call__appeal_id__in=appeal_ids)
    ).values_list("appeal_id", "call__appeal_id", "score"):
        ratings[appeal_id or call_appeal_id] = score
    return ratings
