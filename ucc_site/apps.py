from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class UccSiteConfig(AppConfig):
    name = "ucc_site"
    verbose_name = _("UCC site")

    def ready(self):
        from auditlog.models import LogEntry

        from . import checks  # noqa: F401  (registers the system checks)

        # An audit entry links no content an editor would look up under "usage"; left to Wagtail's reference
        # index, every audited save (two per registered appeal) costs a task, a SELECT and an INSERT more.
        # Set before Wagtail's own ready() registers the indexed models (this app is listed first).
        LogEntry.wagtail_reference_index_ignore = True

        # post_migrate is sent only for apps with models; the schedules live in django_q's.
        post_migrate.connect(_sync_schedules, sender=apps.get_app_config("django_q"))


def _sync_schedules(sender, using="default", **kwargs):
    from workflows.schedules import sync_schedules

    if using != "default":  # a second database (the read replica's stand-in) holds no schedules of its own
        return
    sync_schedules()
