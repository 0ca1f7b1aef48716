from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cms.search"
    label = "search"  # Wagtail's own search app is "wagtailsearch"
    verbose_name = "Search"

    def ready(self):
        from . import receivers  # noqa: F401  (index and page-cache upkeep on publish, unpublish, delete)
