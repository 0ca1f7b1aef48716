"""The ICT-services desk for the state bodies (paras 34-37): the reference list of the information and
communication services the UCC consults on, and the bodies' requests about them."""

from datetime import timedelta

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from workflows.configuration.registry import register as register_configuration
from workflows.directory.models import TrilingualName
from workflows.lists import selectors as lists
from workflows.lists.fields import ReferenceCodeField


class IctService(TrilingualName):
    """An information and communication service of e-government the bodies use (para 34), as the ICI operator
    knows it: its code there, its owner, and whether its requests are counted round the clock."""

    code = models.CharField(_("ICI operator's service code"), max_length=64, unique=True)
    owner = models.ForeignKey(
        "directory.StateBody",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_ict_services",
        verbose_name=_("owner"),
    )
    subscribers = models.ManyToManyField(
        "directory.StateBody",
        blank=True,
        related_name="ict_services",
        verbose_name=_("bodies using it"),
        help_text=_("Told of its planned interruptions (para 38) and in the digest (para 4.5)."),
    )
    round_the_clock = models.BooleanField(
        _("round the clock"), default=False, help_text=_("Its terms count calendar hours, not working hours.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("ICT service")
        verbose_name_plural = _("ICT services")

    def __str__(self):
        return f"{self.code} — {self.name}"


auditlog.register(IctService, m2m_fields={"subscribers"})


# --- requests of the bodies (paras 35-37) -------------------------------------------------------------------

HANDLE = "ict.handle_ictrequest"  # the UCC's operators and supervisors work every request
REGISTER_OWN = "ict.register_own_ictrequest"  # a body's user registers and follows their own body's requests


def handles(instance, user):
    return user.has_perm(HANDLE)


class RequestType(models.TextChoices):
    CONSULTATION = "consultation", _("consultation")
    INCIDENT = "incident", _("incident (the service does not work)")
    ACCESS = "access", _("access and accounts")
    OTHER = "other", _("other")


class Priority(models.TextChoices):
    HIGH = "high", _("high")
    NORMAL = "normal", _("normal")
    LOW = "low", _("low")


class IctTerm(models.Model):
    """Para 37: the Regulations' terms per request type and priority, approved by the UCC in agreement with the
    ICI operator. The Rules give no numbers: an administrator keeps this table; a request takes the row in force
    when it is registered (its deadlines are stored on it and do not move when the table changes)."""

    class Unit(models.TextChoices):
        WORKING_HOURS = "working_hours", _("working hours")
        CALENDAR_HOURS = "calendar_hours", _("calendar hours")
        WORKING_DAYS = "working_days", _("working days")

    request_type = ReferenceCodeField(_("request type"), max_length=16, choices=lists.ict_request_types)
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices)
    first_answer = models.PositiveIntegerField(_("first answer within"))
    first_answer_unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    resolution = models.PositiveIntegerField(_("resolution within"))
    resolution_unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)

    class Meta:
        ordering = ["request_type", "priority"]
        verbose_name = _("ICT request term")
        verbose_name_plural = _("ICT request terms (Regulations, para 37)")
        constraints = [models.UniqueConstraint(fields=["request_type", "priority"], name="one_ict_term_per_kind")]

    def __str__(self):
        return f"{self.get_request_type_display()} / {self.get_priority_display()}"


