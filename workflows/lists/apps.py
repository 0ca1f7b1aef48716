from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListsConfig(AppConfig):
    name = "workflows.lists"
    label = "lists"
    verbose_name = _("Reference lists")

    def ready(self):
        from . import receivers  # noqa: F401  (a saved entry empties the cached lists)
