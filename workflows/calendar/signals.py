"""Any edit of a holiday, a transfer or a process term invalidates the cached calendar, here and in other processes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Holiday, Term, WorkdayTransfer
from .working_days import note_calendar_changed


@receiver(post_save, sender=Holiday)
@receiver(post_delete, sender=Holiday)
@receiver(post_save, sender=WorkdayTransfer)
@receiver(post_delete, sender=WorkdayTransfer)
@receiver(post_save, sender=Term)
@receiver(post_delete, sender=Term)
def calendar_edited(sender, **kwargs):
    if kwargs.get("raw"):
        return
    note_calendar_changed()
