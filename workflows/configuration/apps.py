from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfigurationConfig(AppConfig):
    name = "workflows.configuration"
    label = "configuration"
    verbose_name = _("Configuration")

    def ready(self):
        from workflows.calendar.models import Term

        from . import receivers, registry  # noqa: F401  (receivers: the cached site contacts dropped on save)
        from .models import SiteContacts

        # Issue 20, item 8: every configuration model is audited and listed in the configuration history.
        registry.register(Term)
        registry.register(SiteContacts)
