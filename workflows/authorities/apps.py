from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthoritiesConfig(AppConfig):
    """The UCC's work with the state bodies and the authorities (paras 14, 15, 17, 21, 24-25, 28, 30, 32)."""

    name = "workflows.authorities"
    label = "authorities"
    verbose_name = _("Bodies and authorities")

    def ready(self):
        from .notification_templates import register_notifications

        register_notifications()
