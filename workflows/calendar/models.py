"""Public holidays and the government's transfers of days off, as the admin edits them.

Seeded from the `holidays` package (Labour Code holidays, the rule that a holiday falling on a
weekend moves the day off to the next working day, and the decreed transfers it knows); a
coordinator corrects or adds rows in the Wagtail admin, and re-seeding never overwrites those.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    PACKAGE = "package", _("holidays package")
    FIXTURE = "fixture", _("decree fixture")
    MANUAL = "manual", _("entered in the admin")


class Holiday(models.Model):
    """A public holiday (or its observed day off) on one date."""

    date = models.DateField(_("date"), unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    is_day_off = models.BooleanField(
        _("is a day off"),
        default=True,
        help_text=_("Untick for a commemorative date that is a working day."),
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.MANUAL)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name_en}"


class WorkdayTransfer(models.Model):
    """A date the government's decree turns into a day off or into a working day
    (Labour Code art. 85: transfers of days off for the rational use of working time)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("day off")
        WORKING_DAY = "working_day", _("working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("becomes"), max_length=16, choices=Kind.choices)
    paired_date = models.DateField(
        _("in exchange for"), null=True, blank=True, help_text=_("The other date of the same transfer.")
    )
    decree_reference = models.CharField(
        _("decree reference"), max_length=255, blank=True, help_text=_("E.g. the decree number and date.")
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.MANUAL)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("transfer of a day off")
        verbose_name_plural = _("transfers of days off")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} → {self.get_kind_display()}"


class CalendarRevision(models.Model):
    """One row whose number grows on every edit, so that every process (web workers, the
    django-q cluster) drops its cached calendar within UCC_CALENDAR_RECHECK_SECONDS."""

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar revision")

    def __str__(self):
        return f"calendar revision {self.number}"


auditlog.register(Holiday)
auditlog.register(WorkdayTransfer)


class Term(models.Model):
    """One value of one term of the Rules, in force from `effective_from` (issue 20, item 2).

    The terms themselves (key, unit, paragraph, the Rules' value) are in `terms.DEFINITIONS`; a row here is
    an administrator's change, kept for ever: an item takes the value in force on the day it was opened, so
    an item opened before a change keeps its old term. Who changed it and why are required.
    """

    key = models.CharField(_("term"), max_length=40)
    value = models.PositiveIntegerField(_("value"))
    effective_from = models.DateField(
        _("effective from"),
        help_text=_("Items opened on or after this date get the new value; older ones keep theirs."),
    )
    reason = models.TextField(_("reason for the change"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["key", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["key", "effective_from"], name="calendar_term_once_per_day")]
        verbose_name = _("process term")
        verbose_name_plural = _("process terms")

    def __str__(self):
        return f"{self.key} = {self.value} from {self.effective_from:%Y-%m-%d}"


auditlog.register(Term)
