from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "workflows.onboarding"
    label = "onboarding"
    verbose_name = _("Onboarding of public services")

    def ready(self):
        from .notification_templates import register_notifications

        register_notifications()
