"""Appeals to the UCC (paras 7-11): who asked what, by which channel, and what the operator did about it.

An appeal moves through a django-fsm machine: registered → in progress → answered → closed, with the
outcomes of the Rules on the way — redirected to another operator or group (para 11), referred to the
competent body (para 10), forwarded to a state body or the ICI operator for clarification and back.
Every step is saved by `services` inside a transaction, with an `AppealEvent` saying who, when and why.
"""

import re
import secrets

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from workflows.configuration.registry import register as register_configuration
from workflows.lists import selectors as lists
from workflows.lists.fields import ReferenceCodeField, ReferenceListChoicesMixin

NUMBER_PREFIX = "UCC"
NUMBER = re.compile(r"^UCC-(?P<year>\d{4})-(?P<sequence>\d{1,9})$", re.IGNORECASE)
PERSONAL_FIELDS = ("applicant_name", "applicant_phone", "applicant_email")


def format_number(year, sequence):
    """`UCC-2026-000123`: the year of registration and the appeal's place in it."""
    return f"{NUMBER_PREFIX}-{year}-{sequence:06d}"


def phone_digits(phone):
    """The last ten digits of a phone number: +7 701 123 45 67 and 8 701 123 45 67 are the same caller."""
    return re.sub(r"\D", "", phone or "")[-10:]


class YearCounter(models.Model):
    """The last registration number given in a year; its row is locked by each registration (gap-free)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("registration counter")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class ListedStateField(ReferenceListChoicesMixin, FSMField):
    """The appeal's state: its machine is code; its names and order are the reference list `appeal_outcome`."""


def may_take(appeal, user):
    """An operator takes an appeal of their own queue, or one redirected to them; a supervisor any."""
    if user.has_perm("appeals.assign_appeal"):
        return True
    if not user.has_perm("appeals.work_appeal"):
        return False
    if appeal.operator_id is not None:
        return appeal.operator_id == user.pk
    return appeal.queue_id is None or user.groups.filter(pk=appeal.queue_id).exists()


def may_work(appeal, user):
    """The operator who holds the appeal works on it; a supervisor may step in on any."""
    if user.has_perm("appeals.assign_appeal"):
        return True
    return user.has_perm("appeals.work_appeal") and appeal.operator_id == user.pk


def may_merge(appeal, user):
    """Issue 19, item 6: an operator merges a duplicate that waits in the queue or that they hold; a
    supervisor any."""
    if user.has_perm("appeals.assign_appeal"):
        return True
    return user.has_perm("appeals.work_appeal") and appeal.operator_id in (None, user.pk)


