"""The compliance dashboard (issue 18, item 7): for a period and a region, each clock of the Rules and how
often it was met. It reads every process, so it lives here, in the top process layer.

A record counts in the period its clock started in (an appeal by the day it was received, a protocol's
training by the day the information arrived …; the *Counted by* column says which). Whether the clock was met
is read from the record's own stored deadline (computed by `workflows.calendar` when the record was written)
or its stored late flag, never recomputed here; only the reports, which store no deadline of their own, ask
the calendar for theirs (`monthly_report_deadline`, the close of the 5th) and count in the period that 5th
falls in. No personal data: counts only.

Regions: appeals carry their region, calls the region of the appeal registered from them. Every other record
has no region: it counts in "all regions" only, and a chosen region shows it as not applicable.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.appeals.models import Appeal
from workflows.authorities.models import CallRecordRequest, DiscrepancyRequest, Escalation
from workflows.calendar.clocks import local_date, monthly_report_deadline
from workflows.calendar.terms import term
from workflows.directory.models import Region
from workflows.interruptions.models import InterruptionNotice
from workflows.onboarding.models import OnboardingProtocol
from workflows.registry.models import ResponsiblePerson, ServiceChange
from workflows.telephony.dashboard import Chart
from workflows.telephony.dashboard import PeriodForm as TelephonyPeriodForm
from workflows.telephony.models import Call
from workflows.telephony.selectors import Period

from .models import Report, ReportDelivery

PERMISSION = "reports.view_compliance"
OUTCOMES = ("total", "met", "missed", "open_within_term", "open_overdue", "percent_met")
COLUMNS = [
    ("clock", _("Clock of the Rules")),
    ("counted_by", _("Counted by")),
    ("total", _("Total")),
    ("met", _("Met")),
    ("missed", _("Missed")),
    ("open_within_term", _("Open, not yet due")),
    ("open_overdue", _("Open, overdue")),
    ("percent_met", _("Met, %")),
]
SERIES = ["met", "missed", "open_within_term", "open_overdue"]
ALWAYS, NEVER = Q(pk__isnull=False), Q(pk__isnull=True)


class PeriodForm(forms.Form):
    """The period (Wagtail's date picker, as on the telephony dashboard) and a region."""

    date_from = TelephonyPeriodForm.base_fields["date_from"]
    date_to = TelephonyPeriodForm.base_fields["date_to"]
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("pk"), required=False, empty_label=_("All regions")
    )

    def clean(self):
        data = super().clean()
        period = TelephonyPeriodForm({"date_from": data.get("date_from"), "date_to": data.get("date_to")})
        if not period.is_valid():
            raise forms.ValidationError(list(period.non_field_errors()))
        data["period"] = period.cleaned_data["period"]
        return data


@dataclass
class Tally:
    """The outcomes of one clock. `met`/`missed` are the records done in time or late; the open ones are
    split by whether their deadline has passed."""

    met: int = 0
    missed: int = 0
    open_within_term: int = 0
    open_overdue: int = 0

    @property
    def total(self):
        return self.met + self.missed + self.open_within_term + self.open_overdue

    @property
    def percent_met(self):
        """Of the records whose outcome is known (done, or open past the deadline)."""
        decided = self.met + self.missed + self.open_overdue
        return round(100 * self.met / decided, 1) if decided else None

    def row(self, clock, counted_by):
        row = {"clock": str(clock), "counted_by": str(counted_by)}
        row.update({key: getattr(self, key) for key in OUTCOMES})
        return row


def _tally(queryset, *, done, late, open_, overdue):
    """One query: the four outcomes as conditional counts over `queryset`."""
    counts = queryset.aggregate(
        met=Count("pk", filter=done & ~late),
        missed=Count("pk", filter=done & late),
        open_within_term=Count("pk", filter=open_ & ~overdue),
        open_overdue=Count("pk", filter=open_ & overdue),
    )
    return Tally(**counts)


def _deadlined(queryset, *, done_field, due_field, late, now, closed=NEVER):
    """A record with a stored deadline: done when `done_field` is set, open unless `closed` (cancelled …)."""
    done = Q(**{f"{done_field}__isnull": False})
    open_ = Q(**{f"{done_field}__isnull": True}) & ~closed
    return _tally(queryset, done=done, late=late, open_=open_, overdue=Q(**{f"{due_field}__lt": now}))


def _dates(period, field):
    return Q(**{f"{field}__gte": period.first, f"{field}__lte": period.last})


