"""A body's page (issue 16, item 7): everything the UCC has with one body on one timeline, with counts per kind,
and the index of bodies with their open and late requests.

The timeline is the body's `AuthorityEvent` rows merged with the dates the onboarding protocols and the by-law
changes keep themselves (those apps write no events here). It is paged without loading it whole: page n reads
at most n × 50 events of each source through the `(body, at)` index and merges them with the few dated rows.
A user sees the kinds their role may view (a body's responsible person: no call records or escalations).
"""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.directory.models import StateBody
from workflows.onboarding.models import OnboardingProtocol
from workflows.registry.models import ServiceChange

from ..models import (
    AuthorityEvent,
    CallRecordRequest,
    DiscrepancyRequest,
    Escalation,
    InformationRequest,
    Training,
    TrainingRequest,
    Visit,
)
from .common import event_label, visible_to
from .deadlines import overdue


@dataclass(frozen=True)
class Kind:
    key: str
    model: type
    body_fields: tuple  # the fields naming the body, any of them
    url_name: str = ""

    @property
    def label(self):
        return self.model._meta.verbose_name_plural

    @property
    def permission(self):
        return f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"

    def records(self, body_ids):
        condition = Q()
        for name in self.body_fields:
            condition |= Q(**{f"{name}__in": body_ids})
        queryset = self.model._default_manager.filter(condition)
        return queryset.distinct() if any("__" in name for name in self.body_fields) else queryset


CALL_RECORDS = Kind("call_records", CallRecordRequest, ("requester",), "authorities_call_record")
INFORMATION = Kind("information", InformationRequest, ("body",), "authorities_information")
ESCALATIONS = Kind("escalations", Escalation, ("provider",), "authorities_escalation")
DISCREPANCIES = Kind("discrepancies", DiscrepancyRequest, ("provider", "authority"), "authorities_discrepancy")
TRAINING_REQUESTS = Kind("training_requests", TrainingRequest, ("authority",), "authorities_training_request")
TRAININGS = Kind("trainings", Training, ("body",), "authorities_training")
VISITS = Kind("visits", Visit, ("body",), "authorities_visit")
PROTOCOLS = Kind("protocols", OnboardingProtocol, ("body",), "onboarding_protocol")
CHANGES = Kind("changes", ServiceChange, ("service__providers",), "wagtailsnippets_registry_servicechange:edit")
DEADLINED_KINDS = (CALL_RECORDS, INFORMATION, ESCALATIONS, DISCREPANCIES)
EVENT_KINDS = (*DEADLINED_KINDS, TRAINING_REQUESTS, TRAININGS, VISITS)
KINDS = (*EVENT_KINDS, PROTOCOLS, CHANGES)
PAGE_SIZE = 50


class _Refusals:
    """The refused information requests: a row of counts of their own, no model of their own."""

    label = _("refusals")
    key = "refusals"


REFUSALS = _Refusals()


def link(url_name, pk):
    """The record's screen (a wrong name fails loudly: the walk found rows silently left without a link)."""
    return reverse(url_name, args=[pk]) if url_name else ""


def bodies_for(user):
    """The bodies whose page `user` may open: a body's responsible person only their own."""
    return visible_to(user, StateBody.objects.select_related("region"), "pk")


def kinds_for(user, kinds=KINDS):
    return [kind for kind in kinds if user.has_perm(kind.permission)]


@dataclass(frozen=True)
class KindCount:
    kind: Kind
    total: int
    open: int | None = None  # None: the kind has no open state or no deadline
    late: int | None = None
    note: str = ""

    @property
    def label(self):
        return self.kind.label


def _deadlined_count(kind, body, now):
    """Open and late as `Deadlined.is_late` reads them: open past its deadline, or handled after it."""
    records = kind.records([body.pk])
    figures = records.aggregate(total=Count("pk"), open=Count("pk", filter=Q(state__in=kind.model.OPEN_STATES)))
    late = records.filter(Q(late=True) | Q(pk__in=overdue(kind.model, queryset=records, now=now).values("pk")))
    return KindCount(kind, figures["total"], figures["open"], late.count())


