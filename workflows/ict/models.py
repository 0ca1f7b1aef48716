"""The ICT-services desk for the state bodies (paras 34-37): the reference list of the information and
communication services the UCC consults on, and the bodies' requests about them."""

from auditlog.registry import auditlog
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.directory.models import TrilingualName


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
