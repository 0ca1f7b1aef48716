"""django-q entry point: flag Knowledge Base articles that need a review and tell the KB editors.

An article needs a review when its review date has passed, or when a public service it covers has a
by-law change still in state "reported" (para 26: the by-law changed; the information is being
updated). The flag is written with a queryset `update()`, so it creates no page revision and does not
disturb an editor's draft. The editors hear about an article once: `review_notified_at` is claimed in
the same transaction as the e-mail is sent, and it is cleared only when the flag is (see receivers).
Running the task twice has the effect of running it once.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from workflows.accounts.roles import KB_EDITOR
from workflows.registry.models import ServiceChange

from .models import KnowledgeArticlePage


def flag_articles_for_review(today=None, service=None):
    """Flag the live articles needing a review (only those covering `service`, if given); returns how many
    articles the KB editors were notified about in this run."""
    today = today or timezone.localdate()
    articles = KnowledgeArticlePage.objects.live()
    if service is not None:
        articles = articles.filter(services=service)
    candidates = articles.filter(
        Q(review_due__lt=today) | Q(services__changes__state=ServiceChange.State.REPORTED)
    ).distinct()
    notified = 0
    for article in candidates:
        reason = "\n".join(review_reasons(article, today))
        if reason:
            notified += _flag(article, reason)
    return notified


def review_reasons(article, today):
    """Why `article` needs a review on `today`, one sentence per reason (empty when it does not)."""
    reasons = []
    if article.review_due and article.review_due < today:
        reasons.append(f"The review was due on {article.review_due:%d.%m.%Y}.")
    changes = ServiceChange.objects.filter(
        service__in=article.services.all(), state=ServiceChange.State.REPORTED
    ).select_related("service")
    for change in changes.order_by("service__register_number", "changed_on", "pk"):
        reasons.append(
            f"Para 26: the by-law of service {change.service.register_number} changed on "
            f"{change.changed_on:%d.%m.%Y} ({change.what_changed}); the information is being updated."
        )
    return reasons


def _flag(article, reason):
    """Raise the flag without a new revision; e-mail the KB editors if they have not heard of it yet."""
    with transaction.atomic():
        KnowledgeArticlePage.objects.filter(pk=article.pk).update(needs_review=True, review_reason=reason)
        claimed = KnowledgeArticlePage.objects.filter(pk=article.pk, review_notified_at__isnull=True).update(
            review_notified_at=timezone.now()
        )
        if claimed:
            _notify_editors(article, reason)
    return claimed


def kb_editor_emails():
    users = get_user_model().objects.filter(groups__name=KB_EDITOR.name, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _notify_editors(article, reason):
    recipients = kb_editor_emails()
    if not recipients:
        return
    context = {
        "article": article,
        "reason": reason,
        "edit_url": settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_pages:edit", args=[article.pk]),
    }
    send_mail(
        subject=f"Knowledge Base: review needed — {article.title}",
        message=render_to_string("knowledge/email/review_needed.txt", context),
        from_email=None,
        recipient_list=recipients,
    )
