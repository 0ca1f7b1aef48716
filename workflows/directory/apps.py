from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "workflows.directory"
    label = "directory"
    verbose_name = _("Directory of participants")

    def ready(self):
        from . import receivers  # noqa: F401  (gives the demo's responsible person their body)
