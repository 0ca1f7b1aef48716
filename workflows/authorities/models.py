"""The UCC's work with the state bodies and the authorities (Chapter 3 of the Rules and para 14).

Each process is a django-fsm-2 machine whose deadline comes from the calendar's clocks:

- `CallRecordRequest` (para 14): a conversation record within four calendar hours of the written request;
- `InformationRequest` (paras 24-25): the UCC asks a participant for information; answered or refused,
  a refusal lawful (secrets protected by law, para 25) or not;
- `Escalation` (para 28): a second unlawful refusal by one provider within a month is reported to the
  quality-assessment authority within three working days, with the supporting documents;
- `DiscrepancyRequest` (para 32): the quality authority asks why a provider's report and the UCC's differ;
  explained by the end of the next working day;
- `TrainingRequest` (para 30), `Training` (paras 15, 17, 21, 30) and `Visit` (para 25, second part).

Everything that happens to one of them is an `AuthorityEvent` (its timeline, and its body's page); every
alarm or reminder mail is an `AuthorityAlert` row, unique per record, kind and deadline, so it goes once.
"""

from datetime import timedelta

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from workflows.calendar.clocks import calendar_hours_deadline, next_working_day_deadline, working_days_deadline
from workflows.calendar.terms import term

CALL_RECORD_ALARM_LEAD_HOURS = 1  # the supervisors are alarmed an hour before para 14's term ends (4 h: at 3 h)
INFORMATION_DEFAULT_WORKING_DAYS = 5  # paras 24-25 set no term: the UCC's default, changeable per request
HANDLE = "authorities.handle_request"  # the coordinator's and supervisor's work on every process here
ANSWER = "authorities.answer_request"  # a body's responsible person answers their own body's requests


def handles_or_answers(instance, user):
    """The UCC records the answer, or the body's responsible person gives it (their own body: selectors)."""
    return user.has_perm(HANDLE) or user.has_perm(ANSWER)


