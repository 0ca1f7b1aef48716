from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelephonyConfig(AppConfig):
    name = "workflows.telephony"
    label = "telephony"
    verbose_name = _("Telephony: calls, ratings and the 30-second standard")

    def ready(self):
        from . import receivers  # noqa: F401  (links calls and rating links to what appeals announce)
