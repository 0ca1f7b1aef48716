from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "workflows.registry"
    label = "registry"
    verbose_name = "Public-service registry"

    def ready(self):
        from . import import_views  # noqa: F401  (registers the import screens' admin URLs and menu item)
