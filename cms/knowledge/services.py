"""Flagging Knowledge Base articles that need a review, and telling the KB editors.

An article needs a review when its review date has passed, or when a public service it covers has a
by-law change still in state "reported" (para 26: the by-law changed; the information is being
updated; selectors.review_reasons). The flag is written with a queryset `update()`, so it creates no page
revision and does not disturb an editor's draft. The editors hear about an article once:
`review_notified_at` is claimed in the same transaction as the e-mail is sent, and it is cleared only when
the flag is (`clear_review_flag`). Flagging twice has the effect of flagging once.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from workflows.accounts.selectors import KB_EDITOR, users_with_role
from workflows.registry.selectors import reported_changes

from .models import KnowledgeArticlePage
from .selectors import review_reasons


def flag_articles_for_review(today=None, service=None):
    """Flag the live articles needing a review (only those covering `service`, if given); returns how many
    articles the KB editors were notified about in this run."""
    today = today or timezone.localdate()
    articles = KnowledgeArticlePage.objects.live()
    if service is not None:
        articles = articles.filter(services=service)
    changed = reported_changes().values("service")
    candidates = articles.filter(Q(review_due__lt=today) | Q(services__in=changed)).distinct()
    notified = 0
    for article in candidates:
        reason = "\n".join(review_reasons(article, today))
        if reason:
            notified += _flag(article, reason)
    return notified


def flag_service_articles(service, reason):
    """Flag the live articles covering `service` for `reason` (e.g. para 25: a body's answer changed what
    they rest on); returns how many were flagged. The KB editors hear of each once, and the flag clears as
    any other does: once an editor publishes the article (`clear_review_flag`)."""
    articles = list(KnowledgeArticlePage.objects.live().filter(services=service).distinct())
    for article in articles:
        _flag(article, reason)
    return len(articles)


def clear_review_flag(article, today=None):
    """Once an editor publishes a flagged article and nothing calls for a review any more, clear the flag,
    so the editors will be told again the next time it is raised."""
    if article.needs_review and not review_reasons(article, today or timezone.localdate()):
        KnowledgeArticlePage.objects.filter(pk=article.pk).update(
            needs_review=False, review_reason="", review_notified_at=None
        )


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
    users = users_with_role(KB_EDITOR).exclude(email="")
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
