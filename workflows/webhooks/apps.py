from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Outgoing webhooks (issue 20, item 7): the processes' events posted, signed, to endpoints an administrator
    registers. At the top of the processes: it hears the signals of every app below and imports none upward."""

    name = "workflows.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from . import receivers

        receivers.connect()
