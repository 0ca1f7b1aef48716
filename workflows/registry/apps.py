from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "workflows.registry"
    label = "registry"
    verbose_name = _("Public-service registry")

    def ready(self):
        # import_views registers the import screens' admin URLs and menu item; signals announces saved services
        # and imports to cms.
        from . import import_views, signals  # noqa: F401
