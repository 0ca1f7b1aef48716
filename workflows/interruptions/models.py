"""Planned interruptions of the ICT services (para 38) and the regular digest of para 4.5.

- `InterruptionNotice`: the ICI operator announces a planned full or partial interruption; the UCC notifies the
  central state bodies, local executive bodies and providers concerned at least 24 hours before the start
  (`calendar.clocks.latest_notice_before`). A notice sent later is flagged late with its reason, and still sent.
  Each version of the notice (the first notice, every postponement, extension, cancellation) is mailed to every
  recipient once: a `NoticeDelivery` row per notice, body and version, retried by the schedule while it fails.
- `DigestDelivery`: para 4.5's digest of the appeals about the ICT services, one row per body and period.
"""

from datetime import timedelta

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from workflows.calendar.clocks import latest_notice_before

MANAGE = "interruptions.manage_notice"  # coordinators and supervisors enter and move notices
VIEW = "interruptions.view_interruptionnotice"  # operators see them (and the banner)
RECIPIENT_KINDS = ("central_body", "local_executive_body", "other_provider")  # para 38's addressees


class InterruptionNotice(ConcurrentTransitionMixin, models.Model):
    class State(models.TextChoices):
        DRAFTED = "drafted", _("drafted")
        NOTIFIED = "notified", _("notified")
        CANCELLED = "cancelled", _("cancelled")
        FINISHED = "finished", _("finished")

    class Scope(models.TextChoices):
        FULL = "full", _("full interruption")
        PARTIAL = "partial", _("partial interruption")

    operator = models.ForeignKey(
        "directory.StateBody",
        on_delete=models.PROTECT,
        related_name="interruption_notices",
        limit_choices_to={"kind": "ici_operator"},
        verbose_name=_("announced by"),
        help_text=_("The ICI operator of e-government (para 38)."),
    )
    services = models.ManyToManyField("ict.IctService", related_name="interruptions", verbose_name=_("services"))
    scope = models.CharField(_("interruption"), max_length=16, choices=Scope.choices, default=Scope.FULL)
    notify_all = models.BooleanField(
        _("notify every body"),
        default=False,
        help_text=_("Every central body, local executive body and provider, not only those using the services."),
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), db_index=True)
    affected_kk = models.TextField(_("what is affected (Kazakh)"))
    affected_ru = models.TextField(_("what is affected (Russian)"))
    affected_en = models.TextField(_("what is affected (English)"), blank=True)
    contact = models.CharField(_("contact"), max_length=300)
    state = FSMField(_("state"), default=State.DRAFTED, choices=State.choices, protected=True, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    latest_notice_at = models.DateTimeField(_("to be notified by"), editable=False)
    notified_at = models.DateTimeField(_("first notified at"), null=True, blank=True, editable=False)
    changed_at = models.DateTimeField(_("last notified at"), null=True, blank=True, editable=False)
    late = models.BooleanField(_("notified late"), default=False, editable=False)
    late_reason = models.TextField(_("why notified late"), blank=True, editable=False)
    change_reason = models.TextField(_("reason of the last change"), blank=True, editable=False)
    last_change = models.CharField(_("last change"), max_length=16, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("interruption notice")
        verbose_name_plural = _("interruption notices")
        permissions = [("manage_notice", "Can enter and notify planned interruptions")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="notice_ends_after_start"
            )
        ]

    def __str__(self):
        return f"№ {self.pk} — {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"

    def save(self, *args, **kwargs):
        self.latest_notice_at = latest_notice_before(self.starts_at)
        super().save(*args, **kwargs)

    def affected(self, language=None):
        code = (language or get_language() or "kk")[:2]
        return getattr(self, f"affected_{code}", "") or self.affected_ru

    def is_active(self, now=None):
        now = now or timezone.now()
        return self.state == self.State.NOTIFIED and self.starts_at <= now < self.ends_at

    # --- transitions: services.notices runs them through step() and sends the deliveries --------------

    def _noticed(self, at, reason, change):
        at = at or timezone.now()
        self.version += 1
        self.changed_at = at
        self.last_change = change
        self.latest_notice_at = latest_notice_before(self.starts_at)
        if at > self.latest_notice_at and change in ("notified", "postponed"):
            self.late = True
            self.late_reason = reason

    @transition(field=state, source=State.DRAFTED, target=State.NOTIFIED, permission=MANAGE)
    def notify(self, *, at=None, late_reason=""):
        self._noticed(at, late_reason, "notified")
        self.notified_at = self.changed_at

    @transition(field=state, source=State.NOTIFIED, target=State.NOTIFIED, permission=MANAGE)
    def postpone(self, *, starts_at, ends_at, reason, at=None):
        self.starts_at, self.ends_at, self.change_reason = starts_at, ends_at, reason
        self._noticed(at, reason, "postponed")

    @transition(field=state, source=State.NOTIFIED, target=State.NOTIFIED, permission=MANAGE)
    def extend(self, *, ends_at, reason, at=None):
        self.ends_at, self.change_reason = ends_at, reason
        self._noticed(at, reason, "extended")

    @transition(field=state, source=[State.DRAFTED, State.NOTIFIED], target=State.CANCELLED, permission=MANAGE)
    def cancel(self, *, reason, at=None):
        self.change_reason = reason
        if self.version:  # a draft nobody was told of is cancelled silently
            self._noticed(at, reason, "cancelled")

    @transition(field=state, source=State.NOTIFIED, target=State.FINISHED)
    def finish(self, *, at=None):
        """Run by the schedule once the interruption's end has passed."""


class Delivery(models.Model):
    """One mail to one body, sent, or failed and retried by the schedule."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    body = models.ForeignKey("directory.StateBody", on_delete=models.PROTECT, related_name="+", verbose_name=_("body"))
    email = models.CharField(_("e-mail"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)  # when a run took it to send
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # A run that died between taking a delivery and writing its outcome leaves it "sending": after this long
    # another run takes it again (the mail may go twice then; it is never lost).
    STALE_CLAIM = timedelta(minutes=15)

    class Meta:
        abstract = True

    @classmethod
    def due(cls, now=None):
        """Not sent yet, failed, or taken by a run that never finished: what the schedule (re)tries."""
        now = now or timezone.now()
        return models.Q(status__in=(cls.Status.PENDING, cls.Status.FAILED)) | models.Q(
            status=cls.Status.SENDING, claimed_at__lt=now - cls.STALE_CLAIM
        )


class NoticeDelivery(Delivery):
    notice = models.ForeignKey(InterruptionNotice, on_delete=models.CASCADE, related_name="deliveries")
    version = models.PositiveIntegerField(_("version"))
    change = models.CharField(_("change"), max_length=16)

    class Meta:
        ordering = ["notice", "version", "body"]
        verbose_name = _("notice delivery")
        verbose_name_plural = _("notice deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notice", "body", "version"], name="notice_delivery_once_per_version")
        ]
        indexes = [models.Index(fields=["status"], name="notice_delivery_status")]

    def __str__(self):
        return f"{self.notice} v{self.version} → {self.body}"


class DigestDelivery(Delivery):
    """Para 4.5: the digest of one period to one body (the ICI operator, or a body the appeals were sent to)."""

    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    appeals = models.PositiveIntegerField(_("appeals"), default=0)

    class Meta:
        ordering = ["-period_start", "body"]
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [models.UniqueConstraint(fields=["body", "period_start"], name="digest_once_per_period")]

    def __str__(self):
        return f"{self.period_start:%d.%m.%Y} → {self.body}"


class InterruptionEvent(models.Model):
    """The notice's timeline."""

    notice = models.ForeignKey(InterruptionNotice, on_delete=models.CASCADE, related_name="events")
    verb = models.CharField(max_length=32)
    text = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.notice}: {self.verb}"


auditlog.register(InterruptionNotice, m2m_fields={"services"})
