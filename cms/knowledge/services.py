"""Flagging Knowledge Base articles that need a review, and telling the KB editors.

An article needs a review when its review date has passed, or when a public service it covers has a
by-law change still in state "reported" (para 26: the by-law changed; the information is being
updated; selectors.review_reasons). The flag is written with a queryset `update()`, so it creates no page
revision and does not disturb an editor's draft. The editors hear about an article once:
`review_notified_at` is claimed in the same transaction as the e-mail is sent, and it is cleared only when
the flag is (`clear_review_flag`). Flagging twice has the effect of flagging once.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import has_transition_perm

from workflows.accounts.personal_data import mask_personal_data
from workflows.accounts.selectors import KB_EDITOR, users_with_role
from workflows.notifications.selectors import compose
from workflows.registry.selectors import reported_changes

from .models import KnowledgeArticlePage, PageUsefulness, UpdateRequest
from .notification_templates import KEY as REVIEW_NEEDED
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
    values = {"article_title": article.title, "reason": reason, "edit_url": context["edit_url"]}
    edited = compose(REVIEW_NEEDED, values, language=settings.LANGUAGE_CODE)  # issue 20, item 3
    send_mail(
        subject=edited.subject if edited else f"Knowledge Base: review needed — {article.title}",
        message=edited.text if edited else render_to_string("knowledge/email/review_needed.txt", context),
        from_email=None,
        recipient_list=recipients,
    )


# --- feedback: the KB editors' queue of update requests (issue 19, item 8; paras 9, 17) ----------------

OPERATOR_REASONS = (UpdateRequest.Reason.OUTDATED, UpdateRequest.Reason.WRONG, UpdateRequest.Reason.MISSING)


def safe_comment(text):
    """A comment as it may be kept: phones, e-mails and IINs masked, at most 500 characters."""
    return mask_personal_data((text or "").strip())[: UpdateRequest.COMMENT_CHARACTERS]


def raise_update_request(*, page, reason, comment="", user):
    """Para 9: an operator marks an article outdated, wrong or missing something; it joins the editors' queue."""
    if reason not in OPERATOR_REASONS:
        raise ValidationError({"reason": _("Choose why the article needs an update.")})
    request = UpdateRequest(page=page, reason=reason, comment=safe_comment(comment), raised_by=user)
    request.full_clean(exclude=["state"])  # protected: only its transitions set it
    request.save()
    return request


def record_usefulness(*, page, useful, why=""):
    """Para 17: a visitor's "Was this page useful?": one more yes or no on the page's counters; a "no", with
    its reason, joins the editors' queue. Who answered is not kept."""
    field = "yes" if useful else "no"
    with transaction.atomic():
        PageUsefulness.objects.get_or_create(page=page)
        PageUsefulness.objects.filter(page=page).update(**{field: F(field) + 1})
        if not useful:
            UpdateRequest.objects.create(page=page, reason=UpdateRequest.Reason.NOT_USEFUL, comment=safe_comment(why))


def handle_update_request(*, update_request, user, done):
    """An editor closes a request: done (the page was updated) or dismissed. A request already handled, by
    another editor meanwhile, is left as it is (False)."""
    with transaction.atomic():
        locked = UpdateRequest.objects.select_for_update().get(pk=update_request.pk)
        step = locked.mark_done if done else locked.dismiss
        if not has_transition_perm(step, user):
            if locked.state != UpdateRequest.State.OPEN and user.has_perm(UpdateRequest.HANDLE):
                return False
            raise PermissionDenied
        step()
        locked.handled_by, locked.handled_at = user, timezone.now()
        locked.save()
    return True
