"""Service pages show their providers' contacts from the directory: a change of a state body, or of which
bodies provide a service, makes the cached pages and fragments stale (cms/search/page_cache.py), as a change
of the registry service itself does (cms/search/receivers.py)."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from cms.search import page_cache
from workflows.directory.models import StateBody
from workflows.registry.models import PublicService


def _purge():
    """Now and after the commit (a visitor between the two may have cached the old contacts)."""
    page_cache.purge(None)
    transaction.on_commit(lambda: page_cache.purge(None))


@receiver(post_save, sender=StateBody, dispatch_uid="services.provider_saved")
@receiver(post_delete, sender=StateBody, dispatch_uid="services.provider_deleted")
def provider_changed(sender, **kwargs):
    _purge()


@receiver(m2m_changed, sender=PublicService.providers.through, dispatch_uid="services.providers_changed")
def providers_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _purge()
