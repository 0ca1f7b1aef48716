"""Queries on onboarding protocols for the board, the listings, the reminders and the timeline."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.accounts.roles import is_restricted_to_own_body, own_body_ids
from workflows.calendar.clocks import local_date, working_days_deadline
from workflows.registry.models import PublicService, ResponsiblePerson, ServiceChange
from workflows.registry.selectors import services_for

from .models import OnboardingProtocol

State = OnboardingProtocol.State
DUE_SOON_WORKING_DAYS = 1  # "due soon": due by the close of the next working day


def protocols_for(user):
    """The protocols `user` may see and act on: a body's responsible person only their own body's."""
    queryset = OnboardingProtocol.objects.select_related("service", "body", "responsible_person")
    if is_restricted_to_own_body(user):
        queryset = queryset.filter(body_id__in=own_body_ids(user))
    return queryset


def _pending(due_before=None, due_from=None):
    """Protocols waiting for a step with a deadline (para 20's information, para 21's training)."""
    information, training = Q(state=State.BYLAW_APPROVED), Q(state__in=OnboardingProtocol.BEFORE_TRAINING)
    if due_before is not None:
        information &= Q(information_due__lt=due_before)
        training &= Q(training_due__lt=due_before)
    if due_from is not None:
        information &= Q(information_due__gte=due_from)
        training &= Q(training_due__gte=due_from)
    return OnboardingProtocol.objects.filter(information | training)


def overdue_protocols(now=None, queryset=None):
    """Protocols whose pending step's deadline has passed (paras 20, 21)."""
    overdue = _pending(due_before=now or timezone.now())
    return (queryset if queryset is not None else OnboardingProtocol.objects).filter(pk__in=overdue.values("pk"))


def due_soon_protocols(now=None, queryset=None):
    """Protocols whose pending step is due by the close of the next working day, not yet overdue."""
    now = now or timezone.now()
    horizon = working_days_deadline(now, DUE_SOON_WORKING_DAYS)
    soon = _pending(due_from=now).filter(
        Q(state=State.BYLAW_APPROVED, information_due__lte=horizon)
        | Q(state__in=OnboardingProtocol.BEFORE_TRAINING, training_due__lte=horizon)
    )
    return (queryset if queryset is not None else OnboardingProtocol.objects).filter(pk__in=soon.values("pk"))


def late_protocols(now=None, queryset=None):
    """Protocols with a step done late or overdue now (highlighted on the board)."""
    queryset = queryset if queryset is not None else OnboardingProtocol.objects
    done_late = Q(information_late=True) | Q(training_late=True) | Q(consultations_started_late=True)
    return queryset.filter(done_late | Q(pk__in=_pending(due_before=now or timezone.now()).values("pk")))


@dataclass(frozen=True)
class StageCount:
    state: str
    label: str
    count: int
    late: int
    percent: int  # of the largest stage, for the bar's length


def in_stage_order(queryset):
    """Ordered as the Rules go: by-law approved first, consultations (then cancelled, withdrawn) last."""
    order = [When(state=state, then=Value(n)) for n, state in enumerate(State.values)]
    stage = Case(*order, output_field=IntegerField())
    return queryset.order_by(stage, "bylaw_approved_on", "pk")


def _count_by(queryset, field):
    return dict(queryset.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n"))


def _count_by_state(queryset):
    return _count_by(queryset, "state")


def stage_counts(queryset, now=None):
    """How many protocols are at each stage, and how many of them are late (the board's chart)."""
    totals = _count_by_state(queryset)
    late = _count_by_state(late_protocols(now, queryset))
    largest = max(totals.values(), default=0) or 1
    return [
        StageCount(state, label, totals.get(state, 0), late.get(state, 0), round(100 * totals.get(state, 0) / largest))
        for state, label in State.choices
    ]


def services_by_status(user):
    """The registry's services `user` may see, counted by UCC status (those never onboarded included)."""
    counts = _count_by(services_for(user), "ucc_status")
    return [(label, counts.get(status, 0)) for status, label in PublicService.UccStatus.choices]


@dataclass(frozen=True)
class Event:
    day: date
    title: str
    detail: str = ""
    late: bool = False
    source: str = "protocol"  # protocol | change (para 26) | replacement (para 27) | reminder


def _step_events(protocol):
    for step in protocol.steps():
        if step.done_on:
            yield Event(step.done_on, str(step.label), late=step.late)
    if protocol.closed_on:
        yield Event(protocol.closed_on, protocol.get_state_display(), protocol.closed_reason)


def _change_events(protocol, now):
    """Para 26: by-law changes of the service, with their five-working-day deadline."""
    for change in ServiceChange.objects.filter(service_id=protocol.service_id):
        overdue = change.state == ServiceChange.State.REPORTED and change.update_due < now
        detail = _("%(what)s — information due by %(due)s, %(state)s") % {
            "what": change.what_changed,
            "due": local_date(change.update_due).strftime("%d.%m.%Y"),
            "state": change.get_state_display(),
        }
        yield Event(change.changed_on, _("By-law changed (para 26)"), detail, change.updated_late or overdue, "change")


def _replacement_events(protocol, now):
    """Para 27: replacements of the persons responsible for the service or named on the protocol."""
    people = ResponsiblePerson.objects.filter(
        Q(responsibilities__service_id=protocol.service_id) | Q(onboarding_protocols=protocol),
        replaced_on__isnull=False,
    ).distinct()
    for person in people.select_related("replaced_by"):
        unnotified = person.notified_on is None and person.notification_due and person.notification_due < now
        detail = _("%(person)s replaced by %(successor)s — UCC to be notified by %(due)s") % {
            "person": person.full_name,
            "successor": person.replaced_by.full_name if person.replaced_by else "—",
            "due": local_date(person.notification_due).strftime("%d.%m.%Y") if person.notification_due else "—",
        }
        yield Event(
            person.replaced_on,
            _("Responsible person replaced (para 27)"),
            detail,
            person.notified_late or bool(unnotified),
            "replacement",
        )


def _reminder_events(protocol):
    for reminder in protocol.reminders.all():
        yield Event(
            local_date(reminder.sent_at),
            _("Reminder sent: %(kind)s") % {"kind": reminder.get_kind_display()},
            reminder.recipients,
            source="reminder",
        )


def timeline(protocol, now=None):
    """Everything that happened to the protocol and its service, oldest first: the steps of paras 20-23,
    the service's by-law changes (para 26) and responsible-person replacements (para 27), and reminders."""
    now = now or timezone.now()
    events = [
        *_step_events(protocol),
        *_change_events(protocol, now),
        *_replacement_events(protocol, now),
        *_reminder_events(protocol),
    ]
    return sorted(events, key=lambda event: event.day)
