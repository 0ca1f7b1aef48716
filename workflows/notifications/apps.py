from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The editable texts of the platform's mail. Each app that sends mail declares its notifications in its
    own `notifications` registry calls (this app imports none of them)."""

    name = "workflows.notifications"
    label = "notifications"
    verbose_name = _("Notification templates")

    def ready(self):
        from .services import sync_templates_after_migrate

        post_migrate.connect(sync_templates_after_migrate, sender=self)
