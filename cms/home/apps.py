from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "cms.home"
    label = "home"
    verbose_name = "Public site: home"

    def ready(self):
        from . import sites  # noqa: F401  (the cached site goes stale when a site is saved or deleted)
