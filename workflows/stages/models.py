"""The stages of citizens' applications (para 29): providers enter them into the information system for
monitoring the provision of public services; it pushes them here (or they are imported), so that the UCC's
operator can tell a caller where their application stands.

One `ApplicationStage` row per change of an application's stage, unique by (application number, the
monitoring system's `changed_at`): the same change pushed twice is one row. Of an application's rows, the one
with the latest `changed_at` is `current` (kept so by `services.record_stages`); a change that arrives late
with an earlier time joins the history without replacing it.
"""

import re

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

IIN = re.compile(r"^\d{12}$")
LOOK_UP = "stages.view_applicationstage"
IMPORT = "stages.import_applicationstage"


def stale_before(now=None):
    """Applications whose last change is older than this are stale (`UCC_STAGES_STALE_DAYS`, default 3)."""
    return (now or timezone.now()) - timezone.timedelta(days=settings.UCC_STAGES_STALE_DAYS)


class ApplicationStage(models.Model):
    """One stage of one application, as the monitoring system sent it."""

    class Source(models.TextChoices):
        API = "api", _("pushed by the monitoring system")
        IMPORT = "import", _("imported from a file")
        DEMO = "demo", _("demo")

    application_number = models.CharField(_("application number"), max_length=64)
    service = models.ForeignKey(
        "registry.PublicService",
        verbose_name=_("public service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    service_number = models.CharField(_("service register number"), max_length=16, blank=True)
    provider = models.ForeignKey(
        "directory.StateBody",
        verbose_name=_("service provider"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applicant_iin = models.CharField(_("applicant's IIN"), max_length=12, blank=True)
    stage_code = models.CharField(_("stage code"), max_length=64)
    stage_name = models.CharField(_("stage"), max_length=500)
    changed_at = models.DateTimeField(_("stage changed at"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.API)
    current = models.BooleanField(_("current stage"), default=False)

    class Meta:
        ordering = ["application_number", "-changed_at"]
        verbose_name = _("application stage")
        verbose_name_plural = _("application stages")
        constraints = [
            models.UniqueConstraint(fields=["application_number", "changed_at"], name="stage_once_per_change"),
            models.UniqueConstraint(
                fields=["application_number"], condition=models.Q(current=True), name="stage_one_current"
            ),
        ]
        indexes = [
            # the history of one application, newest first (the unique constraint's index serves it too)
            models.Index(
                fields=["applicant_iin", "-changed_at"], name="stage_current_iin", condition=models.Q(current=True)
            ),
        ]
        permissions = [("import_applicationstage", "Can import application stages from a file")]

    def __str__(self):
        return f"{self.application_number}: {self.stage_name}"

    def is_stale(self, now=None):
        return self.changed_at < stale_before(now)


# Rows are written in bulk (`services.record_stages`), which django-auditlog's signals do not see, like the
# phone system's calls: the register is here for the "access" entries of a full IIN shown (views.look_up).
auditlog.register(ApplicationStage, mask_fields=["applicant_iin"])