def counts(body, user, *, now=None):
    """One row per kind `user` may view: how many records, how many open, how many late."""
    now = now or timezone.now()
    rows = []
    for kind in kinds_for(user):
        if kind in DEADLINED_KINDS:
            rows.append(_deadlined_count(kind, body, now))
            if kind is INFORMATION:
                refused = kind.records([body.pk]).filter(state=InformationRequest.State.REFUSED)
                figures = refused.aggregate(
                    total=Count("pk"), unlawful=Count("pk", filter=Q(refusal_ground=InformationRequest.Ground.UNLAWFUL))
                )
                note = _("%(n)s unlawful") % {"n": figures["unlawful"]}
                rows.append(KindCount(REFUSALS, figures["total"], note=note))
        elif kind is PROTOCOLS:
            protocols = kind.records([body.pk])
            late = protocols.filter(
                Q(information_late=True)
                | Q(training_late=True)
                | Q(consultations_started_late=True)
                | Q(state=OnboardingProtocol.State.BYLAW_APPROVED, information_due__lt=now)
                | Q(state__in=OnboardingProtocol.BEFORE_TRAINING, training_due__lt=now)
            )
            figures = protocols.aggregate(
                total=Count("pk"), open=Count("pk", filter=Q(state__in=OnboardingProtocol.OPEN_STATES))
            )
            rows.append(KindCount(kind, figures["total"], figures["open"], late.count()))
        elif kind is CHANGES:
            changes = kind.records([body.pk])
            pending = changes.exclude(state=ServiceChange.State.CONFIRMED)
            late = changes.filter(Q(updated_late=True) | Q(state=ServiceChange.State.REPORTED, update_due__lt=now))
            rows.append(KindCount(kind, changes.count(), pending.count(), late.count()))
        elif kind is VISITS:
            visits = kind.records([body.pk])
            rows.append(KindCount(kind, visits.count(), visits.filter(state=Visit.State.PLANNED).count()))
        else:
            rows.append(KindCount(kind, kind.records([body.pk]).count()))
    return rows


# The timeline


@dataclass
class Entry:
    at: datetime
    kind_label: str
    what: str
    title: str = ""
    url: str = ""
    text: str = ""
    actor: object = None
    date_only: bool = False  # the source keeps a date, not a moment
    event: AuthorityEvent | None = field(default=None, repr=False)


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _protocol_entries(protocols):
    State = OnboardingProtocol.State
    label = OnboardingProtocol._meta.verbose_name
    for protocol in protocols:
        url = link(PROTOCOLS.url_name, protocol.pk)
        dates = (
            (protocol.bylaw_approved_on, State.BYLAW_APPROVED.label),
            (protocol.information_received_on, State.INFORMATION_RECEIVED.label),
            (protocol.training_held_on, State.TRAINING_HELD.label),
            (protocol.signed_on, State.SIGNED.label),
            (protocol.consultations_started_on, State.CONSULTING.label),
            (protocol.closed_on, protocol.get_state_display()),
        )
        for day, what in dates:
            if day:
                yield Entry(_start_of(day), label, what, str(protocol.service), url, date_only=True)


def _change_entries(changes):
    State = ServiceChange.State
    label = ServiceChange._meta.verbose_name
    for change in changes:
        url = link(CHANGES.url_name, change.pk)
        title = str(change)
        yield Entry(_start_of(change.changed_on), label, State.REPORTED.label, title, url, date_only=True)
        if change.information_updated_at:
            yield Entry(change.information_updated_at, label, State.INFORMATION_UPDATED.label, title, url)
        if change.confirmed_at:
            yield Entry(change.confirmed_at, label, State.CONFIRMED.label, title, url)


