from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "cms.home"
    label = "home"
    verbose_name = _("Public site: home")

    def ready(self):
        from . import sites  # noqa: F401  (the cached site goes stale when a site is saved or deleted)
