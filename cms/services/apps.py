from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "cms.services"
    label = "services"
    verbose_name = _("Public site: public services")

    def ready(self):
        from . import receivers  # noqa: F401  (the cached providers of service pages go stale with the directory)
