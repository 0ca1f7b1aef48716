"""Appeals in the Wagtail admin, with Wagtail's own `ModelViewSet` (wagtail-modeladmin is in maintenance
mode): the listing with the operator's views (my queue, all open, due soon, overdue), filters by channel,
region, state and service, a search by number, phone, applicant and text, and estimated counts.
The listing is read-only; everything that changes an appeal happens on its own screen (`views.work`).
"""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from workflows.accounts.admin_menu import permitted_submenu
from workflows.accounts.home_panels import Action, Figure, WorkPanel
from workflows.accounts.roles import role_label

from . import selectors, views
from .filters import AppealFilterSet
from .models import AnswerTemplate, Appeal, RoutingRule, other_catch_all
from .paginator import EstimatedCountPaginator
from .personal_data import mask_name
from .templatetags.appeals_tags import local_deadline


class ViewOnlyPolicy(ModelPermissionPolicy):
    """The listing lists; appeals are registered and moved by their own screens, never edited as rows."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(Appeal, ViewOnlyPolicy(Appeal))


class DeadlineColumn(Column):
    """Para 8: the answer's deadline, and whether it has passed."""

    def get_value(self, instance):
        if instance.due_at is None:
            return "—"
        late = instance.is_open and instance.due_at < timezone.now()
        return f"{local_deadline(instance.due_at)}{' — ' + str(_('overdue')) if late else ''}"


class AppealIndexView(IndexView):
    """The listing: filters, the fast search of `selectors.search`, counts that do not scan the table."""

    paginator_class = EstimatedCountPaginator
    is_searchable = True
    search_fields = ["number"]
    default_ordering = "-received_at"

    def get_base_queryset(self):
        return selectors.appeals()

    def search_queryset(self, queryset):
        return selectors.search(queryset, self.search_query) if self.is_searching else queryset

    def order_queryset(self, queryset):
        ordering = super().order_queryset(queryset)
        return ordering.order_by(*ordering.query.order_by, "-id") if ordering.query.order_by else ordering

    @property
    def header_buttons(self):
        buttons = []
        if self.request.user.has_perm("appeals.add_appeal"):
            buttons.append(
                HeaderButton(_("New appeal from a call"), url=reverse("appeals_new_from_call"), icon_name="plus")
            )
        query = self.request.GET.urlencode()
        buttons.append(HeaderButton(_("Export CSV"), url=f"{reverse('appeals_export')}?{query}", icon_name="download"))
        return buttons


def _operator_name(appeal):
    """The operator by name, as the admin names people everywhere else ("Айгүл Серікова", not "operator")."""
    return get_user_display_name(appeal.operator) if appeal.operator_id else ""


class AppealViewSet(ModelViewSet):
    model = Appeal
    icon = "mail"
    menu_label = _("All appeals")
    index_view_class = AppealIndexView
    filterset_class = AppealFilterSet
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_admin_menu = False
    index_template_name = "appeals/index.html"
    form_fields = ["topic", "service", "region", "is_complaint", "measures_taken"]  # unreachable: view-only policy
    list_display = [
        TitleColumn("number", label=_("Number"), get_url=lambda appeal: reverse("appeals_work", args=[appeal.pk])),
        Column(
            "received_at", label=_("Received"), accessor=lambda a: local_deadline(a.received_at), sort_key="received_at"
        ),
        Column("channel", label=_("Channel"), accessor="get_channel_display"),
        Column("state", label=_("State"), accessor="get_state_display"),
        DeadlineColumn("due_at", label=_("Answer due by"), sort_key="due_at"),
        Column("applicant", label=_("Applicant"), accessor=lambda a: mask_name(a.applicant_name)),
        Column("region", label=_("Region")),
        Column("operator", label=_("Operator"), accessor=_operator_name),
    ]
    # The filterset above replaces `list_filter`; `search_fields` is only the switch that shows the search box.
    search_fields = ["number"]
    search_backend_name = None


