"""The Knowledge Base on the editors' and reviewers' admin home: the articles whose review is due (para 9's
"current and reliable" answers), beside Wagtail's own panels of pages awaiting moderation."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permission_policies.pages import PagePermissionPolicy

from workflows.accounts.home_panels import Action, Figure, WorkPanel

from .documents import is_internal_document
from .models import KnowledgeArticlePage, KnowledgeBaseIndexPage


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    """Issue 14, defect 11: an editor or reviewer lands on the articles due for review."""
    if not PagePermissionPolicy().user_has_any_permission(request.user, ["change", "publish"]):
        return
    index = KnowledgeBaseIndexPage.objects.order_by("path").first()
    if index is None:
        return
    explorer = reverse("wagtailadmin_explore", args=[index.pk])
    due = KnowledgeArticlePage.objects.filter(
        review_due__lte=timezone.localdate()
    ) | KnowledgeArticlePage.objects.filter(needs_review=True)
    panels.append(
        WorkPanel(
            name="kb-review-due",
            heading=_("Knowledge Base"),
            figures=[Figure(_("articles due for review"), due.distinct().count(), explorer, critical=True)],
            actions=[Action(_("Open the Knowledge Base"), explorer)],
            order=15,
        )
    )


@hooks.register("before_serve_document")
def serve_internal_documents_to_staff_only(document, request):
    """Issue 14, defect 17: a document an internal page uses is for people with admin access; anyone else
    is sent to sign in (a visitor) or told it does not exist (a signed-in account without admin access)."""
    if request.user.has_perm("wagtailadmin.access_admin") or not is_internal_document(document):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
    raise Http404
