from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "cms.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge Base (internal)"

    def ready(self):
        from . import receivers  # noqa: F401  (flags articles when a by-law change is reported, para 26)
