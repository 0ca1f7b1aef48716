from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "workflows.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self):
        from .notification_templates import register_notifications

        register_notifications()
