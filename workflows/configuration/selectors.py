"""What screens, pages and mails read of the configuration."""

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Site

from .models import SiteContacts
from .registry import registered_models


@dataclass(frozen=True)
class Contacts:
    line_1414: str
    tel_1414: str
    line_8800: str
    tel_8800: str
    support_email: str
    footer: str
    notice: str


def site_settings(request=None):
    """The site's SiteContacts row (created with the shipped defaults on first use)."""
    if request is not None and getattr(request, "get_host", None):
        try:
            return SiteContacts.for_request(request)
        except SiteContacts.DoesNotExist:
            pass
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return SiteContacts()  # no site yet (an empty database): the shipped defaults, unsaved
    return SiteContacts.for_site(site)


def site_contacts(*, request=None, language="ru", now=None):
    row = site_settings(request)
    return Contacts(
        line_1414=row.line_1414,
        tel_1414=row.tel(row.line_1414),
        line_8800=row.line_8800,
        tel_8800=row.tel(row.line_8800),
        support_email=row.support_email,
        footer=row.footer((language or "ru")[:2]),
        notice=row.notice((language or "ru")[:2], now=now),
    )


def configuration_history(*, model=None):
    """django-auditlog's entries of the configuration models, newest first (who, when, before and after)."""
    models = [model] if model else registered_models()
    types = ContentType.objects.get_for_models(*models).values()
    return (
        LogEntry.objects.filter(content_type__in=types).select_related("actor", "content_type").order_by("-timestamp")
    )
