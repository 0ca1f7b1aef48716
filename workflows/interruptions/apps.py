from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterruptionsConfig(AppConfig):
    """Planned interruptions of ICT services (para 38) and the ICI operator's digest (para 4.5)."""

    name = "workflows.interruptions"
    label = "interruptions"
    verbose_name = _("Planned interruptions")

    def ready(self):
        from .notification_templates import register_notifications

        register_notifications()
