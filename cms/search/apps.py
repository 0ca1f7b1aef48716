from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "cms.search"
    label = "search"  # Wagtail's own search app is "wagtailsearch"
    verbose_name = _("Search")

    def ready(self):
        from . import receivers  # noqa: F401  (index and page-cache upkeep on publish, unpublish, delete)
