"""Keep the index and the page cache current. Publishing, unpublishing, moving or deleting a page queues a
django-q task after the commit (the editor never waits for the index) and makes the cached pages of its
language stale; a change of a registry service does the latter for every language, and a new name or
register number queues the re-indexing of the pages about it (a registry import: of any renamed service). The
registry announces those with its signals (workflows/registry/signals.py)."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django_q.tasks import async_task
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from workflows.configuration.signals import configuration_changed
from workflows.registry.signals import service_saved, services_imported

from . import page_cache, selectors
from .models import SynonymGroup
from .query import SYNONYMS_CACHE_KEY


def _language(page):
    try:
        return [page.locale.language_code]
    except Exception:  # a page deleted with its locale: purge every language
        return None


def _after_commit(task, page_id, languages):
    """Purge now and again after the commit (a visitor between the two may have cached the old page)."""
    page_cache.purge(languages)

    def run():
        page_cache.purge(languages)
        async_task(task, page_id, task_name=f"search:{page_id}")

    transaction.on_commit(run)


@receiver(page_published, dispatch_uid="search.page_published")
@receiver(page_unpublished, dispatch_uid="search.page_unpublished")
def page_changed(sender, instance, **kwargs):
    _after_commit("cms.search.tasks.index_page", instance.pk, _language(instance))


@receiver(post_page_move, dispatch_uid="search.page_moved")
def page_moved(sender, instance, **kwargs):
    _after_commit("cms.search.tasks.index_subtree", instance.pk, None)


@receiver(post_delete, dispatch_uid="search.page_deleted")
def page_deleted(sender, instance, **kwargs):
    """The document goes with its page (on_delete=CASCADE); the cache is purged after the commit."""
    if isinstance(instance, Page) and type(instance) is Page:
        _purge_all()


def _purge_all():
    """Every language, now and again after the commit."""
    page_cache.purge(None)
    transaction.on_commit(lambda: page_cache.purge(None))


@receiver(post_save, dispatch_uid="search.page_created")
def page_created(sender, instance, created, **kwargs):
    """A page created live (an alias, a copy kept live) can take an address that led elsewhere, such as to
    another language's page with a "not translated yet" notice: cached pages and routes go stale. A new draft,
    or a draft saved on an existing page, changes nothing the public sees until it is published."""
    if created and isinstance(instance, Page) and instance.live:
        _purge_all()


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="search.privacy_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="search.privacy_deleted")
@receiver(m2m_changed, sender=PageViewRestriction.groups.through, dispatch_uid="search.privacy_groups")
@receiver(post_save, sender=Site, dispatch_uid="search.site_saved")
@receiver(post_delete, sender=Site, dispatch_uid="search.site_deleted")
@receiver(post_save, sender=Locale, dispatch_uid="search.locale_saved")
@receiver(post_delete, sender=Locale, dispatch_uid="search.locale_deleted")
def privacy_or_site_changed(sender, **kwargs):
    """A page made private must not be served from the cache a moment longer, nor routed as public
    (cms/services/routes.py); a site's new root page or a new locale changes what every address means."""
    _purge_all()


@receiver(configuration_changed, dispatch_uid="search.configuration_changed")
def configuration_edited(sender, **kwargs):
    """The site's contacts and notice, and the reference lists, show on every public page (issue 20)."""
    _purge_all()


@receiver(service_saved, dispatch_uid="search.service_saved")
def registry_service_saved(sender, service, created, **kwargs):
    _purge_all()
    if not created and selectors.pages_naming_old_services(service.pk):
        transaction.on_commit(
            lambda: async_task(
                "cms.search.tasks.index_service_pages", service.pk, task_name=f"search:service:{service.pk}"
            )
        )


@receiver(services_imported, dispatch_uid="search.registry_imported")
def registry_imported(sender, **kwargs):
    """A registry import writes services in bulk, past their signals: once it has changed any, purge the
    cached pages and re-index the pages of the services it renamed."""

    def run():
        page_cache.purge(None)
        async_task("cms.search.tasks.index_service_pages", task_name="search:registry-import")

    transaction.on_commit(run)


@receiver(post_save, sender=SynonymGroup, dispatch_uid="search.synonyms_saved")
@receiver(post_delete, sender=SynonymGroup, dispatch_uid="search.synonyms_deleted")
def synonyms_changed(sender, **kwargs):
    """The next query reads the synonyms afresh."""
    cache.delete(SYNONYMS_CACHE_KEY)