class Deadlined(ConcurrentTransitionMixin, models.Model):
    """What every process here has: a deadline from the calendar, whether it was met, who opened it."""

    due_at = models.DateTimeField(_("due by"), db_index=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False, help_text=_("Handled after its deadline."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    OPEN_STATES = ()

    class Meta:
        abstract = True

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES

    @property
    def is_late(self):
        """Handled late, or still open past its deadline."""
        return self.late or (self.is_open and self.due_at < timezone.now())

    def _handled(self, at=None):
        self.handled_at = at or timezone.now()
        self.late = self.handled_at > self.due_at


class CallRecordRequest(Deadlined):
    """Para 14: the written request of the authorized body in informatization or of the quality-assessment
    authority for the record of an operator's conversation, naming the date and the applicant's phone
    number. Due four hours after it was received, counted round the clock (nights and holidays included)."""

    class State(models.TextChoices):
        RECEIVED = "received", _("received")
        SEARCHING = "searching", _("searching")
        PROVIDED = "provided", _("record provided")
        NOT_FOUND = "not_found", _("record not found")

    OPEN_STATES = (State.RECEIVED, State.SEARCHING)

    requester = models.ForeignKey(
        "directory.StateBody",
        on_delete=models.PROTECT,
        related_name="call_record_requests",
        verbose_name=_("requested by"),
        help_text=_("The authorized body in informatization or the quality-assessment authority (para 14)."),
    )
    letter_reference = models.CharField(_("request letter (number and date)"), max_length=300)
    letter = models.FileField(_("request letter (scan)"), upload_to="authorities/call-records/%Y/", blank=True)
    phone = models.CharField(_("applicant's phone number"), max_length=50, db_index=True)
    period_start = models.DateField(_("date of the conversation (from)"))
    period_end = models.DateField(_("date of the conversation (to)"))
    received_at = models.DateTimeField(_("received at"))
    state = FSMField(_("state"), default=State.RECEIVED, choices=State.choices, protected=True, db_index=True)
    calls = models.ManyToManyField(
        "telephony.Call", blank=True, related_name="record_requests", verbose_name=_("matched calls")
    )
    recording_reference = models.CharField(_("recording provided"), max_length=500, blank=True)
    recording = models.FileField(_("recording (file)"), upload_to="authorities/recordings/%Y/", blank=True)
    not_found_reason = models.TextField(_("why no record was found"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("call-record request")
        verbose_name_plural = _("call-record requests")
        permissions = [
            ("handle_request", "Can handle requests of the bodies and authorities"),
            ("answer_request", "Can answer their own body's requests"),
        ]
        indexes = [
            models.Index(fields=["state", "due_at"], name="callrecord_open_due"),
            # Two open states: `state IN (…) ORDER BY due_at` cannot walk the composite index in order, and the
            # planner walks `due_at` through every closed request instead (bench/authorities.py).
            models.Index(
                fields=["due_at"],
                condition=models.Q(state__in=("received", "searching")),
                name="callrecord_open_by_due",
            ),
        ]

    def __str__(self):
        return f"№ {self.pk} — {self.requester}"

    def save(self, *args, **kwargs):
        if self.due_at is None and self.received_at:
            self.due_at = calendar_hours_deadline(self.received_at, term("call_record", on=self.received_at))
        super().save(*args, **kwargs)

    @property
    def alarm_at(self):
        """Para 14's alarm moment: one hour before the term ends (three hours after receipt)."""
        return self.due_at - timedelta(hours=CALL_RECORD_ALARM_LEAD_HOURS)

    @transition(field=state, source=State.RECEIVED, target=State.SEARCHING, permission=HANDLE)
    def start_search(self, *, by=None):
        """Someone is looking for the conversation in the phone system's recordings."""
        self.handled_by = by

    @transition(field=state, source=OPEN_STATES, target=State.PROVIDED, permission=HANDLE)
    def provide(self, *, recording_reference="", recording=None, by=None, at=None):
        """Para 14: the record is sent to the requester (late after four hours)."""
        self.recording_reference = recording_reference
        if recording is not None:
            self.recording = recording
        self.handled_by = by or self.handled_by
        self._handled(at)

    @transition(field=state, source=OPEN_STATES, target=State.NOT_FOUND, permission=HANDLE)
    def report_not_found(self, *, reason, by=None, at=None):
        """No conversation of that number on those dates: the requester is told why."""
        self.not_found_reason = reason
        self.handled_by = by or self.handled_by
        self._handled(at)


class InformationRequest(Deadlined):
    """Paras 24-25: the UCC asks a participant of interaction (a central or local body, a provider) for
    information or clarification on a public service. The Rules set no term; the UCC sets one per request
    (five working days unless changed)."""

    class State(models.TextChoices):
        DRAFTED = "drafted", _("drafted")
        SENT = "sent", _("sent")
        ANSWERED = "answered", _("answered")
        REFUSED = "refused", _("refused")

    class Ground(models.TextChoices):
        """Para 25: information constituting secrets protected by law may lawfully be withheld."""

        STATE_SECRET = "state_secret", _("state secrets (lawful)")
        COMMERCIAL_SECRET = "commercial_secret", _("commercial secret (lawful)")
        OTHER_SECRET = "other_secret", _("other secret protected by law (lawful)")
        UNLAWFUL = "unlawful", _("no lawful ground (unlawful refusal)")

    LAWFUL_GROUNDS = (Ground.STATE_SECRET, Ground.COMMERCIAL_SECRET, Ground.OTHER_SECRET)
    OPEN_STATES = (State.SENT,)

    body = models.ForeignKey(
        "directory.StateBody",
        on_delete=models.PROTECT,
        related_name="information_requests",
        verbose_name=_("asked"),
        help_text=_("The central or local executive body or the service provider asked (para 24)."),
    )
    service = models.ForeignKey(
        "registry.PublicService",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="information_requests",
        verbose_name=_("public service"),
    )
    subject = models.CharField(_("subject"), max_length=300)
    question = models.TextField(_("what the UCC asks"))
    term_working_days = models.PositiveSmallIntegerField(
        _("term for the answer, working days"), default=INFORMATION_DEFAULT_WORKING_DAYS
    )
    state = FSMField(_("state"), default=State.DRAFTED, choices=State.choices, protected=True, db_index=True)
    due_at = models.DateTimeField(_("due by"), null=True, blank=True, db_index=True)  # set when sent
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_to = models.TextField(_("sent to"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    refusal_ground = models.CharField(_("ground of the refusal"), max_length=32, choices=Ground.choices, blank=True)
    refusal_text = models.TextField(_("the refusal as received"), blank=True)
    refused_on = models.DateField(_("refused on"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        indexes = [models.Index(fields=["state", "due_at"], name="inforequest_open_due")]

    def __str__(self):
        return f"№ {self.pk} — {self.subject}"

    @property
    def is_late(self):
        return self.late or bool(self.is_open and self.due_at and self.due_at < timezone.now())

    @property
    def unlawfully_refused(self):
        return self.state == self.State.REFUSED and self.refusal_ground == self.Ground.UNLAWFUL

    @transition(field=state, source=State.DRAFTED, target=State.SENT, permission=HANDLE)
    def send(self, *, to, at=None):
        """Para 24: sent to the body's contacts; the term runs from the day it was sent."""
        self.sent_at = at or timezone.now()
        self.sent_to = ", ".join(to)
        self.due_at = working_days_deadline(self.sent_at, self.term_working_days)

    @transition(field=state, source=State.SENT, target=State.ANSWERED, permission=handles_or_answers)
    def record_answer(self, *, answer, at=None):
        """Para 25: the provider gave the information (late after the term)."""
        self.answer = answer
        self._handled(at)

    @transition(field=state, source=State.SENT, target=State.REFUSED, permission=handles_or_answers)
    def record_refusal(self, *, ground, text, on, at=None):
        """Para 25: the provider refused; `ground` says whether the law allowed it (para 28 counts the rest)."""
        self.refusal_ground, self.refusal_text, self.refused_on = ground, text, on
        self._handled(at)


class Escalation(Deadlined):
    """Para 28: a provider refused the UCC's requests repeatedly within a month, without a lawful ground; the
    UCC informs the quality-assessment authority within three working days of the repeated refusal, with
    the supporting documents. One per provider and window: a third refusal joins the open escalation."""

    class State(models.TextChoices):
        DRAFTED = "drafted", _("drafted")
        SENT = "sent", _("sent to the authority")
        ACKNOWLEDGED = "acknowledged", _("acknowledged by the authority")

    OPEN_STATES = (State.DRAFTED,)

    provider = models.ForeignKey(
        "directory.StateBody", on_delete=models.PROTECT, related_name="escalations", verbose_name=_("provider")
    )
    authority = models.ForeignKey(
        "directory.StateBody",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations_received",
        verbose_name=_("informed authority"),
    )
    refusals = models.ManyToManyField(
        InformationRequest, related_name="escalations", verbose_name=_("refused requests")
    )
    repeated_on = models.DateField(_("repeated refusal on"), help_text=_("The refusal that made it repeated."))
    window_start = models.DateField(_("first refusal of the month on"))
    state = FSMField(_("state"), default=State.DRAFTED, choices=State.choices, protected=True, db_index=True)
    summary = models.TextField(_("summary for the authority"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_to = models.TextField(_("sent to"), blank=True)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)

    class Meta:
        ordering = ["-repeated_on"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        indexes = [models.Index(fields=["state", "due_at"], name="escalation_open_due")]
        constraints = [
            models.UniqueConstraint(fields=["provider", "window_start"], name="one_escalation_per_refusal_window")
        ]

    def __str__(self):
        return f"№ {self.pk} — {self.provider}"

    def save(self, *args, **kwargs):
        if self.due_at is None and self.repeated_on:
            self.due_at = working_days_deadline(self.repeated_on, term("escalation", on=self.repeated_on))
        super().save(*args, **kwargs)

    @transition(field=state, source=State.DRAFTED, target=State.SENT, permission=HANDLE)
    def send(self, *, to, at=None):
        """Para 28: the authority is informed (late after three working days)."""
        self.sent_to = ", ".join(to)
        self.sent_at = at or timezone.now()
        self._handled(self.sent_at)

    @transition(field=state, source=State.SENT, target=State.ACKNOWLEDGED, permission=HANDLE)
    def acknowledge(self, *, on):
        self.acknowledged_on = on


class DiscrepancyRequest(Deadlined):
    """Para 32: the quality-assessment authority found that a provider's report and the UCC's report of a
    month differ; the UCC explains no later than the next working day."""

    class State(models.TextChoices):
        RECEIVED = "received", _("received")
        EXPLAINED = "explained", _("explanation drafted")
        SENT = "sent", _("explanation sent")

    OPEN_STATES = (State.RECEIVED, State.EXPLAINED)

    authority = models.ForeignKey(
        "directory.StateBody",
        on_delete=models.PROTECT,
        related_name="discrepancy_requests",
        verbose_name=_("authority"),
    )
    provider = models.ForeignKey(
        "directory.StateBody",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discrepancies",
        verbose_name=_("provider whose report differs"),
    )
    period = models.DateField(_("month of the reports"), help_text=_("Any day of the month concerned."))
    description = models.TextField(_("the discrepancy as reported"))
    letter_reference = models.CharField(_("letter (number and date)"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received at"))
    state = FSMField(_("state"), default=State.RECEIVED, choices=State.choices, protected=True, db_index=True)
    explanation = models.TextField(_("explanation"), blank=True)
    report_rows = models.JSONField(_("report rows in question"), default=list, blank=True)
    # para 32: rows of a delivered report, frozen as printed (the reports app gives them through a hook)
    report_citation = models.JSONField(_("rows of a delivered report"), default=dict, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_to = models.TextField(_("sent to"), blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("discrepancy request")
        verbose_name_plural = _("discrepancy requests")
        indexes = [
            models.Index(fields=["state", "due_at"], name="discrepancy_open_due"),
            models.Index(
                fields=["due_at"],
                condition=models.Q(state__in=("received", "explained")),
                name="discrepancy_open_by_due",
            ),
        ]

    def __str__(self):
        return f"№ {self.pk} — {self.provider or self.authority}"

    def save(self, *args, **kwargs):
        if self.due_at is None and self.received_at:
            self.due_at = next_working_day_deadline(self.received_at)
        super().save(*args, **kwargs)

    @transition(field=state, source=OPEN_STATES, target=State.EXPLAINED, permission=HANDLE)
    def explain(self, *, explanation, report_rows=(), report_citation=None):
        self.explanation = explanation
        self.report_rows = list(report_rows)
        self.report_citation = report_citation or {}

    @transition(field=state, source=State.EXPLAINED, target=State.SENT, permission=HANDLE)
    def send(self, *, to, at=None):
        """Para 32: the explanation reaches the authority (late after the next working day)."""
        self.sent_to = ", ".join(to)
        self.sent_at = at or timezone.now()
        self._handled(self.sent_at)


class TrainingRequest(ConcurrentTransitionMixin, models.Model):
    """Para 30: the quality-assessment authority asks in writing that the UCC train its employees on the
    UCC's information exchange with the providers."""

    class State(models.TextChoices):
        RECEIVED = "received", _("received")
        SCHEDULED = "scheduled", _("training scheduled")
        HELD = "held", _("training held")
        DECLINED = "declined", _("declined")

    authority = models.ForeignKey(
        "directory.StateBody", on_delete=models.PROTECT, related_name="training_requests", verbose_name=_("authority")
    )
    letter_reference = models.CharField(_("request letter (number and date)"), max_length=300)
    topic = models.CharField(_("topic asked for"), max_length=300)
    received_on = models.DateField(_("received on"))
    scheduled_for = models.DateField(_("training scheduled for"), null=True, blank=True)
    state = FSMField(_("state"), default=State.RECEIVED, choices=State.choices, protected=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on"]
        verbose_name = _("training request")
        verbose_name_plural = _("training requests")

    def __str__(self):
        return f"{self.authority}: {self.topic}"

    @transition(field=state, source=[State.RECEIVED, State.SCHEDULED], target=State.SCHEDULED, permission=HANDLE)
    def schedule(self, *, on):
        self.scheduled_for = on

    @transition(field=state, source=[State.RECEIVED, State.SCHEDULED], target=State.HELD, permission=HANDLE)
    def mark_held(self):
        """Held: the `Training` that records it names this request."""

    @transition(field=state, source=[State.RECEIVED, State.SCHEDULED], target=State.DECLINED, permission=HANDLE)
    def decline(self, *, note):
        self.note = note


class Training(models.Model):
    """A training held (paras 15, 17, 21, 30): who trained whom, on what services, when."""

    class Kind(models.TextChoices):
        BY_BODY = "by_body", _("a body's responsible person trains UCC staff (para 21)")
        BY_ICI_OPERATOR = "by_ici_operator", _("the ICI operator trains UCC operators (para 17)")
        BY_UCC = "by_ucc", _("the UCC trains its operators (para 15)")
        FOR_AUTHORITY = "for_authority", _("the UCC trains the quality authority's staff (para 30)")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=300)
    held_on = models.DateField(_("held on"), db_index=True)
    body = models.ForeignKey(
        "directory.StateBody",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name=_("body"),
        help_text=_("The body that trained (paras 17, 21) or was trained (para 30)."),
    )
    trainer = models.CharField(_("trained by"), max_length=300, blank=True)
    services = models.ManyToManyField(
        "registry.PublicService", blank=True, related_name="trainings", verbose_name=_("public services")
    )
    trainees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="trainings", verbose_name=_("UCC staff trained")
    )
    attendees = models.TextField(_("other attendees"), blank=True)
    protocol = models.ForeignKey(
        "onboarding.OnboardingProtocol",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainings",
        verbose_name=_("onboarding protocol"),
        help_text=_("Para 21: the training step of the service's onboarding."),
    )
    request = models.ForeignKey(
        TrainingRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainings",
        verbose_name=_("training request (para 30)"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self):
        return f"{self.held_on:%d.%m.%Y} — {self.topic}"


class Visit(models.Model):
    """Para 25, second part: UCC specialists visit a provider, as agreed with the body, to learn how it
    provides its services."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    body = models.ForeignKey(
        "directory.StateBody", on_delete=models.PROTECT, related_name="visits", verbose_name=_("provider visited")
    )
    agreed_with = models.CharField(_("agreed with"), max_length=300, help_text=_("Who at the body agreed the visit."))
    visit_on = models.DateField(_("date of the visit"), db_index=True)
    specialists = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="visits", verbose_name=_("UCC specialists")
    )
    services = models.ManyToManyField(
        "registry.PublicService", blank=True, related_name="visits", verbose_name=_("public services")
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PLANNED)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        ordering = ["-visit_on"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self):
        return f"{self.visit_on:%d.%m.%Y} — {self.body}"


class Attachment(models.Model):
    """A file that came with or went with a record: an answer's documents, a refusal letter, an
    explanation's annex. Served only through the admin views that check who may see the record."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to="authorities/files/%Y/%m/")
    purpose = models.CharField(_("what it is"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_record")]

    def __str__(self):
        return self.file.name.rsplit("/", 1)[-1]


class AuthorityEvent(models.Model):
    """One thing that happened to one record, on its timeline and on its body's page (directory)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    body = models.ForeignKey(
        "directory.StateBody",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="authority_events",
        verbose_name=_("body"),
    )
    verb = models.CharField(_("what happened"), max_length=64)
    text = models.TextField(_("details"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="authority_event_record"),
            models.Index(fields=["body", "at"], name="authority_event_body"),
        ]

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.verb}"


class AuthorityAlert(models.Model):
    """One alarm or reminder mail about one record's deadline: the row is the proof it went, and its
    uniqueness makes a second run of the schedule (or a second cluster at the same moment) send nothing."""

    class Kind(models.TextChoices):
        ALARM = "alarm", _("alarm before the term ends")
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    due = models.DateTimeField(_("deadline"))
    recipients = models.TextField(_("sent to"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "due"], name="one_authority_alert_per_deadline"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.content_type_id}:{self.object_id}"


for _model in (CallRecordRequest, InformationRequest, Escalation, DiscrepancyRequest, TrainingRequest):
    auditlog.register(_model)
auditlog.register(Training, m2m_fields={"services", "trainees"})
auditlog.register(Visit, m2m_fields={"specialists", "services"})
auditlog.register(Attachment)
# AuthorityEvent and AuthorityAlert are themselves the record of what happened; not audited twice.
