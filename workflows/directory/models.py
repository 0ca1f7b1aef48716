"""The participants of interaction (para 18): regions and the bodies the UCC works with."""

from auditlog.registry import auditlog
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class TrilingualName(models.Model):
    """A name in Kazakh, Russian and English; `name` gives the one of the active language."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=500)
    name_ru = models.CharField(_("name (Russian)"), max_length=500)
    name_en = models.CharField(_("name (English)"), max_length=500)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self):
        language = (translation.get_language() or "kk")[:2]
        return getattr(self, f"name_{language}", "") or self.name_kk


class Region(TrilingualName):
    """The 17 regions and 3 cities of republican significance, identified by their KATO code."""

    class Kind(models.TextChoices):
        REGION = "region", _("region")
        CITY = "city", _("city of republican significance")

    kato_code = models.CharField(_("KATO code"), max_length=9, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class StateBody(TrilingualName):
    """A participant of interaction: the UCC, the authorities, the bodies that provide services."""

    class Kind(models.TextChoices):
        UCC = "ucc", _("Unified Contact Center")
        INFORMATIZATION_AUTHORITY = "informatization_authority", _("authorized body in informatization")
        QUALITY_AUTHORITY = "quality_authority", _("authorized body for quality of public services")
        CENTRAL_BODY = "central_body", _("central state body")
        LOCAL_EXECUTIVE_BODY = "local_executive_body", _("local executive body")
        OTHER_PROVIDER = "other_provider", _("other service provider")
        ICI_OPERATOR = "ici_operator", _("ICI operator of e-government")
        E_SERVICE_SUBJECT = "e_service_subject", _("subject providing services in electronic form")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, db_index=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="bodies"
    )
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name_ru"]
        verbose_name = _("state body")
        verbose_name_plural = _("state bodies")


auditlog.register(Region)
auditlog.register(StateBody)
