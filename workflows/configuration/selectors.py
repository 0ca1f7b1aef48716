"""What screens, pages and mails read of the configuration."""

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
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


def _key(site_id):
    return f"ucc:sitecontacts:{site_id}"


def site_settings(request=None):
    """The site's SiteContacts row (the shipped defaults until an administrator saves one), kept in Django's cache so
    that a page or a mail does not read it again (dropped on every save: `receivers.py`). The request's site on
    a page; the default site in a mail or a PDF, rendered without a request."""
    site = Site.find_for_request(request) if request is not None and hasattr(request, "get_host") else None
    key = _key(site.pk if site else "default")
    row = cache.get(key)
    if row is None:
        if site is None:
            site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if site is None:
            return SiteContacts()  # no site yet (an empty database): the shipped defaults, unsaved
        # Read, never created here: a row saved on a page view would announce a configuration change (and
        # purge the page cache) though nothing changed; the defaults are the unsaved model's.
        row = SiteContacts.objects.filter(site=site).first() or SiteContacts(site=site)
        cache.set(key, row, None)
    return row


def forget_site_settings(site_id):
    cache.delete_many([_key(site_id), _key("default")])


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