def written_answers(period, region, now):
    """Para 8: e-mail (and the other written channels) answered within two working days (`due_at`)."""
    appeals = Appeal.objects.filter(period.q("received_at"), channel__in=Appeal.WRITTEN_CHANNELS, due_at__isnull=False)
    if region:
        appeals = appeals.filter(region=region)
    return _deadlined(
        appeals,
        done_field="answered_at",
        due_field="due_at",
        late=Q(answered_at__gt=F("due_at")),
        now=now,
    )


def waiting_time(period, region, now):
    """Para 7: each call answered within 30 seconds of waiting; a call has no open state."""
    calls = Call.objects.filter(period.q("started_at"))
    if region:
        calls = calls.filter(appeal__region=region)
    late = Q(wait_seconds__gt=term("wait_standard", on=now))
    return _tally(calls, done=Q(), late=late, open_=NEVER, overdue=NEVER)


def _onboarding_step(done_field, due_field, late_field, *, overdue):
    ended = Q(state__in=(OnboardingProtocol.State.CANCELLED, OnboardingProtocol.State.WITHDRAWN))

    def tally(protocols):
        return _tally(
            protocols.filter(**{f"{due_field}__isnull": False}),
            done=Q(**{f"{done_field}__isnull": False}),
            late=Q(**{late_field: True}),
            open_=Q(**{f"{done_field}__isnull": True}) & ~ended,
            overdue=overdue,
        )

    return tally


def onboarding_information(period, region, now):
    """Para 20: the responsible person and the Annex 1 information within three working days."""
    overdue = Q(information_due__lt=now)
    step = _onboarding_step("information_received_on", "information_due", "information_late", overdue=overdue)
    return step(OnboardingProtocol.objects.filter(_dates(period, "bylaw_approved_on")))


def onboarding_training(period, region, now):
    """Para 21: the training within ten working days after the information arrived."""
    step = _onboarding_step("training_held_on", "training_due", "training_late", overdue=Q(training_due__lt=now))
    return step(OnboardingProtocol.objects.filter(_dates(period, "information_received_on")))


def onboarding_consultations(period, region, now):
    """Paras 22-23: consultations from the date the signed protocol sets (`consultation_start_date`)."""
    overdue = Q(consultation_start_date__lt=timezone.localdate(now))
    step = _onboarding_step(
        "consultations_started_on", "consultation_start_date", "consultations_started_late", overdue=overdue
    )
    return step(OnboardingProtocol.objects.filter(_dates(period, "signed_on")))


def bylaw_changes(period, region, now):
    """Para 26: the information updated within five working days of the by-law change (`update_due`)."""
    return _deadlined(
        ServiceChange.objects.filter(_dates(period, "changed_on")),
        done_field="information_updated_at",
        due_field="update_due",
        late=Q(updated_late=True),
        now=now,
    )


def replacements(period, region, now):
    """Para 27: the UCC told of a replaced responsible person within five working days (`notification_due`)."""
    return _deadlined(
        ResponsiblePerson.objects.filter(_dates(period, "replaced_on"), notification_due__isnull=False),
        done_field="notified_on",
        due_field="notification_due",
        late=Q(notified_late=True),
        now=now,
    )


def _authority_clock(model, counted_by_field):
    def tally(period, region, now):
        field_q = period.q(counted_by_field) if counted_by_field.endswith("_at") else _dates(period, counted_by_field)
        return _deadlined(
            model.objects.filter(field_q), done_field="handled_at", due_field="due_at", late=Q(late=True), now=now
        )

    return tally


call_records = _authority_clock(CallRecordRequest, "received_at")  # para 14: four calendar hours
escalations = _authority_clock(Escalation, "repeated_on")  # para 28: three working days
discrepancies = _authority_clock(DiscrepancyRequest, "received_at")  # para 32: by the next working day


def interruption_notices(period, region, now):
    """Para 38: a planned interruption notified at least 24 hours before it starts (`latest_notice_at`)."""
    return _deadlined(
        InterruptionNotice.objects.filter(period.q("starts_at")),
        done_field="notified_at",
        due_field="latest_notice_at",
        late=Q(notified_at__gt=F("latest_notice_at")),
        now=now,
        closed=Q(state=InterruptionNotice.State.CANCELLED),
    )


def _report_deliveries(kind):
    def tally(period, region, now):
        """Paras 31, 39: each recipient's report delivered by the close of the 5th after its period, counted in
        the period that 5th falls in. A delivery stores no deadline: the calendar gives it from the period."""
        total = Tally()
        deliveries = ReportDelivery.objects.filter(kind=kind)
        for period_end in deliveries.values_list("period_end", flat=True).distinct().order_by():
            due = monthly_report_deadline(period_end)
            if not period.first <= local_date(due) <= period.last:
                continue
            month_tally = _tally(
                deliveries.filter(period_end=period_end),
                done=Q(sent_at__isnull=False),
                late=Q(sent_at__gt=due),
                open_=Q(sent_at__isnull=True),
                overdue=ALWAYS if due < now else NEVER,
            )
            for key in SERIES:
                setattr(total, key, getattr(total, key) + getattr(month_tally, key))
        return total

    return tally


