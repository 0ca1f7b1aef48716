from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "workflows.registry"
    label = "registry"
    verbose_name = "Public-service registry"
