"""Signals the directory sends to the rest of the platform.

`body_changed` is sent whenever a state body is saved or deleted (`body=`), inside the transaction, as
`post_save`/`post_delete` are: the service pages show their providers' contacts (cms/services/receivers.py),
and cms listens to this instead of to the directory's models (issue 15: cms reads workflows through their
selectors and signals).
"""

import django.dispatch
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import StateBody

body_changed = django.dispatch.Signal()


@receiver(post_save, sender=StateBody, dispatch_uid="directory.announce_body_saved")
@receiver(post_delete, sender=StateBody, dispatch_uid="directory.announce_body_deleted")
def _announce_body_changed(sender, instance, **kwargs):
    body_changed.send(sender=StateBody, body=instance)
