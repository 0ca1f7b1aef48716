"""Signals the registry sends to the rest of the platform.

The apps above the registry (cms: the search index, the page cache, the Knowledge Base) listen to these
instead of to the registry's models (issue 15: cms reads workflows through their selectors and signals).

- `service_changed` is sent once a by-law change to a public service has been reported and committed
  (`services.report_service_change`), with `service=` (the PublicService) and `change=` (the ServiceChange).
  It is the hook the Knowledge Base consumes to flag the articles linked to that service for review while
  the responsible person updates the information (para 26). It is sent after the transaction commits, so a
  receiver never sees a change that was rolled back.
- `service_saved` is sent whenever a public service is saved (`service=`, `created=`), inside the saving
  transaction, as `post_save` is: its name, number or facts may have changed.
- `providers_changed` is sent once the bodies providing a service were added, removed or cleared, from
  either side of the relation (`instance=`: the service or the body whose set changed; `action=`).
- `services_imported` is sent when a registry import has written services (`registry_import=`, DONE with
  `updated` > 0): it writes them in bulk, past their `service_saved`.
"""

import django.dispatch
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from .models import PublicService, RegistryImport

service_changed = django.dispatch.Signal()
service_saved = django.dispatch.Signal()
providers_changed = django.dispatch.Signal()
services_imported = django.dispatch.Signal()


@receiver(post_save, sender=PublicService, dispatch_uid="registry.announce_service_saved")
def _announce_service_saved(sender, instance, created, **kwargs):
    service_saved.send(sender=PublicService, service=instance, created=created)


@receiver(m2m_changed, sender=PublicService.providers.through, dispatch_uid="registry.announce_providers_changed")
def _announce_providers_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        providers_changed.send(sender=PublicService, instance=instance, action=action)


@receiver(post_save, sender=RegistryImport, dispatch_uid="registry.announce_services_imported")
def _announce_services_imported(sender, instance, **kwargs):
    if instance.status == RegistryImport.Status.DONE and instance.updated:
        services_imported.send(sender=RegistryImport, registry_import=instance)