class Appeal(ConcurrentTransitionMixin, models.Model):
    """One appeal of a citizen, a legal entity or a state body (para 7), whatever the channel."""

    wagtail_reference_index_ignore = True  # links no content; indexing every save only costs time

    class Channel(models.TextChoices):
        PHONE_1414 = "phone_1414", _("phone 1414")
        PHONE_8800 = "phone_8800", _("phone 8 800 080 7777")
        EMAIL = "email", _("e-mail")
        WEB = "web", _("web form")
        API = "api", _("API")

    class ApplicantKind(models.TextChoices):
        INDIVIDUAL = "individual", _("individual")
        LEGAL_ENTITY = "legal_entity", _("legal entity")
        STATE_BODY = "state_body", _("state body")

    class Topic(models.TextChoices):
        PUBLIC_SERVICE = "public_service", _("public service")
        ICT_SERVICE = "ict_service", _("ICT service")
        E_GOVERNMENT = "e_government", _("e-government")

    class State(models.TextChoices):
        REGISTERED = "registered", _("registered")
        IN_PROGRESS = "in_progress", _("in progress")
        REDIRECTED = "redirected", _("redirected")
        FORWARDED = "forwarded", _("forwarded for clarification")
        ANSWERED = "answered", _("answered")
        REFERRED = "referred", _("referred to the competent body")
        CLOSED = "closed", _("closed")
        MERGED = "merged", _("merged into another appeal")

    OPEN_STATES = (State.REGISTERED, State.IN_PROGRESS, State.REDIRECTED, State.FORWARDED)
    PHONE_CHANNELS = (Channel.PHONE_1414, Channel.PHONE_8800)
    # Para 8 sets two working days for e-mail; the platform holds the other written channels to the same term.
    WRITTEN_CHANNELS = (Channel.EMAIL, Channel.WEB, Channel.API)

    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sequence = models.PositiveIntegerField(_("number in the year"), editable=False)
    number = models.CharField(_("registration number"), max_length=20, unique=True, editable=False)
    channel = ReferenceCodeField(_("channel"), max_length=16, choices=lists.appeal_channels)
    received_at = models.DateTimeField(_("received at"))
    due_at = models.DateTimeField(_("answer due by"), null=True, blank=True, editable=False)

    applicant_name = models.CharField(_("applicant"), max_length=300, blank=True)
    applicant_phone = models.CharField(_("applicant's phone"), max_length=50, blank=True)
    applicant_phone_digits = models.CharField(max_length=10, blank=True, editable=False, db_index=True)
    applicant_email = models.EmailField(_("applicant's e-mail"), blank=True)
    applicant_kind = ReferenceCodeField(
        _("applicant is"), max_length=16, choices=lists.applicant_kinds, default=ApplicantKind.INDIVIDUAL
    )
    region = models.ForeignKey(
        "directory.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    service = models.ForeignKey(
        "registry.PublicService",
        verbose_name=_("public service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
    )
    topic = ReferenceCodeField(_("topic"), max_length=16, choices=lists.appeal_topics, default=Topic.PUBLIC_SERVICE)
    content = models.TextField(_("content"))
    is_complaint = models.BooleanField(_("complaint"), default=False)
    language = models.CharField(_("language of the applicant"), max_length=8, choices=settings.LANGUAGES, blank=True)

    queue = models.ForeignKey(
        "auth.Group", verbose_name=_("queue"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    measures_taken = models.TextField(_("measures taken"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    documents = models.ManyToManyField("wagtaildocs.Document", verbose_name=_("documents"), blank=True)
    articles_used = models.ManyToManyField(
        "knowledge.KnowledgeArticlePage", verbose_name=_("Knowledge Base articles used"), blank=True, related_name="+"
    )
    referred_to = models.ForeignKey(
        "directory.StateBody",
        verbose_name=_("referred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    forwarded_to = models.ForeignKey(
        "directory.StateBody",
        verbose_name=_("forwarded to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Para 29: the citizen's application (the monitoring system's number) the appeal was about, if any.
    application_number = models.CharField(_("application number"), max_length=64, blank=True)

    # Issue 19, item 6: a duplicate closed as merged into the appeal that answers it.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_appeals",
        editable=False,
    )

    state = ListedStateField(_("state"), default=State.REGISTERED, choices=lists.appeal_outcomes, protected=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="appeal_number_once_a_year")]
        indexes = [
            models.Index(fields=["-received_at", "-id"], name="appeal_received"),
            models.Index(
                fields=["-received_at", "-id"],
                name="appeal_open_received",
                condition=models.Q(state__in=["registered", "in_progress", "redirected", "forwarded"]),
            ),
            models.Index(fields=["state", "-received_at"], name="appeal_state_received"),
            models.Index(fields=["operator", "state", "-received_at"], name="appeal_operator_state"),
            models.Index(fields=["queue", "state", "received_at"], name="appeal_queue_state"),
            models.Index(fields=["channel", "-received_at"], name="appeal_channel_received"),
            models.Index(fields=["region", "-received_at"], name="appeal_region_received"),
            models.Index(fields=["service", "-received_at"], name="appeal_service_received"),
            models.Index(fields=["sequence"], name="appeal_sequence"),
            # The applicant's history (the same e-mail, however it was capitalised): `selectors.applicant_history`.
            models.Index(Lower("applicant_email"), name="appeal_email_lower"),
            models.Index(
                fields=["due_at"],
                name="appeal_open_due",
                condition=models.Q(state__in=["registered", "in_progress", "redirected", "forwarded"]),
            ),
        ]
        permissions = [
            ("work_appeal", "Can work on appeals: take, answer, redirect, refer, forward, close"),
            ("assign_appeal", "Can assign and reassign appeals (supervisor)"),
            ("view_applicant", "Can see applicants' personal data"),
        ]

    def __str__(self):
        return self.number or _("new appeal")

    def save(self, *args, **kwargs):
        self.applicant_phone_digits = phone_digits(self.applicant_phone)
        super().save(*args, **kwargs)

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES

    # --- transitions: the service layer saves them and writes the AppealEvent -------------------------

    @transition(field=state, source=[State.REGISTERED, State.REDIRECTED], target=State.IN_PROGRESS, permission=may_take)
    def take(self, *, operator):
        """An operator takes the appeal from the queue (or the one redirected to them) and works on it."""
        self.operator = operator

    @transition(
        field=state,
        source=[State.REGISTERED, State.REDIRECTED, State.IN_PROGRESS],
        target=State.IN_PROGRESS,
        permission="appeals.assign_appeal",
    )
    def assign(self, *, operator):
        """A supervisor gives the appeal to an operator, or takes it from one and gives it to another."""
        self.operator = operator

    @transition(field=state, source=State.IN_PROGRESS, target=State.ANSWERED, permission=may_work)
    def give_answer(self, *, answer, measures_taken, at):
        """Para 9: the operator answers from the Knowledge Base; para 8 counts the two working days to here."""
        self.answer = answer
        if measures_taken:
            self.measures_taken = measures_taken
        self.answered_at = at

    @transition(field=state, source=State.IN_PROGRESS, target=State.REDIRECTED, permission=may_work)
    def redirect(self, *, operator=None, queue=None):
        """Para 11: the question is for another UCC operator (or group): redirected, the applicant told."""
        self.operator = operator
        self.queue = queue if operator is None else self.queue

    @transition(field=state, source=State.IN_PROGRESS, target=State.REFERRED, permission=may_work)
    def refer(self, *, body, at):
        """Para 10: outside the UCC's competence: the applicant is told which body is competent, with its contacts."""
        self.referred_to = body
        self.answered_at = at

    @transition(field=state, source=State.IN_PROGRESS, target=State.FORWARDED, permission=may_work)
    def forward(self, *, body):
        """Paras 34-36: a question for a state body or the ICI operator, sent to them for clarification."""
        self.forwarded_to = body

    @transition(field=state, source=State.FORWARDED, target=State.IN_PROGRESS, permission=may_work)
    def receive_clarification(self, *, clarification):
        """The clarification is back; the operator answers with it."""
        self.measures_taken = "\n".join(filter(None, [self.measures_taken, clarification]))

    @transition(field=state, source=[State.ANSWERED, State.REFERRED], target=State.CLOSED, permission=may_work)
    def close(self, *, at):
        self.closed_at = at

    @transition(field=state, source=list(OPEN_STATES), target=State.MERGED, permission=may_merge)
    def merge_into(self, *, target, at):
        """Issue 19, item 6: the same applicant asked the same again; this appeal is closed as merged into
        `target`, which answers both (the services check that `target` is another appeal, still open)."""
        self.merged_into = target
        self.closed_at = at


class AppealEvent(models.Model):
    """One line of an appeal's timeline: who did what, when and why, and how the applicant was told."""

    wagtail_reference_index_ignore = True  # links no content; indexing every save only costs time

    class Told(models.TextChoices):
        NOT_TOLD = "", _("—")
        BY_EMAIL = "email", _("by e-mail")
        IN_THE_CALL = "call", _("in the call")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("action"), max_length=32)
    from_state = models.CharField(_("from"), max_length=16, blank=True)
    to_state = models.CharField(_("to"), max_length=16, blank=True)
    reason = models.TextField(_("why"), blank=True)
    body = models.ForeignKey(
        "directory.StateBody", verbose_name=_("body"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    queue = models.ForeignKey(
        "auth.Group", verbose_name=_("queue"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applicant_told = models.CharField(_("applicant told"), max_length=8, choices=Told.choices, blank=True)

    class Meta:
        ordering = ["appeal", "at", "id"]
        verbose_name = _("appeal event")
        verbose_name_plural = _("appeal events")

    def __str__(self):
        return f"{self.appeal} {self.action} {self.at:%Y-%m-%d %H:%M}"


class AppealLink(models.Model):
    """Two related appeals (issue 19, item 6), shown on both screens: one row per pair, the lower id first."""

    first = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("related appeals")
        verbose_name_plural = _("related appeals")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="appeal_link_once"),
            models.CheckConstraint(condition=models.Q(first__lt=models.F("second")), name="appeal_link_ordered"),
        ]

    def __str__(self):
        return f"{self.first_id} ↔ {self.second_id}"


def attachment_path(attachment, filename):
    """A path nobody can guess, outside what the web server serves (`private/`): files are only served by
    `views.attachment`, which checks the reader may see the appeal."""
    return f"private/appeals/{secrets.token_hex(16)}"


class AppealAttachment(models.Model):
    """A file sent with the public form or with the operator's answer (issue 19, item 7); the file's type
    was checked by its content (`attachments.checked_upload`), its name made safe."""

    class Origin(models.TextChoices):
        APPLICANT = "applicant", _("from the applicant")
        ANSWER = "answer", _("with the answer")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["appeal", "uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


# "rating": the telephony app's reverse one-to-one (a SELECT per audited save; the rating is its own row).
# Issue 19, item 4: the placeholders an answer template may use, and nothing else (no attribute access, no code).
TEMPLATE_PLACEHOLDERS = {
    "applicant_name": _("the applicant's name"),
    "number": _("the appeal's registration number"),
    "deadline": _("the answer's deadline"),
    "service": _("the service's name"),
    "body": _("the competent body"),
    "body_phone": _("the competent body's phone"),
    "body_email": _("the competent body's e-mail"),
}
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def unknown_placeholders(text):
    """The `{...}` in `text` that are not placeholders, and a stray brace as such: refused when saved."""
    unknown = {name for name in PLACEHOLDER.findall(text) if name not in TEMPLATE_PLACEHOLDERS}
    rest = PLACEHOLDER.sub("", text)
    if "{" in rest or "}" in rest:
        unknown.add("{ }")
    return sorted(unknown)


class AnswerTemplate(models.Model):
    """A text module for answers and referral messages (the peers' macros), in one language, for a topic or a
    service; supervisors edit them, operators insert them with the placeholders filled."""

    class Language(models.TextChoices):
        KK = "kk", _("Kazakh")
        RU = "ru", _("Russian")
        EN = "en", _("English")

    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    topic = ReferenceCodeField(_("topic"), max_length=32, choices=lists.appeal_topics, blank=True)
    service = models.ForeignKey(
        "registry.PublicService", verbose_name=_("service"), null=True, blank=True, on_delete=models.SET_NULL
    )
    text = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders: {applicant_name}, {number}, {deadline}, {service}, {body}, {body_phone}, {body_email}."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["language", "title"]
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")

    def __str__(self):
        return self.title

    def clean(self):
        unknown = unknown_placeholders(self.text or "")
        if unknown:
            raise ValidationError({"text": _("Unknown placeholders: %(names)s.") % {"names": ", ".join(unknown)}})

    def render(self, values):
        """The text with each placeholder replaced by `values[name]` (a missing value reads as "—")."""
        return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1)) or "—"), self.text)


class AppealAlert(models.Model):
    """One alert about one appeal's clock (para 8), sent once: the unique row makes a second run, or a second
    cluster running at the same moment, send nothing."""

    class Kind(models.TextChoices):
        DUE_TODAY = "due_today", _("due today, not answered yet")
        OVERDUE = "overdue", _("overdue")
        UNASSIGNED = "unassigned", _("waiting without an operator")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    due = models.DateTimeField(_("deadline"), null=True, blank=True)  # a new deadline (redirected) alerts again
    recipients = models.TextField(_("recipients"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("appeal alert")
        verbose_name_plural = _("appeal alerts")
        constraints = [
            models.UniqueConstraint(fields=["appeal", "kind", "due"], name="appeal_alert_once"),
            # `due` is null for the unassigned alert: NULLs are distinct in a unique index, so it has its own.
            models.UniqueConstraint(
                fields=["appeal", "kind"], condition=models.Q(due__isnull=True), name="appeal_alert_once_undated"
            ),
        ]

    def __str__(self):
        return f"{self.appeal_id}: {self.kind}"


class RoutingRule(models.Model):
    """Issue 20, item 5: which queue (group) a new appeal joins. The administrator keeps an ordered list; a
    new appeal joins the queue of the first active rule whose every condition it meets (an empty condition
    meets anything). The last rule, with no condition at all, is the default queue (seeded from
    `settings.UCC_APPEALS_DEFAULT_QUEUE`); at least one such catch-all stays active (`clean`, and the
    admin refuses to delete it)."""

    class Medium(models.TextChoices):
        PHONE = "phone", _("phone (either line)")
        EMAIL = "email", _("e-mail")
        WEB = "web", _("web form")
        API = "api", _("API")

    CHANNEL_MEDIUM = {
        Appeal.Channel.PHONE_1414: Medium.PHONE,
        Appeal.Channel.PHONE_8800: Medium.PHONE,
        Appeal.Channel.EMAIL: Medium.EMAIL,
        Appeal.Channel.WEB: Medium.WEB,
        Appeal.Channel.API: Medium.API,
    }

    class Line(models.TextChoices):
        LINE_1414 = Appeal.Channel.PHONE_1414.value, _("1414")
        LINE_8800 = Appeal.Channel.PHONE_8800.value, _("8 800 080 7777")

    CONDITIONS = ("channel", "line", "topic", "service", "language", "region", "is_complaint")

    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Medium.choices, blank=True)
    line = models.CharField(_("phone line"), max_length=16, choices=Line.choices, blank=True)
    topic = ReferenceCodeField(_("topic"), max_length=16, choices=lists.appeal_topics, blank=True)
    service = models.ForeignKey(
        "registry.PublicService",
        verbose_name=_("public service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(_("language of the applicant"), max_length=8, choices=settings.LANGUAGES, blank=True)
    region = models.ForeignKey(
        "directory.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_complaint = models.BooleanField(
        _("complaint"),
        null=True,
        blank=True,
        choices=[(True, _("complaints only")), (False, _("not complaints"))],
        help_text=_("Empty: complaints and other appeals alike."),
    )
    queue = models.ForeignKey("auth.Group", verbose_name=_("queue"), on_delete=models.PROTECT, related_name="+")

    sort_order_field = "sort_order"

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self):
        return self.name

    @property
    def is_catch_all(self):
        """No condition at all: every appeal meets it (the default queue)."""
        text = (self.channel, self.line, self.topic, self.language)
        return not any(text) and self.service_id is None and self.region_id is None and self.is_complaint is None

    def conditions(self):
        """The rule's conditions in words ("any appeal" for the catch-all)."""
        parts = [
            str(self.get_channel_display()) if self.channel else "",
            str(self.get_line_display()) if self.line else "",
            str(self.get_topic_display()) if self.topic else "",
            str(self.service) if self.service_id else "",
            str(self.get_language_display()) if self.language else "",
            str(self.region) if self.region_id else "",
            str(self.get_is_complaint_display()) if self.is_complaint is not None else "",
        ]
        return " · ".join(part for part in parts if part) or str(_("any appeal"))

    def matches(self, appeal):
        """Whether `appeal` (an `Appeal`, saved or not) meets every condition of this rule."""
        return (
            (not self.channel or self.CHANNEL_MEDIUM.get(appeal.channel) == self.channel)
            and (not self.line or appeal.channel == self.line)
            and (not self.topic or appeal.topic == self.topic)
            and (self.service_id is None or appeal.service_id == self.service_id)
            and (not self.language or (appeal.language or "")[:2] == self.language)
            and (self.region_id is None or appeal.region_id == self.region_id)
            and (self.is_complaint is None or bool(appeal.is_complaint) == self.is_complaint)
        )

    def clean(self):
        if self.line and self.channel and self.channel != self.Medium.PHONE:
            raise ValidationError({"line": _("A phone line is a condition of phone appeals only.")})
        if self.pk and not (self.is_active and self.is_catch_all):
            stored = RoutingRule.objects.filter(pk=self.pk).first()
            if stored is not None and stored.is_active and stored.is_catch_all and not other_catch_all(self.pk):
                raise ValidationError(
                    _(
                        "This is the last rule without conditions (the default queue): keep it active and without "
                        "conditions, or add another one first."
                    )
                )


def other_catch_all(pk):
    """Whether an active rule without conditions other than `pk` exists."""
    return (
        RoutingRule.objects.filter(
            is_active=True, channel="", line="", topic="", language="", service=None, region=None, is_complaint=None
        )
        .exclude(pk=pk)
        .exists()
    )


register_configuration(AnswerTemplate)
register_configuration(RoutingRule)
auditlog.register(AppealLink)
auditlog.register(AppealAttachment)
auditlog.register(Appeal, mask_fields=list(PERSONAL_FIELDS), exclude_fields=["applicant_phone_digits", "rating"])
# AppealEvent is not registered: it is itself the appeal's audit trail (who, when, what, why), written once
# by `services` and never edited; an auditlog entry per event only repeated it.
