"""Telephony in the Wagtail admin: the supervisor dashboard, the calls (the caller's number masked for
whoever may not see applicants' personal data), the call-log import and the phone-system integrations."""

import django_filters
from django.db.models import Avg
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from workflows.accounts.admin_menu import permitted_submenu
from workflows.accounts.home_panels import Action, Figure, WorkPanel
from workflows.appeals.personal_data import mask_phone, may_see_applicant
from workflows.calendar.terms import term

from . import selectors, views
from .api import new_appeal_url
from .models import Call, Integration


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Calls are written by the phone system (API, call log), never edited by hand."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(Call, ViewOnlyPolicy(Call))


class CallerColumn(Column):
    """The caller's number in full only for the roles that see applicants' personal data."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if not (request and may_see_applicant(request.user)):
            context["value"] = mask_phone(instance.caller_number)
        return context


class CallIdColumn(TitleColumn):
    """The call id; for an open call without an appeal yet, a link to the operator's "new appeal from a call"
    form pre-filled with the caller's number and line (only for those who register appeals: the number
    is in the link)."""

    def get_link_url(self, instance, parent_context):
        request = parent_context.get("request")
        if instance.appeal_id or not (request and request.user.has_perm("appeals.add_appeal")):
            return None
        return new_appeal_url(instance, absolute=False)


class CallFilterSet(WagtailFilterSet):
    """The calls of one number (however the phone system wrote it) on local dates: how a call record asked
    for under para 14 is found. `?phone=…&date_from=…&date_to=…` is the link the request's screen gives."""

    phone = django_filters.CharFilter(label=gettext_lazy("Caller's number"), method="filter_phone")
    date = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date of the call"), method="filter_date", widget=DateRangePickerWidget
    )

    class Meta:
        model = Call
        fields = ["line"]

    def filter_phone(self, queryset, name, value):
        return selectors.calls_by_number(value, queryset) if value.strip() else queryset

    def filter_date(self, queryset, name, value):
        return selectors.calls_on_dates(queryset, value.start, value.stop) if value else queryset


class CallViewSet(ModelViewSet):
    model = Call
    # Calls refer to nothing editors follow; indexing each of hundreds of saves a second would double them.
    add_to_reference_index = False
    icon = "mobile-alt"
    menu_label = gettext_lazy("Calls")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50
    form_fields = ["recording_reference"]  # unreachable: view-only policy
    filterset_class = CallFilterSet
    list_display = [
        CallIdColumn("call_id", label=gettext_lazy("Call id")),
        Column("started_at", label=gettext_lazy("Started at"), sort_key="started_at"),
        Column("line", label=gettext_lazy("Line"), accessor="get_line_display"),
        CallerColumn("caller_number", label=gettext_lazy("Caller's number")),
        Column("wait_seconds", label=gettext_lazy("Wait, s"), sort_key="wait_seconds"),
        Column("talk_seconds", label=gettext_lazy("Talk, s")),
        Column("operator", label=gettext_lazy("Operator")),
        Column("appeal", label=gettext_lazy("Appeal")),
    ]


class IntegrationCreateView(CreateView):
    """Creating an integration shows its token once; only its hash is kept."""

    def save_instance(self):
        instance = self.form.save(commit=False)
        self.token = instance.issue_token()
        instance.save()
        return instance

    def get_success_message(self, instance):
        return _("Integration “%(name)s” created. Its token, shown only now: %(token)s") % {
            "name": instance.name,
            "token": self.token,
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.warning(self.request, _("Copy the token into the phone system now: it cannot be shown again."))
        return response


class IntegrationViewSet(ModelViewSet):
    model = Integration
    icon = "key"
    menu_label = gettext_lazy("Phone systems")
    add_to_admin_menu = False
    copy_view_enabled = False
    add_view_class = IntegrationCreateView
    form_fields = ["name", "is_active", "requests_per_minute"]
    list_display = ["name", "token_hint", "is_active", "requests_per_minute", "created_at"]


call_viewset = CallViewSet("telephony_calls")
integration_viewset = IntegrationViewSet("telephony_integrations")


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [call_viewset, integration_viewset]


@hooks.register("register_admin_menu_item")
def register_telephony_menu():
    entries = [
        (gettext_lazy("Dashboard"), reverse("telephony_dashboard"), "view", views.DASHBOARD_PERMISSION),
        (gettext_lazy("Calls"), reverse("telephony_calls:index"), "mobile-alt", "telephony.view_call"),
        (gettext_lazy("Import call log"), reverse("telephony_import_upload"), "upload", views.IMPORT_PERMISSION),
        (gettext_lazy("Phone systems"), reverse("telephony_integrations:index"), "key", "telephony.add_integration"),
    ]
    return permitted_submenu(gettext_lazy("Telephony"), entries, icon_name="mobile-alt", order=160)


@hooks.register("register_admin_urls")
def register_telephony_urls():
    return [
        path("telephony/dashboard/", views.dashboard, name="telephony_dashboard"),
        path("telephony/screen-pop/", views.screen_pop, name="telephony_screen_pop"),
        path("telephony/import/", views.import_upload, name="telephony_import_upload"),
        path("telephony/import/<int:pk>/", views.import_preview, name="telephony_import_preview"),
        path("telephony/import/<int:pk>/confirm/", views.import_confirm, name="telephony_import_confirm"),
    ]


@hooks.register("construct_homepage_panels")
def add_calls_today_panel(request, panels):
    """Issue 14, defect 11: a supervisor lands on today's calls and the 30-second standard (para 7)."""
    if not request.user.has_perm("telephony.view_dashboard"):
        return
    today = timezone.localdate()
    period = selectors.Period(today, today)
    calls = selectors.calls(period)
    waited = calls.aggregate(average=Avg("wait_seconds"))["average"]
    dashboard = reverse("telephony_dashboard")
    panels.append(
        WorkPanel(
            name="calls-today",
            heading=_("Calls today"),
            figures=[
                Figure(_("calls"), calls.count(), dashboard),
                Figure(
                    _("waited longer than 30 s"),
                    calls.filter(wait_seconds__gt=term("wait_standard", on=timezone.localdate())).count(),
                    dashboard,
                    True,
                ),
            ],
            note=_("Average wait today: %(seconds)s s (para 7: 30 s).") % {"seconds": round(waited or 0, 1)},
            actions=[Action(_("Open the telephony dashboard"), dashboard)],
            order=25,
        )
    )


@hooks.register("applicant_calls")
def applicant_calls(phone, *, limit=10):
    """The appeal screen's history of the applicant's calls (appeals sits below this app)."""
    return selectors.applicant_calls(phone, limit=limit)


@hooks.register("appeal_ratings")
def appeal_ratings(appeal_ids):
    return selectors.appeal_ratings(appeal_ids)
