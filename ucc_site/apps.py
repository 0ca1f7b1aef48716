from django.apps import AppConfig


class UccSiteConfig(AppConfig):
    name = "ucc_site"
    verbose_name = "UCC site"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
