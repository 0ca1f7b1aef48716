from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "cms.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge Base (internal)")

    def ready(self):
        from . import receivers  # noqa: F401  (flags articles when a by-law change is reported, para 26)
        from .moderation import ensure_editorial_workflow_after_migrate

        post_migrate.connect(ensure_editorial_workflow_after_migrate, sender=self)

        from .notification_templates import register_notifications

        register_notifications()
