from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelephonyConfig(AppConfig):
    name = "workflows.telephony"
    label = "telephony"
    verbose_name = _("Telephony: calls, ratings and the 30-second standard")
