"""Operations on the notification templates: a row per declared notification and language, and the reset."""

from django.db import transaction

from . import registry
from .models import NotificationTemplate


def sync_templates():
    """Make sure every declared notification has its row in each language (empty: the shipped default).
    Rows of notifications no longer declared stay (their text is kept; they send nothing). Idempotent."""
    existing = set(NotificationTemplate.objects.values_list("key", "language"))
    missing = [
        NotificationTemplate(key=notification.key, language=language)
        for notification in registry.all_notifications()
        for language in notification.languages
        if (notification.key, language) not in existing
    ]
    NotificationTemplate.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def sync_templates_after_migrate(sender, using="default", **kwargs):
    if using == "default":
        sync_templates()


def save_text(template, *, subject, body):
    """Store an edit; a part equal to its shipped default is stored empty (so it follows the shipped text)."""
    template.subject, template.body = unless_default(template, subject, body)
    template.full_clean()
    template.save()
    return template


def reset(template):
    """Back to the shipped default in one step: the next mail is written from the template files again."""
    with transaction.atomic():
        template.subject = ""
        template.body = ""
        template.save(update_fields=["subject", "body", "updated_at"])
    return template


def unless_default(template, subject, body):
    """(subject, body) as stored: a part equal to the shipped default is empty (it then follows the shipped text)."""
    default_subject, default_body = template.default_text()
    subject = (subject or "").strip()
    body = (body or "").replace("\r\n", "\n").strip()
    return ("" if subject == default_subject.strip() else subject, "" if body == default_body.strip() else body)
