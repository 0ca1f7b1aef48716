from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StagesConfig(AppConfig):
    """The stages of citizens' applications from the monitoring information system (para 29)."""

    name = "workflows.stages"
    label = "stages"
    verbose_name = _("Application stages")
