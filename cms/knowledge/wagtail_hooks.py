"""The Knowledge Base on the editors' and reviewers' admin home: the articles whose review is due (para 9's
"current and reliable" answers), beside Wagtail's own panels of pages awaiting moderation; and the editors'
queue of update requests (issue 19, item 8), the articles most used in answers first."""

from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.middleware.csrf import get_token
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from workflows.accounts.admin_menu import PermittedMenuItem
from workflows.accounts.home_panels import Action, Figure, WorkPanel

from . import views
from .documents import is_internal_document
from .models import KnowledgeArticlePage, KnowledgeBaseIndexPage, PageUsefulness, UpdateRequest


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


class ListOnlyPolicy(ModelPermissionPolicy):
    """The queue lists; requests are raised by operators and visitors and closed by the editors' two buttons."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(UpdateRequest, ListOnlyPolicy(UpdateRequest))


def article_uses():
    """{article id: appeals answered from it} as a subquery source: the appeals say, through the Wagtail hook
    `kb_article_uses` (cms never imports a process); empty when no app answers it."""
    for hook in hooks.get_hooks("kb_article_uses"):
        return hook()
    return None


def _counted(queryset):
    """Each request with its page's figures: open requests, uses in answers, yes/no of "Was it useful?"."""
    same_page = UpdateRequest.objects.filter(page=OuterRef("page"), state=UpdateRequest.State.OPEN)
    open_count = same_page.order_by().values("page").annotate(n=Count("pk")).values("n")[:1]
    tally = PageUsefulness.objects.filter(page=OuterRef("page"))
    uses = article_uses()
    uses_value = (
        Subquery(uses.filter(article_id=OuterRef("page")).values("uses")[:1], output_field=IntegerField())
        if uses is not None
        else Value(0)
    )
    return queryset.annotate(
        open_for_page=Coalesce(Subquery(open_count, output_field=IntegerField()), 0),
        uses=Coalesce(uses_value, 0),
        useful_yes=Coalesce(Subquery(tally.values("yes")[:1]), 0),
        useful_no=Coalesce(Subquery(tally.values("no")[:1]), 0),
    )


class UpdateRequestIndexView(IndexView):
    default_ordering = "-uses"

    def get_base_queryset(self):
        return _counted(UpdateRequest.objects.select_related("page", "raised_by"))

    def order_queryset(self, queryset):
        ordering = super().order_queryset(queryset)
        return ordering.order_by(*ordering.query.order_by, "-raised_at", "-pk")


class HandleColumn(Column):
    """The editor's two buttons on an open request, each a small POST form; the state once it is handled."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if instance.state == UpdateRequest.State.OPEN and request and request.user.has_perm(UpdateRequest.HANDLE):
            context["value"] = format_html_join(
                " ",
                '<form method="post" action="{}" style="display: inline"><input type="hidden" '
                'name="csrfmiddlewaretoken" value="{}"><button type="submit" class="button button-small">{}</button>'
                "</form>",
                (
                    (reverse("kb_handle_update_request", args=[instance.pk, action]), get_token(request), label)
                    for action, label in (("done", _("Done")), ("dismiss", _("Dismiss")))
                ),
            )
        return context


class UpdateRequestViewSet(ModelViewSet):
    """Paras 9, 17: the KB editors' queue: what operators and visitors found outdated, wrong or missing."""

    model = UpdateRequest
    icon = "warning"
    menu_label = _("KB update requests")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = UpdateRequestIndexView
    form_fields = ["comment"]  # unreachable: list-only policy
    list_filter = ["state", "reason"]
    list_display = [
        Column("page", label=_("Page"), accessor=lambda request: request.page.title),
        Column("reason", label=_("Reason"), accessor="get_reason_display"),
        Column("comment", label=_("Comment")),
        Column("raised_at", label=_("Raised at"), sort_key="raised_at"),
        Column("uses", label=_("Used in answers"), sort_key="uses"),
        Column("open_for_page", label=_("Open requests for the page"), sort_key="open_for_page"),
        Column("useful", label=_("Useful: yes / no"), accessor=lambda r: f"{r.useful_yes} / {r.useful_no}"),
        HandleColumn("state", label=_("State")),
    ]


update_request_viewset = UpdateRequestViewSet("kb_update_requests")


@hooks.register("register_admin_viewset")
def register_update_request_viewset():
    return update_request_viewset


@hooks.register("register_admin_urls")
def register_feedback_urls():
    return [
        path("kb/feedback/<int:page_id>/", views.raise_update_request, name="kb_raise_update_request"),
        path(
            "kb/update-requests/<int:pk>/<str:action>/",
            views.handle_update_request,
            name="kb_handle_update_request",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_update_requests_menu():
    return PermittedMenuItem(
        _("KB update requests"),
        reverse("kb_update_requests:index"),
        icon_name="warning",
        order=260,
        permission="knowledge.view_updaterequest",
    )
