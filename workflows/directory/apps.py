from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "workflows.directory"
    label = "directory"
    verbose_name = _("Directory of participants")

    def ready(self):
        from . import signals  # noqa: F401  (announces a changed state body to cms: signals.py)