class BodyTimeline:
    """The body's timeline, newest first, as a sequence Django's Paginator can page (count and slices)."""

    def __init__(self, body, user):
        kinds = kinds_for(user)
        content_types = ContentType.objects.get_for_models(*(k.model for k in kinds if k in EVENT_KINDS))
        self.kinds = {content_types[kind.model].pk: kind for kind in kinds if kind.model in content_types}
        events = AuthorityEvent.objects.filter(content_type_id__in=list(self.kinds))
        self.sources = [events.filter(body=body)]
        if DISCREPANCIES in kinds:
            # A discrepancy's events carry its provider; the authority that reported it sees them too.
            reported = DiscrepancyRequest.objects.filter(authority=body, provider__isnull=False).exclude(provider=body)
            discrepancy_type = content_types[DiscrepancyRequest].pk
            self.sources.append(
                events.filter(content_type_id=discrepancy_type, object_id__in=reported.values("pk")).exclude(body=body)
            )
        dated = []
        if PROTOCOLS in kinds:
            dated += _protocol_entries(PROTOCOLS.records([body.pk]).select_related("service"))
        if CHANGES in kinds:
            dated += _change_entries(CHANGES.records([body.pk]).select_related("service"))
        self.dated = sorted(dated, key=lambda entry: entry.at, reverse=True)
        self._count = None

    def count(self):
        if self._count is None:
            self._count = sum(source.count() for source in self.sources) + len(self.dated)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        stop = key.stop if key.stop is not None else self.count()
        events = [
            event for source in self.sources for event in source.select_related("actor").order_by("-at", "-pk")[:stop]
        ]
        merged = sorted([*map(self._entry, events), *self.dated[:stop]], key=lambda entry: entry.at, reverse=True)
        entries = merged[key.start : stop]
        self._resolve([entry for entry in entries if entry.event is not None])
        return entries

    def _entry(self, event):
        kind = self.kinds[event.content_type_id]
        what = event_label(event.verb)
        if event.verb == "record_refusal":
            kind = REFUSALS
        return Entry(event.at, kind.label, what, text=event.text, actor=event.actor, event=event)

    def _resolve(self, entries):
        """The records the page's events are about: one query per kind on the page."""
        wanted = {}
        for entry in entries:
            wanted.setdefault(entry.event.content_type_id, set()).add(entry.event.object_id)
        records = {}
        for content_type_id, ids in wanted.items():
            model = self.kinds[content_type_id].model
            for pk, record in model._default_manager.in_bulk(ids).items():
                records[content_type_id, pk] = record
        for entry in entries:
            event = entry.event
            kind = self.kinds[event.content_type_id]
            record = records.get((event.content_type_id, event.object_id))
            entry.title = str(record) if record is not None else f"№ {event.object_id}"
            entry.url = link(kind.url_name, event.object_id) if record is not None else ""


def timeline(body, user):
    return BodyTimeline(body, user)


# The index


def index(user, *, query="", kind=""):
    """The bodies `user` may open, searched by name or code and filtered by kind."""
    bodies = bodies_for(user)
    if query:
        bodies = bodies.filter(
            Q(name_kk__icontains=query)
            | Q(name_ru__icontains=query)
            | Q(name_en__icontains=query)
            | Q(short_name__icontains=query)
            | Q(code__icontains=query)
        )
    if kind in StateBody.Kind.values:
        bodies = bodies.filter(kind=kind)
    return bodies


def open_and_late(body_ids, user, *, now=None):
    """{body id: (open, late)} over the deadlined kinds `user` may view: one grouped query per body field."""
    now = now or timezone.now()
    figures = {pk: [0, 0] for pk in body_ids}
    for kind in kinds_for(user, DEADLINED_KINDS):
        model = kind.model
        is_open = Q(state__in=model.OPEN_STATES)
        is_late = Q(late=True) | (is_open & Q(due_at__lt=now))
        for name in kind.body_fields:
            records = model._default_manager.filter(is_open | Q(late=True), **{f"{name}__in": body_ids})
            if name == "authority":  # a discrepancy whose provider and authority are one body counts once
                records = records.exclude(provider=F("authority"))
            rows = records.values(name).annotate(open=Count("pk", filter=is_open), late=Count("pk", filter=is_late))
            for row in rows.order_by():
                figures[row[name]][0] += row["open"]
                figures[row[name]][1] += row["late"]
    return {pk: tuple(pair) for pk, pair in figures.items()}