appeal_viewset = AppealViewSet("appeals")


class AnswerTemplateViewSet(ModelViewSet):
    """Issue 19, item 4: supervisors keep the answer templates; a template with an unknown placeholder is
    refused when saved (`AnswerTemplate.clean`)."""

    model = AnswerTemplate
    icon = "doc-full"
    menu_label = _("Answer templates")
    add_to_admin_menu = False
    copy_view_enabled = True
    form_fields = ["title", "language", "topic", "service", "text", "is_active"]
    list_display = ["title", "language", "topic", "service", "is_active", "updated_at"]
    list_filter = ["language", "topic", "is_active"]
    search_fields = ["title", "text"]
    search_backend_name = None


answer_template_viewset = AnswerTemplateViewSet("answer_templates")


class RoutingRulePolicy(ModelPermissionPolicy):
    """Issue 20, item 5: the last active rule without conditions is the default queue; it is not deleted
    (a new appeal would otherwise wait without a queue)."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and is_last_catch_all(instance):
            return False
        return super().user_has_permission_for_instance(user, action, instance)


register_permission_policy(RoutingRule, RoutingRulePolicy(RoutingRule))


def is_last_catch_all(rule):
    return rule.is_active and rule.is_catch_all and not other_catch_all(rule.pk)


class RoutingRuleDeleteView(DeleteView):
    """The default queue (the last active rule without conditions) is refused before anything is asked."""

    def dispatch(self, request, *args, **kwargs):
        if is_last_catch_all(self.object):
            messages.error(
                request,
                _("This is the default queue, the last rule without conditions: add another one before deleting it."),
            )
            return redirect(reverse("routing_rules:index"))
        return super().dispatch(request, *args, **kwargs)


class RoutingRuleIndexView(IndexView):
    """The ordered rules, with the "test this rule" box above them."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(views.routing_try_context(None))
        return context


class RoutingRuleViewSet(ModelViewSet):
    """Issue 20, item 5: the administrator's ordered routing rules (drag to reorder; the first a new appeal
    meets gives its queue; the last, without conditions, is the default queue)."""

    model = RoutingRule
    icon = "resubmit"
    menu_label = _("Routing rules")
    add_to_settings_menu = True
    index_view_class = RoutingRuleIndexView
    delete_view_class = RoutingRuleDeleteView
    index_template_name = "appeals/routing/index.html"
    copy_view_enabled = True
    form_fields = [
        "name",
        "is_active",
        "channel",
        "line",
        "topic",
        "service",
        "language",
        "region",
        "is_complaint",
        "queue",
        "sort_order",
    ]
    list_display = [
        TitleColumn("name", label=_("Name"), url_name="routing_rules:edit"),
        Column("conditions", label=_("Conditions"), accessor="conditions"),
        Column("queue", label=_("Queue"), accessor=lambda rule: role_label(rule.queue)),
        "is_active",
    ]
    list_filter = ["is_active", "queue"]
    search_fields = ["name"]
    search_backend_name = None
    sort_order_field = "sort_order"

    def get_queryset(self, request):
        return RoutingRule.objects.select_related("queue", "service", "region")


routing_rule_viewset = RoutingRuleViewSet("routing_rules")


@hooks.register("register_admin_viewset")
def register_appeal_viewset():
    return [appeal_viewset, answer_template_viewset, routing_rule_viewset]


def _list_url(view):
    return f"{reverse('appeals:index')}?view={view}"


@hooks.register("register_admin_menu_item")
def register_appeals_menu():
    view, work, add = "appeals.view_appeal", "appeals.work_appeal", "appeals.add_appeal"
    entries = [
        (_("My queue"), _list_url("mine"), "user", work),
        (_("All open"), _list_url("open"), "mail", view),
        (_("Due soon"), _list_url("due_soon"), "time", view),
        (_("Overdue"), _list_url("overdue"), "warning", view),
        (_("All appeals"), reverse("appeals:index"), "list-ul", view),
        (_("New appeal from a call"), reverse("appeals_new_from_call"), "plus", add),
        (_("Answer templates"), reverse("answer_templates:index"), "doc-full", "appeals.change_answertemplate"),
    ]
    return permitted_submenu(_("Appeals"), entries, icon_name="mail", order=150, permission=view)


