"""Onboarding a public service for consultation by the UCC: the protocol workflow of paras 20-23 (and 33).

One `OnboardingProtocol` follows a service from the approval of its by-law to the day the UCC starts
consulting on it. Each step keeps its deadline (from the working-day calendar), the date it was actually
done and whether that was late.
"""

from dataclasses import dataclass
from datetime import date, datetime

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from workflows.calendar.clocks import consultation_start_date, local_date, working_days_deadline
from workflows.calendar.terms import term

CHANGE = "onboarding.change_onboardingprotocol"
MANAGE = "onboarding.manage_onboardingprotocol"


@dataclass(frozen=True)
class Step:
    """One step of a protocol as screens, reminders and the PDF show it."""

    name: str
    label: str
    due: datetime | date | None  # an aware deadline (working-day clocks) or a calendar date (para 23)
    done_on: date | None
    late: bool

    @property
    def due_date(self):
        return local_date(self.due) if self.due else None


def _late(done_on, due):
    """Done after the close of the due day (local time)."""
    return bool(done_on and due and done_on > local_date(due))


class OnboardingProtocol(ConcurrentTransitionMixin, models.Model):
    """The acceptance of one public service for consultation by the UCC (paras 20-23).

    Para 33: a subject providing services in electronic form onboards the same way; its protocol names that
    subject as `body` with `subject_kind` "e-service subject". At most one open protocol per service and body.
    """

    class State(models.TextChoices):
        BYLAW_APPROVED = "bylaw_approved", _("by-law approved")
        INFORMATION_RECEIVED = "information_received", _("responsible person appointed, information received")
        TRAINING_SCHEDULED = "training_scheduled", _("training scheduled")
        TRAINING_HELD = "training_held", _("training held")
        SIGNED = "signed", _("protocol signed")
        CONSULTING = "consulting", _("consulted by the UCC")
        CANCELLED = "cancelled", _("cancelled")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class SubjectKind(models.TextChoices):
        CENTRAL_BODY = "central_body", _("central state body (para 20)")
        E_SERVICE_SUBJECT = "e_service_subject", _("subject providing services in electronic form (para 33)")

    OPEN_STATES = (
        State.BYLAW_APPROVED,
        State.INFORMATION_RECEIVED,
        State.TRAINING_SCHEDULED,
        State.TRAINING_HELD,
        State.SIGNED,
    )
    BEFORE_TRAINING = (State.INFORMATION_RECEIVED, State.TRAINING_SCHEDULED)

    service = models.ForeignKey(
        "registry.PublicService",
        on_delete=models.PROTECT,
        related_name="onboarding_protocols",
        verbose_name=_("service"),
    )
    body = models.ForeignKey(
        "directory.StateBody",
        on_delete=models.PROTECT,
        related_name="onboarding_protocols",
        verbose_name=_("body"),
        help_text=_("The central state body that approved the by-law, or the e-service subject (para 33)."),
    )
    subject_kind = models.CharField(
        pgettext_lazy("who provides the service", "subject"),
        max_length=32,
        choices=SubjectKind.choices,
        default=SubjectKind.CENTRAL_BODY,
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("UCC coordinator"),
    )
    state = FSMField(_("stage"), default=State.BYLAW_APPROVED, choices=State.choices, protected=True)

    # para 20: the by-law, then within three working days the responsible person and the Annex 1 information
    bylaw_reference = models.CharField(_("by-law"), max_length=1000)
    bylaw_approved_on = models.DateField(_("by-law approved on"))
    information_due = models.DateTimeField(_("information due by"))
    information_received_on = models.DateField(_("information received on"), null=True, blank=True)
    information_late = models.BooleanField(_("information late"), default=False)
    responsible_person = models.ForeignKey(
        "registry.ResponsiblePerson",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="onboarding_protocols",
        verbose_name=_("responsible person"),
    )
    # para 21: training no later than ten working days after the information
    training_due = models.DateTimeField(_("training due by"), null=True, blank=True)
    training_scheduled_for = models.DateField(_("training scheduled for"), null=True, blank=True)
    training_held_on = models.DateField(_("training held on"), null=True, blank=True)
    training_late = models.BooleanField(_("training late"), default=False)
    # para 22: the protocol signed by both sides
    signed_on = models.DateField(_("protocol signed on"), null=True, blank=True)
    ucc_signatory = models.CharField(_("signed for the UCC by"), max_length=300, blank=True)
    body_signatory = models.CharField(_("signed for the body by"), max_length=300, blank=True)
    signed_scan = models.FileField(_("signed copy (scan)"), upload_to="onboarding/signed/%Y/", blank=True)
    # para 23: consultations start after five working days from the signing
    consultation_start_date = models.DateField(_("consultations start on"), null=True, blank=True)
    consultations_started_on = models.DateField(_("consultations started on"), null=True, blank=True)
    consultations_started_late = models.BooleanField(_("consultations started late"), default=False)
    closed_on = models.DateField(_("cancelled or withdrawn on"), null=True, blank=True)
    closed_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-bylaw_approved_on", "service"]
        verbose_name = _("onboarding protocol")
        verbose_name_plural = _("onboarding protocols")
        permissions = [("manage_onboardingprotocol", "Can cancel, withdraw and start onboarding protocols")]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "body"],
                condition=Q(
                    state__in=[
                        "bylaw_approved",
                        "information_received",
                        "training_scheduled",
                        "training_held",
                        "signed",
                        "consulting",
                    ]
                ),
                name="one_live_onboarding_protocol_per_service_and_body",
            )
        ]

    def __str__(self):
        return f"{self.service.register_number} — {self.body}"

    def save(self, *args, **kwargs):
        if self.information_due is None and self.bylaw_approved_on:
            # Para 20: three working days in the English text (and in the registry); the Kazakh text says five
            # ("бес жұмыс күні"). The term "onboarding_information" shows both texts; the UCC decides in the admin.
            days = term("onboarding_information", on=self.bylaw_approved_on)
            self.information_due = working_days_deadline(self.bylaw_approved_on, days)
        super().save(*args, **kwargs)

    @transition(field=state, source=State.BYLAW_APPROVED, target=State.INFORMATION_RECEIVED, permission=CHANGE)
    def receive_information(self, *, received_on, responsible_person=None):
        """Para 20: the responsible person is appointed and the Annex 1 information has reached the UCC;
        para 21's ten working days for the training run from that day."""
        self.information_received_on = received_on
        self.information_late = _late(received_on, self.information_due)
        self.responsible_person = responsible_person
        self.training_due = working_days_deadline(received_on, term("onboarding_training", on=received_on))

    @transition(field=state, source=BEFORE_TRAINING, target=State.TRAINING_SCHEDULED, permission=CHANGE)
    def schedule_training(self, *, training_on):
        """Para 21: the responsible person (or the provider) sets a date for training the UCC employee."""
        self.training_scheduled_for = training_on

    @transition(field=state, source=BEFORE_TRAINING, target=State.TRAINING_HELD, permission=CHANGE)
    def hold_training(self, *, held_on):
        """Para 21: the training was held — late when after the tenth working day after the information."""
        self.training_held_on = held_on
        self.training_late = _late(held_on, self.training_due)

    @transition(field=state, source=State.TRAINING_HELD, target=State.SIGNED, permission=CHANGE)
    def sign(self, *, signed_on, ucc_signatory, body_signatory, signed_scan=None):
        """Para 22: the protocol is signed by both sides; para 23 fixes the day consultations start."""
        self.signed_on = signed_on
        self.ucc_signatory = ucc_signatory
        self.body_signatory = body_signatory
        if signed_scan is not None:
            self.signed_scan = signed_scan
        self.consultation_start_date = consultation_start_date(signed_on)

    @transition(field=state, source=State.SIGNED, target=State.CONSULTING, permission=MANAGE)
    def start_consultations(self, *, on):
        """Para 23: the UCC begins to inform service recipients (normally the schedule, on the day itself)."""
        self.consultations_started_on = on
        self.consultations_started_late = on > self.consultation_start_date

    @transition(field=state, source=OPEN_STATES, target=State.CANCELLED, permission=MANAGE)
    def cancel(self, *, on, reason):
        """Onboarding stopped before consultations started (e.g. the by-law was repealed)."""
        self.closed_on, self.closed_reason = on, reason

    @transition(field=state, source=State.CONSULTING, target=State.WITHDRAWN, permission=MANAGE)
    def withdraw(self, *, on, reason):
        """The service is no longer consulted on by the UCC."""
        self.closed_on, self.closed_reason = on, reason

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES

    def steps(self):
        """The steps of paras 20-23 with their deadlines, actual dates and late flags, in order."""
        S = self.State
        return [
            Step(S.BYLAW_APPROVED, _("By-law approved"), None, self.bylaw_approved_on, False),
            Step(
                S.INFORMATION_RECEIVED,
                _("Responsible person appointed, Annex 1 information received (para 20)"),
                self.information_due,
                self.information_received_on,
                self.information_late,
            ),
            Step(S.TRAINING_SCHEDULED, _("Training scheduled"), None, self.training_scheduled_for, False),
            Step(
                S.TRAINING_HELD,
                _("Training held (para 21)"),
                self.training_due,
                self.training_held_on,
                self.training_late,
            ),
            Step(S.SIGNED, _("Protocol signed by both sides (para 22)"), None, self.signed_on, False),
            Step(
                S.CONSULTING,
                _("Consultations start (para 23)"),
                self.consultation_start_date,
                self.consultations_started_on,
                self.consultations_started_late,
            ),
        ]

    def pending_step(self):
        """The step with a deadline the protocol is waiting for now, or None."""
        pending = {
            self.State.BYLAW_APPROVED: self.State.INFORMATION_RECEIVED,
            self.State.INFORMATION_RECEIVED: self.State.TRAINING_HELD,
            self.State.TRAINING_SCHEDULED: self.State.TRAINING_HELD,
        }.get(self.state)
        return next((step for step in self.steps() if step.name == pending), None)

    @property
    def is_late(self):
        """A step was done late, or the pending step's deadline has passed."""
        step = self.pending_step()
        return any(step.late for step in self.steps()) or bool(step and step.due and step.due < timezone.now())


class OnboardingReminder(models.Model):
    """One reminder e-mail about one step's deadline: recorded so that each is sent once."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")

    protocol = models.ForeignKey(OnboardingProtocol, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(_("step"), max_length=32)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    due = models.DateTimeField(_("deadline"))
    recipients = models.TextField(_("sent to"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("onboarding reminder")
        verbose_name_plural = _("onboarding reminders")
        constraints = [
            models.UniqueConstraint(fields=["protocol", "step", "kind", "due"], name="one_reminder_per_step_deadline")
        ]

    def __str__(self):
        return f"{self.protocol} — {self.step} ({self.kind})"


auditlog.register(OnboardingProtocol)
# OnboardingReminder is not audited: each row is itself the record that a mail went out (and auditing it
# cost ~30 ms a reminder, see bench/onboarding_board.py).