class IctNumberCounter(models.Model):
    """The last ICT-request number given in a year; its row is locked by each registration (gap-free)."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class IctRequest(ConcurrentTransitionMixin, models.Model):
    """Paras 35-37: a body's employee asks about an ICT service; answered from the Knowledge Base, or forwarded
    to the ICI operator (para 36) and resolved by them. Two deadlines from the term in force at registration."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("registered")
        CONSULTING = "consulting", _("consulting")
        ANSWERED = "answered", _("answered")
        FORWARDED = "forwarded", _("forwarded to the ICI operator")
        RESOLVED = "resolved", _("resolved by the ICI operator")
        CLOSED = "closed", _("closed")

    class Channel(models.TextChoices):
        PHONE = "phone", _("phone")
        EMAIL = "email", _("e-mail")
        FORM = "form", _("form in the admin")

    OPEN_STATES = (State.REGISTERED, State.CONSULTING, State.FORWARDED)
    UNANSWERED_STATES = (State.REGISTERED, State.CONSULTING)

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    body = models.ForeignKey(
        "directory.StateBody",
        null=True,
        on_delete=models.PROTECT,
        related_name="ict_requests",
        verbose_name=_("body"),
        help_text=_("A central or local body or a provider; empty only for an e-mail whose sender is not known yet."),
    )
    requester_name = models.CharField(_("requester"), max_length=300, blank=True)
    requester_phone = models.CharField(_("requester's phone"), max_length=50, blank=True)
    requester_email = models.EmailField(_("requester's e-mail"), blank=True)
    requester_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requester's account"),
    )
    service = models.ForeignKey(
        IctService,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("ICT service"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    request_type = ReferenceCodeField(
        _("request type"), max_length=16, choices=lists.ict_request_types, default=RequestType.CONSULTATION
    )
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    subject = models.CharField(_("subject"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    state = FSMField(_("state"), default=State.REGISTERED, choices=State.choices, protected=True, db_index=True)
    term = models.ForeignKey(
        IctTerm, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("term")
    )
    first_answer_due = models.DateTimeField(_("first answer due"), db_index=True)
    resolution_due = models.DateTimeField(_("resolution due"), db_index=True)
    first_answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    first_answer_late = models.BooleanField(_("first answer late"), default=False)
    resolution_late = models.BooleanField(_("resolution late"), default=False)
    answer = models.TextField(_("answer"), blank=True)
    articles = models.ManyToManyField(
        "knowledge.KnowledgeArticlePage", blank=True, related_name="+", verbose_name=_("Knowledge Base articles used")
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    forward_message_id = models.CharField(
        _("Message-ID of the mail to the ICI operator"), max_length=255, blank=True, db_index=True
    )
    ici_reply = models.TextField(_("the ICI operator's reply"), blank=True)
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

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("ICT request")
        verbose_name_plural = _("ICT requests")
        permissions = [
            ("handle_ictrequest", "Can handle ICT requests of the bodies"),
            ("register_own_ictrequest", "Can register and follow their own body's ICT requests"),
        ]
        indexes = [models.Index(fields=["state", "resolution_due"], name="ictrequest_open_due")]

    def __str__(self):
        return self.number or str(_("new ICT request"))

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES

    def _first_answer(self, at):
        if self.first_answered_at is None:
            self.first_answered_at = at or timezone.now()
            self.first_answer_late = self.first_answered_at > self.first_answer_due

    def _resolve(self, at):
        self.resolved_at = at or timezone.now()
        self.resolution_late = self.resolved_at > self.resolution_due

    @transition(field=state, source=State.REGISTERED, target=State.CONSULTING, permission=handles)
    def consult(self, *, at=None):
        """The operator looks for the answer in the Knowledge Base (articles linked by the service); `at` is
        the event's time when it is entered afterwards."""

    @transition(field=state, source=UNANSWERED_STATES, target=State.ANSWERED, permission=handles)
    def give_answer(self, *, answer, at=None):
        """Answered from the Knowledge Base: first answer and resolution at once."""
        self.answer = answer
        self._first_answer(at)
        self._resolve(at)

    @transition(field=state, source=UNANSWERED_STATES, target=State.FORWARDED, permission=handles)
    def forward(self, *, message_id, at=None):
        """Para 36: the KB lacks the information; the request goes to the ICI operator by e-mail. Telling the
        requester it was forwarded is the first answer."""
        self.forward_message_id = message_id
        self.forwarded_at = at or timezone.now()
        self._first_answer(self.forwarded_at)

    @transition(field=state, source=State.FORWARDED, target=State.RESOLVED, permission=handles)
    def record_ici_reply(self, *, reply, at=None):
        """The ICI operator answered (by mail through the intake, or as the operator enters it)."""
        self.ici_reply = reply
        self._resolve(at)

    @transition(field=state, source=(State.ANSWERED, State.RESOLVED), target=State.CLOSED, permission=handles)
    def close(self):
        """The requester was told; nothing more to do."""


class IctEvent(models.Model):
    """One thing that happened to an ICT request: its timeline."""

    request = models.ForeignKey(IctRequest, on_delete=models.CASCADE, related_name="events")
    verb = models.CharField(_("what happened"), max_length=64)
    text = models.TextField(_("details"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("ICT request event")
        verbose_name_plural = _("ICT request events")

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.verb}"


class IctMail(models.Model):
    """A received e-mail (kept whole by the mail intake) that opened a request or was a reply in its thread."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("opened the request")
        ICI_REPLY = "ici_reply", _("the ICI operator's reply")
        REPLY = "reply", _("a further message in the thread")

    request = models.ForeignKey(IctRequest, on_delete=models.CASCADE, related_name="mails")
    message = models.OneToOneField(
        "mailintake.InboundMessage", on_delete=models.PROTECT, related_name="ict_mail", verbose_name=_("e-mail")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    class Meta:
        verbose_name = _("ICT request e-mail")
        verbose_name_plural = _("ICT request e-mails")

    def __str__(self):
        return f"{self.request_id}: {self.kind}"


class IctOutgoingMail(models.Model):
    """A mail the desk sends about a request: the forward to the ICI operator (para 36), the answer or the ICI
    operator's resolution to the requester. Kept before it is sent, so a mail server's refusal or outage is
    retried by the schedule and never lost; claimed by a conditional update, so two runs send it once."""

    class Kind(models.TextChoices):
        FORWARD = "forward", _("forward to the ICI operator")
        ANSWER = "answer", _("answer to the requester")
        RESOLVED = "resolved", _("the ICI operator's resolution to the requester")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    # A run that died between taking the mail and writing its outcome leaves it "sending": after this long the
    # schedule takes it again (it may go twice then; it is never lost).
    STALE_CLAIM = timedelta(minutes=15)
    # After this many failures the mail waits for a person (the request's screen shows it failed).
    MAX_ATTEMPTS = 20

    request = models.ForeignKey(IctRequest, on_delete=models.CASCADE, related_name="outgoing_mails")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    to = models.CharField(_("recipient"), max_length=500)
    reply_to = models.CharField(_("reply to"), max_length=500, blank=True)
    subject = models.CharField(_("subject"), max_length=500)
    text = models.TextField(_("text"))
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("ICT request outgoing e-mail")
        verbose_name_plural = _("ICT request outgoing e-mails")
        indexes = [models.Index(fields=["status"], name="ict_outgoing_status")]

    def __str__(self):
        return f"{self.request_id}: {self.kind} → {self.to}"

    @property
    def given_up(self):
        """Failed as often as the schedule tries: it waits for a person to send it again."""
        return self.status == self.Status.FAILED and self.attempts >= self.MAX_ATTEMPTS

    @classmethod
    def due(cls, now=None):
        """Not sent yet, failed (under the cap), or taken by a run that never finished."""
        now = now or timezone.now()
        waiting = models.Q(status__in=(cls.Status.PENDING, cls.Status.FAILED), attempts__lt=cls.MAX_ATTEMPTS)
        return waiting | models.Q(status=cls.Status.SENDING, claimed_at__lt=now - cls.STALE_CLAIM)


class IctAlert(models.Model):
    """One reminder mail about one request's deadline; unique, so a second run of the schedule sends nothing."""

    class Kind(models.TextChoices):
        FIRST_ANSWER_OVERDUE = "first_answer_overdue", _("first answer overdue")
        RESOLUTION_OVERDUE = "resolution_overdue", _("resolution overdue")

    request = models.ForeignKey(IctRequest, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    due = models.DateTimeField(_("deadline"))
    recipients = models.TextField(_("sent to"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("ICT request alert")
        verbose_name_plural = _("ICT request alerts")
        constraints = [models.UniqueConstraint(fields=["request", "kind", "due"], name="one_ict_alert_per_deadline")]

    def __str__(self):
        return f"{self.kind} {self.request_id}"


register_configuration(IctTerm)
auditlog.register(IctRequest, m2m_fields={"articles"})
