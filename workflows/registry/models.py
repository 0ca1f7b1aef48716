"""The public-service registry: the Annex 1 form, responsible persons (paras 20, 27) and by-law
changes (para 26)."""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from workflows.calendar.clocks import working_days_deadline
from workflows.calendar.terms import term

REGISTER_NUMBER = RegexValidator(r"^\d{3,16}$", _("A register number is 3 to 16 digits (leading zeros kept)."))


class PublicService(models.Model):
    """One public service as the Annex 1 form describes it (columns 2-8)."""

    class UccStatus(models.TextChoices):
        NOT_ACCEPTED = "not_accepted", _("not accepted for consultation")
        ONBOARDING = "onboarding", _("being onboarded")
        CONSULTED = "consulted", _("consulted by the UCC")
        WITHDRAWN = "withdrawn", _("withdrawn")

    register_number = models.CharField(
        _("number in the register"), max_length=16, unique=True, validators=[REGISTER_NUMBER]
    )
    name_kk = models.CharField(_("name (Kazakh)"), max_length=1000)
    name_ru = models.CharField(_("name (Russian)"), max_length=1000)
    name_en = models.CharField(_("name (English)"), max_length=1000, blank=True)
    bylaw_title = models.CharField(_("by-law act"), max_length=1000, blank=True)
    bylaw_number = models.CharField(_("by-law number"), max_length=100, blank=True)
    bylaw_date = models.DateField(_("by-law date"), null=True, blank=True)
    bylaw_url = models.URLField(_("by-law link"), max_length=500, blank=True)
    changes_info = models.TextField(_("information about changes"), blank=True)
    web_resource = models.CharField(_("web resource"), max_length=500, blank=True)
    responsible_person_text = models.CharField(
        _("responsible person (as declared)"), max_length=1000, blank=True, help_text=_("Annex 1, column 7.")
    )
    responsible_contacts_text = models.CharField(
        _("contacts (as declared)"), max_length=1000, blank=True, help_text=_("Annex 1, column 8.")
    )
    providers = models.ManyToManyField(
        "directory.StateBody", verbose_name=_("service providers"), related_name="services"
    )
    category = models.CharField(_("category"), max_length=255, blank=True, db_index=True)
    ucc_status = models.CharField(
        _("UCC status"), max_length=16, choices=UccStatus.choices, default=UccStatus.NOT_ACCEPTED, db_index=True
    )
    consulted_since = models.DateField(_("consulted by the UCC since"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["register_number"]
        verbose_name = _("public service")
        verbose_name_plural = _("public services")

    def __str__(self):
        return f"{self.register_number} {self.name}"

    @property
    def name(self):
        language = (translation.get_language() or "kk")[:2]
        return getattr(self, f"name_{language}", "") or self.name_ru or self.name_kk

    @property
    def status_label(self):
        if self.ucc_status == self.UccStatus.CONSULTED and self.consulted_since:
            return _("consulted by the UCC since %(date)s") % {"date": self.consulted_since.strftime("%d.%m.%Y")}
        return self.get_ucc_status_display()


class ResponsiblePerson(ConcurrentTransitionMixin, ClusterableModel):
    """A body's person responsible for the information about its services (paras 20, 27)."""

    class State(models.TextChoices):
        APPOINTED = "appointed", _("appointed")
        ACTIVE = "active", _("active")
        REPLACED = "replaced", _("replaced")
        ARCHIVED = "archived", _("archived")

    full_name = models.CharField(_("surname, name, patronymic"), max_length=300)
    position = models.CharField(_("position"), max_length=300, blank=True)
    phone = models.CharField(_("phones"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    body = models.ForeignKey(
        "directory.StateBody",
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="responsible_persons",
    )
    services = models.ManyToManyField(PublicService, through="Responsibility", related_name="responsible_persons")
    appointed_on = models.DateField(_("appointed on"))
    state = FSMField(_("state"), default=State.APPOINTED, choices=State.choices, protected=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces", verbose_name=_("replaced by")
    )
    replaced_on = models.DateField(_("replaced on"), null=True, blank=True)
    notification_due = models.DateTimeField(_("replacement to be notified by"), null=True, blank=True)
    notified_on = models.DateField(_("UCC notified on"), null=True, blank=True)
    notified_late = models.BooleanField(_("notified late"), default=False)

    class Meta:
        ordering = ["body", "full_name"]
        verbose_name = _("responsible person")
        verbose_name_plural = _("responsible persons")

    def __str__(self):
        return self.full_name

    @transition(
        field=state, source=State.APPOINTED, target=State.ACTIVE, permission="registry.change_responsibleperson"
    )
    def activate(self):
        """The UCC has received the Annex 1 information from this person (para 20)."""

    @transition(
        field=state,
        source=[State.APPOINTED, State.ACTIVE],
        target=State.REPLACED,
        permission="registry.change_responsibleperson",
    )
    def replace(self, *, successor, replaced_on, notified_on=None):
        """Para 27: the body notifies the UCC of a replacement within five working days."""
        self.replaced_by = successor
        self.replaced_on = replaced_on
        self.notification_due = working_days_deadline(replaced_on, term("replacement_notice", on=replaced_on))
        self.notified_on = notified_on
        self.notified_late = bool(notified_on and working_days_deadline(notified_on, 0) > self.notification_due)

    @transition(
        field=state, source=State.REPLACED, target=State.ARCHIVED, permission="registry.change_responsibleperson"
    )
    def archive(self):
        """Kept for the history of who answered for a service on a given date."""


class Responsibility(models.Model):
    """Who was responsible for a service, and from when to when (the history para 27 implies)."""

    person = ParentalKey(ResponsiblePerson, on_delete=models.CASCADE, related_name="responsibilities")
    service = models.ForeignKey(PublicService, on_delete=models.CASCADE, related_name="responsibilities")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["service", "start_date"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")

    def __str__(self):
        return f"{self.person} — {self.service.register_number} ({self.start_date}–{self.end_date or '…'})"


class ServiceChange(ConcurrentTransitionMixin, models.Model):
    """Para 26: a by-law changed; the responsible person updates the information within five working days."""

    class State(models.TextChoices):
        REPORTED = "reported", _("reported")
        INFORMATION_UPDATED = "information_updated", _("information updated")
        CONFIRMED = "confirmed", _("confirmed by the UCC")

    service = models.ForeignKey(
        PublicService, verbose_name=_("public service"), on_delete=models.CASCADE, related_name="changes"
    )
    what_changed = models.TextField(_("what changed"))
    act_title = models.CharField(_("amending act"), max_length=1000, blank=True)
    act_number = models.CharField(_("act number"), max_length=100, blank=True)
    act_date = models.DateField(_("act date"), null=True, blank=True)
    changed_on = models.DateField(_("date of the change"))
    update_due = models.DateTimeField(_("information to be updated by"))
    state = FSMField(_("state"), default=State.REPORTED, choices=State.choices, protected=True)
    information_updated_at = models.DateTimeField(_("information updated at"), null=True, blank=True)
    updated_late = models.BooleanField(_("updated late"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-changed_on"]
        permissions = [("confirm_servicechange", "Can confirm that a by-law change is reflected")]
        verbose_name = _("by-law change")
        verbose_name_plural = _("by-law changes")

    def __str__(self):
        return f"{self.service.register_number}: {self.what_changed[:60]}"

    def save(self, *args, **kwargs):
        if self.update_due is None and self.changed_on:
            self.update_due = working_days_deadline(
                self.changed_on, term("bylaw_change", on=self.changed_on)
            )  # para 26
        super().save(*args, **kwargs)

    @transition(
        field=state, source=State.REPORTED, target=State.INFORMATION_UPDATED, permission="registry.change_servicechange"
    )
    def mark_information_updated(self, *, at):
        self.information_updated_at = at
        self.updated_late = at > self.update_due

    @transition(
        field=state,
        source=State.INFORMATION_UPDATED,
        target=State.CONFIRMED,
        permission="registry.confirm_servicechange",
    )
    def confirm(self, *, by, at):
        self.confirmed_by = by
        self.confirmed_at = at


class RegistryImport(models.Model):
    """One bulk import of the registry: who, what file, what it did — and, row by row, what changed."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("previewed")
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed (nothing written)")

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("uploaded by")
    )
    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(_("format"), max_length=8)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    content = models.BinaryField(_("uploaded file"), null=True, blank=True, editable=False)
    valid_rows_only = models.BooleanField(_("import valid rows only"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PREVIEWED)
    total_rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created = models.PositiveIntegerField(_("services added"), default=0)
    updated = models.PositiveIntegerField(_("services changed"), default=0)
    unchanged = models.PositiveIntegerField(_("services unchanged"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    message = models.TextField(_("message"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def percent(self):
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class RegistryImportChange(models.Model):
    """The audit of one row a bulk import created or changed (the bulk path writes no per-row LogEntry)."""

    batch = models.ForeignKey(RegistryImport, on_delete=models.CASCADE, related_name="changes")
    row_number = models.PositiveIntegerField()
    register_number = models.CharField(max_length=16, db_index=True)
    action = models.CharField(max_length=8)  # "create" | "update"
    changes = models.JSONField(default=dict)  # {field: [old, new]}

    class Meta:
        ordering = ["batch", "row_number"]
        verbose_name = _("registry import change")
        verbose_name_plural = _("registry import changes")

    def __str__(self):
        return f"{self.batch_id}:{self.row_number} {self.action} {self.register_number}"


auditlog.register(PublicService, m2m_fields={"providers"})
auditlog.register(ResponsiblePerson)
auditlog.register(Responsibility)
auditlog.register(ServiceChange)
auditlog.register(RegistryImport, exclude_fields=["content"])