@dataclass(frozen=True)
class Clock:
    key: str
    label: object
    counted_by: object
    tally: object
    regional: bool = False


GROUPS = [
    (
        "answers",
        _("Answers to appeals and waiting on the line"),
        _("Paras 7 and 8: written appeals answered within two working days; calls answered within 30 seconds."),
        [
            Clock(
                "written_answers",
                _("E-mail and web appeals answered in 2 working days (para 8)"),
                _("date received"),
                written_answers,
                True,
            ),
            Clock(
                "waiting_time",
                _("Waiting on the line at most 30 s (para 7)"),
                _("date of the call"),
                waiting_time,
                True,
            ),
        ],
    ),
    (
        "onboarding",
        _("Onboarding of public services"),
        _(
            "Paras 20-23: the information in 3 working days, the training in 10, consultations from the date the "
            "signed protocol sets (para 22 has no term of its own)."
        ),
        [
            Clock(
                "onboarding_information",
                _("Responsible person and Annex 1 information in 3 working days (para 20)"),
                _("by-law approval date"),
                onboarding_information,
            ),
            Clock(
                "onboarding_training",
                _("Training in 10 working days (para 21)"),
                _("date the information arrived"),
                onboarding_training,
            ),
            Clock(
                "onboarding_consultations",
                _("Consultations started on time (paras 22, 23)"),
                _("date the protocol was signed"),
                onboarding_consultations,
            ),
        ],
    ),
    (
        "registry",
        _("The registry of public services"),
        _(
            "Para 26: information updated within 5 working days of a by-law change; para 27: a replacement told "
            "within 5 working days."
        ),
        [
            Clock(
                "bylaw_changes",
                _("By-law changes updated in 5 working days (para 26)"),
                _("date of the change"),
                bylaw_changes,
            ),
            Clock(
                "replacements",
                _("Replacements told in 5 working days (para 27)"),
                _("date of the replacement"),
                replacements,
            ),
        ],
    ),
    (
        "authorities",
        _("Requests of the authorities"),
        _(
            "Para 14: call records in 4 hours; para 28: escalations in 3 working days; para 32: discrepancies "
            "explained by the next working day."
        ),
        [
            Clock("call_records", _("Call records in 4 hours (para 14)"), _("date received"), call_records),
            Clock(
                "escalations",
                _("Escalations in 3 working days (para 28)"),
                _("date of the repeated refusal"),
                escalations,
            ),
            Clock(
                "discrepancies",
                _("Discrepancies explained by the next working day (para 32)"),
                _("date received"),
                discrepancies,
            ),
        ],
    ),
    (
        "notices_and_reports",
        _("Interruption notices and the monthly reports"),
        _("Para 38: interruptions notified at least 24 hours before; paras 31 and 39: reports delivered by the 5th."),
        [
            Clock(
                "interruption_notices",
                _("Interruptions notified 24 hours before (para 38)"),
                _("start of the interruption"),
                interruption_notices,
            ),
            Clock(
                "annex2_reports",
                _("Reports on appeals delivered by the 5th (para 31)"),
                _("deadline: the 5th"),
                _report_deliveries(Report.Kind.ANNEX2),
            ),
            Clock(
                "ict_reports",
                _("Reports on ICT services delivered by the 5th (para 39)"),
                _("deadline: the 5th"),
                _report_deliveries(Report.Kind.ICT),
            ),
        ],
    ),
]


def clock_rows(clocks, period, region=None, now=None):
    """One row per clock; with a region, the clocks of records without one are left out (counted in all
    regions only)."""
    now = now or timezone.now()
    return [
        clock.tally(period, region, now).row(clock.label, clock.counted_by)
        for clock in clocks
        if clock.regional or region is None
    ]


def charts(period, region=None, now=None):
    """Each group of clocks as a stacked bar chart (met, missed, open) with its table."""
    return [
        Chart(key, title, description, "bar", COLUMNS, "clock", SERIES, clock_rows(clocks, period, region, now), True)
        for key, title, description, clocks in GROUPS
    ]


def regionless_clocks():
    """The clocks whose records carry no region: shown only for all regions (said on the screen)."""
    return [clock.label for _key, _title, _description, clocks in GROUPS for clock in clocks if not clock.regional]


__all__ = ["PERMISSION", "Period", "PeriodForm", "charts", "clock_rows", "regionless_clocks"]
