"""The Knowledge Base listens to the registry and to publishing.

- `service_changed` (para 26): flag at once the articles covering the service whose by-law changed.
- `page_published`: when an editor publishes a flagged article and nothing calls for a review any more
  (review date not passed, no by-law change of its services still "reported"), the flag is cleared, so
  the editors will be told again the next time it is raised.
"""

from django.dispatch import receiver
from wagtail.signals import page_published

from workflows.registry.signals import service_changed

from . import services
from .models import KnowledgeArticlePage


@receiver(service_changed, dispatch_uid="knowledge.flag_on_service_change")
def flag_articles_of_changed_service(sender, service, change, **kwargs):
    services.flag_articles_for_review(service=service)


@receiver(page_published, sender=KnowledgeArticlePage, dispatch_uid="knowledge.clear_flag_on_publish")
def clear_review_flag(sender, instance, **kwargs):
    services.clear_review_flag(instance)
