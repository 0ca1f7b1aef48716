"""What the reports read: the period, each recipient's rows of Annex 2 (para 31) and of the ICT report (para 39),
the period's totals, who receives which report, and who may see which.

Rows are read with `values()` in one query per report (no query per row), so a month of a large centre's
appeals reads in seconds on PostgreSQL.
"""

import calendar as _calendar
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.accounts.roles import own_body_ids
from workflows.appeals.models import Appeal
from workflows.calendar.clocks import fifth_of_following_month
from workflows.directory.models import StateBody
from workflows.ict.models import IctRequest
from workflows.interruptions.selectors.reports import notified_interruptions
from workflows.registry.models import PublicService

from .models import MANAGE, VIEW_ALL, Report, ReportDelivery

BodyKind = StateBody.Kind
# Para 31: the quality authority and the central and local bodies that provide public services.
ANNEX2_BODIES = (BodyKind.CENTRAL_BODY, BodyKind.LOCAL_EXECUTIVE_BODY)
# Para 39: the informatization authority and the ICI operator read every row; recipient bodies their own.
ICT_WHOLE = (BodyKind.INFORMATIZATION_AUTHORITY, BodyKind.ICI_OPERATOR)


@dataclass(frozen=True)
class Period:
    """A report's period: a month, or a quarter (the Annex 2 form's title says "for __ quarter"), inclusive."""

    start: date
    end: date

    @classmethod
    def month(cls, year, month):
        return cls(date(year, month, 1), date(year, month, _calendar.monthrange(year, month)[1]))

    @classmethod
    def quarter(cls, year, quarter):
        first = 3 * (quarter - 1) + 1
        return cls(date(year, first, 1), cls.month(year, first + 2).end)

    @classmethod
    def previous_month(cls, today):
        last = today.replace(day=1) - timedelta(days=1)
        return cls.month(last.year, last.month)

    @property
    def is_quarter(self):
        return (self.start.year, self.start.month) != (self.end.year, self.end.month)

    @property
    def quarter_number(self):
        return (self.start.month - 1) // 3 + 1

    def bounds(self):
        """[first moment, first moment after) in Almaty time, as aware datetimes."""
        since = timezone.make_aware(datetime.combine(self.start, time.min))
        until = timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))
        return since, until


def _localized(kk, ru):
    return kk or ru or ""


# --- Annex 2 (para 31) --------------------------------------------------------------------------------------


def sees_every_appeal(recipient):
    """The quality authority (and the UCC's own copy, no recipient) gets every appeal of the period."""
    return recipient is None or recipient.kind == BodyKind.QUALITY_AUTHORITY


def appeals_for(period, recipient):
    """The appeals received in `period` that `recipient`'s report carries: all for the quality authority; for a
    body those about the services it provides (the registry's providers) and, for a local executive body,
    those from its region too."""
    since, until = period.bounds()
    queryset = Appeal.objects.filter(received_at__gte=since, received_at__lt=until)
    if sees_every_appeal(recipient):
        return queryset
    condition = Q(service_id__in=PublicService.objects.filter(providers=recipient).values("pk"))
    if recipient.kind == BodyKind.LOCAL_EXECUTIVE_BODY and recipient.region_id:
        condition |= Q(region_id=recipient.region_id)
    return queryset.filter(condition)


ANNEX2_FIELDS = (
    "number",
    "received_at",
    "region__name_kk",
    "region__name_ru",
    "applicant_name",
    "content",
    "measures_taken",
    "state",
    "is_complaint",
    "referred_to__name_kk",
    "referred_to__name_ru",
    "channel",
    "service_id",
    "answered_at",
)


def annex2_report(period, recipient=None):
    """(rows, totals) of the Annex 2 form for `recipient`, from one read of its appeals of the period.

    The rows, oldest first: columns 1-7 (№, appeal number, registration date, region, applicant's
    surname-name-patronymic, content, measures taken) and the complaint flag. The totals, for the summary page:
    the period's appeals by channel, region, service and outcome (state), the complaints, and the average time
    from registration to the answer (a timedelta, None when nothing was answered).

    The totals are counted on the rows as they are read: counting them again in the database took five more
    scans of the recipient's month (GROUP BY channel, region, service, state and the aggregates), which were
    three quarters of the time of a month's run for 35 recipients from 1,000,000 appeals (bench/reports_data.py).
    """
    values = appeals_for(period, recipient).order_by("received_at", "pk").values_list(*ANNEX2_FIELDS)
    zone = timezone.get_current_timezone()
    services = _service_labels()
    rows, tally = [], _Tally()
    for index, (
        number,
        received,
        region_kk,
        region_ru,
        name,
        content,
        measures,
        state,
        complaint,
        ref_kk,
        ref_ru,
        channel,
        service_id,
        answered,
    ) in enumerate(values.iterator(chunk_size=5000), start=1):
        region = _localized(region_kk, region_ru)
        rows.append(
            {
                "n": index,
                "number": number,
                "registered_on": received.astimezone(zone).date(),
                "region": region,
                "applicant": name,
                "content": content,
                "measures": measures or _outcome_text(state, _localized(ref_kk, ref_ru)),
                "is_complaint": complaint,
            }
        )
        tally.add(channel, region, services.get(service_id, ""), state, complaint, received, answered)
    return rows, tally.totals()


