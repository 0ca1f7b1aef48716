"""A saved or deleted site setting (or a site) drops the cached site contacts, now and after the commit."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site

from .models import SiteContacts
from .selectors import forget_site_settings


@receiver(post_save, sender=SiteContacts, dispatch_uid="configuration.sitecontacts_saved")
@receiver(post_delete, sender=SiteContacts, dispatch_uid="configuration.sitecontacts_deleted")
def site_contacts_changed(sender, instance, **kwargs):
    _forget(instance.site_id)


@receiver(post_save, sender=Site, dispatch_uid="configuration.site_saved")
@receiver(post_delete, sender=Site, dispatch_uid="configuration.site_deleted")
def site_changed(sender, instance, **kwargs):
    _forget(instance.pk)


def _forget(site_id):
    forget_site_settings(site_id)
    transaction.on_commit(lambda: forget_site_settings(site_id))