@hooks.register("register_admin_urls")
def register_appeals_urls():
    return [
        path("appeals/work/<int:pk>/", views.work, name="appeals_work"),
        path("appeals/work/<int:pk>/step/<str:name>/", views.step, name="appeals_step"),
        path("appeals/work/<int:pk>/link/<int:article_id>/", views.link_article, name="appeals_link_article"),
        path("appeals/work/<int:pk>/merge/", views.merge, name="appeals_merge"),
        path("appeals/work/<int:pk>/related/", views.link_appeal, name="appeals_link_appeal"),
        path("appeals/work/<int:pk>/related/<int:other_id>/unlink/", views.unlink_appeal, name="appeals_unlink_appeal"),
        path("appeals/attachment/<int:pk>/", views.attachment, name="appeals_attachment"),
        path("appeals/work/<int:pk>/document/<int:document_id>/", views.mail_document, name="appeals_mail_document"),
        path("appeals/work/<int:pk>/use/<int:article_id>/", views.use_article, name="appeals_use_article"),
        path("appeals/kb-suggestions/", views.kb_suggestions, name="appeals_kb_suggestions"),
        path("appeals/new-from-call/", views.new_from_call, name="appeals_new_from_call"),
        path("appeals/take-next/", views.take_next, name="appeals_take_next"),
        path("appeals/export.csv", views.export_csv, name="appeals_export"),
        path("appeals/routing/try/", views.routing_try, name="appeals_routing_try"),
    ]


@hooks.register("construct_homepage_panels")
def add_appeals_home_panels(request, panels):
    """Issue 14, defect 11: an operator lands on their queue; a supervisor or an authority on today's figures."""
    user = request.user
    if user.has_perm("appeals.work_appeal"):
        work = selectors.my_work(user)
        panels.append(
            WorkPanel(
                name="my-appeals",
                heading=_("My appeals"),
                figures=[
                    Figure(_("in my hands and my queues"), work["queue"], _list_url("mine")),
                    Figure(_("due by the next working day"), work["due_soon"], _list_url("due_soon")),
                    Figure(_("overdue"), work["overdue"], _list_url("overdue"), critical=True),
                ],
                actions=[
                    Action(_("Take the next appeal"), reverse("appeals_take_next"), post=True),
                    Action(_("New appeal from a call"), reverse("appeals_new_from_call")),
                ],
                order=10,
            )
        )
    supervises_or_reads = user.has_perm("appeals.assign_appeal") or not user.has_perm("appeals.work_appeal")
    if user.has_perm("appeals.view_appeal") and supervises_or_reads:
        day = selectors.day_figures()
        panels.append(
            WorkPanel(
                name="appeals-today",
                heading=_("Appeals today"),
                figures=[
                    Figure(_("registered today"), day["registered_today"], reverse("appeals:index")),
                    Figure(_("answered today"), day["answered_today"], reverse("appeals:index") + "?state=answered"),
                    Figure(_("open"), day["open"], _list_url("open")),
                    Figure(_("overdue"), day["overdue"], _list_url("overdue"), critical=True),
                    Figure(_("waiting without an operator"), day["unassigned"], _list_url("unassigned"), critical=True),
                ],
                order=20,
            )
        )


@hooks.register("most_asked_service_ids")
def most_asked_service_ids(*, since, limit):
    """The home page's most asked services (cms.home.selectors) come from the appeals, without cms importing them."""
    return selectors.most_asked_service_ids(since=since, limit=limit)


@hooks.register("kb_article_uses")
def kb_article_uses():
    """The KB editors' queue shows the articles most used in answers first (cms.knowledge.wagtail_hooks)."""
    return selectors.article_uses()