def annex2_rows(period, recipient=None):
    """The rows of `annex2_report` alone."""
    return annex2_report(period, recipient)[0]


def annex2_totals(period, recipient=None):
    """The totals of `annex2_report` alone."""
    return annex2_report(period, recipient)[1]


class _Tally:
    """The summary page's counts, taken row by row."""

    def __init__(self):
        self.by = {name: Counter() for name in ("channel", "region", "service", "outcome")}
        self.complaints = self.answered = 0
        self.waited = timedelta(0)

    def add(self, channel, region, service, state, complaint, received, answered):
        self.by["channel"][channel] += 1
        self.by["region"][region] += 1
        self.by["service"][service] += 1
        self.by["outcome"][state] += 1
        self.complaints += bool(complaint)
        if answered is not None:
            self.answered += 1
            self.waited += answered - received

    def totals(self):
        def ranked(counts):
            return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

        return {
            "total": sum(self.by["channel"].values()),
            "complaints": self.complaints,
            "by_channel": ranked(self.by["channel"]),
            "by_region": ranked(self.by["region"]),
            "by_service": ranked(self.by["service"]),
            "by_outcome": ranked(self.by["outcome"]),
            "answered": self.answered,
            "average_answer": self.waited / self.answered if self.answered else None,
        }


def _service_labels():
    """{service id: "register number name"} of the whole registry: one small query instead of a join per row."""
    return {
        pk: _service_label(number, name_kk, name_ru)
        for pk, number, name_kk, name_ru in PublicService.objects.values_list(
            "pk", "register_number", "name_kk", "name_ru"
        )
    }


# Column 7 for an appeal whose operator wrote no measures: what became of it, in both languages.
OUTCOME_TEXTS = {
    Appeal.State.ANSWERED: "Жауап берілді / Дан ответ",
    Appeal.State.CLOSED: "Жабылды / Закрыто",
    Appeal.State.MERGED: "Басқа өтінішке біріктірілді / Объединено с другим обращением",
    Appeal.State.REFERRED: "Құзыретті органға жіберілді / Направлено в компетентный орган",
}
OPEN_TEXT = "Қаралуда / На рассмотрении"


def _outcome_text(state, referred_to):
    text = OUTCOME_TEXTS.get(state, OPEN_TEXT)
    return f"{text}: {referred_to}" if state == Appeal.State.REFERRED and referred_to else text


def _service_label(number, name_kk, name_ru):
    return f"{number} {_localized(name_kk, name_ru)}" if number else ""


# --- the ICT report (para 39) -------------------------------------------------------------------------------


def ict_requests_for(period, recipient):
    since, until = period.bounds()
    queryset = IctRequest.objects.filter(received_at__gte=since, received_at__lt=until)
    if recipient is None or recipient.kind in ICT_WHOLE:
        return queryset
    return queryset.filter(body=recipient)


ICT_FIELDS = (
    "number",
    "received_at",
    "body__name_kk",
    "body__name_ru",
    "service__code",
    "service__name_kk",
    "service__name_ru",
    "request_type",
    "subject",
    "forwarded_at",
    "first_answered_at",
    "first_answer_due",
    "resolved_at",
    "resolution_due",
    "state",
)


def ict_rows(period, recipient=None):
    """The ICT requests of the period, oldest first: who asked about which service, whether it went to the ICI
    operator (para 36), and the first answer and resolution against their terms (para 37)."""
    now = timezone.now()
    rows = []
    values = ict_requests_for(period, recipient).order_by("received_at", "pk").values(*ICT_FIELDS)
    for index, row in enumerate(values.iterator(chunk_size=5000), start=1):
        rows.append(
            {
                "n": index,
                "number": row["number"],
                "registered_on": timezone.localtime(row["received_at"]).date(),
                "body": _localized(row["body__name_kk"], row["body__name_ru"]),
                "service": " ".join(
                    filter(None, (row["service__code"], _localized(row["service__name_kk"], row["service__name_ru"])))
                ),
                "request_type": row["request_type"],
                "subject": row["subject"],
                "forwarded": row["forwarded_at"] is not None,
                "first_answer": _term(row["first_answered_at"], row["first_answer_due"], now),
                "resolution": _term(row["resolved_at"], row["resolution_due"], now),
            }
        )
    return rows


def _term(done_at, due, now):
    """ "in_time", "late", "open_late" (still open past its term) or "open"."""
    if done_at is not None:
        return "in_time" if done_at <= due else "late"
    return "open_late" if due < now else "open"


