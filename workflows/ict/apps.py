from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IctConfig(AppConfig):
    """The ICT-services desk for the state bodies (paras 4.5, 34-37)."""

    name = "workflows.ict"
    label = "ict"
    verbose_name = _("ICT services desk")

    def ready(self):
        from . import receivers  # noqa: F401 - connects the mail intake's seam
        from .notification_templates import register_notifications

        register_notifications()
