from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "workflows.directory"
    label = "directory"
    verbose_name = _("Directory of participants")

    def ready(self):
        from . import receivers, signals  # noqa: F401  (the demo responsible person's body; a changed body announced to cms)
