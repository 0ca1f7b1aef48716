"""A saved entry empties the cached lists (here and, after the commit, for the other processes)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import ListEntry
from .selectors import clear_cache


@receiver(post_save, sender=ListEntry, dispatch_uid="lists.entry_saved")
def entry_saved(sender, **kwargs):
    clear_cache()
    transaction.on_commit(clear_cache)