def ict_interruptions(period, recipient=None):
    """Para 38 in the ICT report: the period's planned interruptions that were notified, each with its number
    in the section (`n`) and whether the notice came 24 hours before the start. The informatization authority
    and the ICI operator read all of them; a body the ones it was told of."""
    since, until = period.bounds()
    body = None if recipient is None or recipient.kind in ICT_WHOLE else recipient
    return [{"n": index, **row} for index, row in enumerate(notified_interruptions(since, until, body), start=1)]


def ict_totals(rows, interruptions=()):
    """The ICT report's summary from its rows: by body and service, forwarded, terms met; and of the
    interruptions (para 38) how many were notified, how many at least 24 hours before the start, how many late."""
    by_body = Counter(row["body"] for row in rows)
    by_service = Counter(row["service"] for row in rows)
    late = sum(row["late"] for row in interruptions)
    return {
        "total": len(rows),
        "forwarded": sum(row["forwarded"] for row in rows),
        "by_body": by_body.most_common(),
        "by_service": by_service.most_common(),
        "first_answer": Counter(row["first_answer"] for row in rows),
        "resolution": Counter(row["resolution"] for row in rows),
        "interruptions": {"notified": len(interruptions), "in_time": len(interruptions) - late, "late": late},
    }


# --- recipients and deliveries ------------------------------------------------------------------------------


def recipients(kind, period):
    """Who is owed the period's report of `kind` (paras 31 and 39)."""
    active = StateBody.objects.filter(is_active=True)
    if kind == Report.Kind.ANNEX2:
        return list(active.filter(kind__in=(BodyKind.QUALITY_AUTHORITY, *ANNEX2_BODIES)).order_by("kind", "code"))
    since, until = period.bounds()
    asking = IctRequest.objects.filter(received_at__gte=since, received_at__lt=until).values("body_id")
    return list(active.filter(Q(kind__in=ICT_WHOLE) | Q(pk__in=asking)).order_by("kind", "code"))


def contact_addresses(body):
    """The body's report contacts; its directory e-mail when it has none."""
    addresses = list(body.report_contacts.order_by("pk").values_list("email", flat=True))
    return addresses or ([body.email] if body.email else [])


def deadline(period):
    """Paras 31, 39: due by the 5th of the month after the period."""
    return fifth_of_following_month(period.end)


def due_retries(now=None):
    """Failed deliveries whose back-off has passed."""
    now = now or timezone.now()
    return ReportDelivery.objects.filter(state=ReportDelivery.State.FAILED, next_attempt_at__lte=now)


def undelivered(period):
    """The period's deliveries not sent yet (generated, sending, failed): what the warning names."""
    return (
        ReportDelivery.objects.filter(period_start=period.start, period_end=period.end)
        .exclude(state__in=ReportDelivery.DELIVERED)
        .select_related("recipient")
    )


# --- who sees which report (para 16) ------------------------------------------------------------------------


def sees_all(user):
    return user.is_superuser or user.has_perm(MANAGE) or user.has_perm(VIEW_ALL)


def visible_reports(user):
    """The UCC's supervisors and coordinators see every report; the authorities' and bodies' users only those
    addressed to the bodies they belong to."""
    queryset = Report.objects.select_related("recipient", "generated_by")
    if sees_all(user):
        return queryset
    return queryset.filter(recipient__in=own_body_ids(user))


def visible_deliveries(user):
    queryset = ReportDelivery.objects.select_related("recipient", "report")
    if sees_all(user):
        return queryset
    return queryset.filter(recipient__in=own_body_ids(user))


def delivery_of(user, report):
    """The delivery that carries `report`'s recipient, kind and period (None for the UCC's own copy)."""
    if report.recipient_id is None:
        return None
    same = {"kind": report.kind, "period_start": report.period_start, "period_end": report.period_end}
    return visible_deliveries(user).filter(recipient=report.recipient_id, **same).first()


def latest_versions(queryset, limit=2000):
    """Only the newest version of each (kind, period, recipient), the latest periods first."""
    seen, latest = set(), []
    for report in queryset.order_by("-period_start", "kind", "recipient__name_ru", "-version")[:limit]:
        key = (report.kind, report.period_start, report.period_end, report.recipient_id)
        if key not in seen:
            seen.add(key)
            latest.append(report)
    return latest


VERBS = {
    "generated": _("generated"),
    "sent": _("sent"),
    "failed": _("sending failed"),
    "retry_failed": _("sending failed again"),
    "retried": _("sent on a retry"),
    "resent": _("sent again by a supervisor"),
    "acknowledged": _("receipt confirmed by the recipient"),
}


def history(delivery):
    """The delivery's events, oldest first, each with its `label`."""
    events = list(delivery.events.select_related("actor"))
    for event in events:
        event.label = VERBS.get(event.verb, event.verb)
    return events
