from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "workflows.registry"
    label = "registry"
    verbose_name = _("Public-service registry")

    def ready(self):
        from . import import_views  # noqa: F401  (registers the import screens' admin URLs and menu item)
