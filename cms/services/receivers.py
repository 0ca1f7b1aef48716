"""Service pages show their providers' contacts from the directory: a change of a state body, or of which
bodies provide a service, makes the cached pages and fragments stale (cms/search/page_cache.py), as a change
of the registry service itself does (cms/search/receivers.py). The directory and the registry announce those
changes with their signals (workflows/directory/signals.py, workflows/registry/signals.py)."""

from django.db import transaction
from django.dispatch import receiver

from cms.search import page_cache
from workflows.directory.signals import body_changed
from workflows.registry.signals import providers_changed


def _purge():
    """Now and after the commit (a visitor between the two may have cached the old contacts)."""
    page_cache.purge(None)
    transaction.on_commit(lambda: page_cache.purge(None))


@receiver(body_changed, dispatch_uid="services.provider_changed")
def provider_changed(sender, **kwargs):
    _purge()


@receiver(providers_changed, dispatch_uid="services.providers_changed")
def providers_of_a_service_changed(sender, **kwargs):
    _purge()
