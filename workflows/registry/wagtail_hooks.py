"""The registry in the Wagtail admin: services, responsible persons (paras 20, 27), by-law changes (para 26)
and imports. State changes are buttons that POST to `views.run_transition`; a body's responsible person
sees and acts on their own body's records only."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets import ListingButton
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    HistoryView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from workflows.accounts.roles import is_restricted_to_own_body, own_body_ids
from workflows.directory.models import Region

from . import selectors, services, views
from .models import PublicService, RegistryImport, ResponsiblePerson, ServiceChange


class TransitionButton(ListingButton):
    """A state button: a real <form method="post"> with the CSRF token, never a GET link."""

    template_name = "registry/transition_button.html"

    def __init__(self, label, url, *, csrf_token, next_url, state, **kwargs):
        super().__init__(label, url, **kwargs)
        self.csrf_token, self.next_url, self.state = csrf_token, next_url, state


def transition_buttons(instance, request, next_url):
    """The transitions `request.user` may run on `instance` now, as listing buttons."""
    model, opts = type(instance), instance._meta
    allowed = {transition.name for transition in instance.get_available_user_state_transitions(request.user)}
    buttons = []
    for priority, (name, label) in enumerate(views.BUTTONS.get(model, {}).items()):
        if name in allowed:
            url = reverse("registry_transition", args=[opts.app_label, opts.model_name, instance.pk, name])
            buttons.append(
                TransitionButton(
                    label,
                    url,
                    csrf_token=get_token(request),
                    next_url=next_url,
                    state=instance.state,
                    attrs={"aria-label": f"{label}: {instance}"},
                    priority=priority,
                )
            )
    for name, (url_name, label) in views.FORM_TRANSITIONS.get(model, {}).items():
        if name in allowed:
            url = reverse(url_name, args=[instance.pk])
            aria_label = f"{str(label).rstrip('…')}: {instance}"
            buttons.append(ListingButton(label, url, attrs={"aria-label": aria_label}, priority=50))
    return buttons


class TransitionIndexView(IndexView):
    """The listing with each row's available state buttons beside its title."""

    def get_list_more_buttons(self, instance):
        query = self.request.GET.urlencode()
        next_url = f"{self.index_url}?{query}" if query else self.index_url
        return [*super().get_list_more_buttons(instance), *transition_buttons(instance, self.request, next_url)]


class ServiceIndexView(IndexView):
    """The services listing, with each service's Annex 1 form as a PDF in Kazakh and in Russian."""

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        for priority, (language, label) in enumerate((("kk", _("Annex 1 PDF (kk)")), ("ru", _("Annex 1 PDF (ru)")))):
            url = reverse("registry_annex1_pdf", args=[instance.pk, language])
            buttons.append(
                ListingButton(label, url, attrs={"aria-label": f"{label}: {instance}"}, priority=60 + priority)
            )
        return buttons


class OwnBodyObjectMixin:
    """Opening a record by its URL is held to the same rule as the listing: own body only."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not selectors.visible_to(self.request.user, self.model).filter(pk=obj.pk).exists():
            raise PermissionDenied
        return obj


class OwnBodyEditView(OwnBodyObjectMixin, EditView):
    pass


class OwnBodyHistoryView(OwnBodyObjectMixin, HistoryView):
    pass


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Viewing only, whatever else the user may do elsewhere (imports are made by the import screen)."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


class PublicServiceFilterSet(WagtailFilterSet):
    providers__region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), label=_("Region of a provider"), distinct=True
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=lambda: [
            (name, name)
            for name in PublicService.objects.exclude(category="")
            .order_by("category")
            .values_list("category", flat=True)
            .distinct()
        ],
    )

    class Meta:
        model = PublicService
        fields = ["providers", "providers__region", "ucc_status", "category"]


class PublicServiceViewSet(SnippetViewSet):
    model = PublicService
    icon = "list-ul"
    index_view_class = ServiceIndexView
    menu_label = _("Public services")
    list_display = [
        "register_number",
        "name_ru",
        Column("status_label", label=_("UCC status"), sort_key="ucc_status"),
        DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
    ]
    filterset_class = PublicServiceFilterSet
    # Plain database search: "00101001" must match the register number with its leading zeros.
    search_fields = ["register_number", "name_kk", "name_ru", "name_en"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    panels = [
        FieldRowPanel([FieldPanel("register_number"), FieldPanel("category")]),
        MultiFieldPanel([FieldPanel("name_kk"), FieldPanel("name_ru"), FieldPanel("name_en")], heading=_("Name")),
        MultiFieldPanel(
            [
                FieldPanel("bylaw_title"),
                FieldRowPanel([FieldPanel("bylaw_number"), FieldPanel("bylaw_date")]),
                FieldPanel("bylaw_url"),
                FieldPanel("changes_info"),
            ],
            heading=_("By-law"),
        ),
        FieldPanel("web_resource"),
        FieldPanel("providers"),
        MultiFieldPanel(
            [FieldPanel("responsible_person_text"), FieldPanel("responsible_contacts_text")],
            heading=_("Responsible person (as declared)"),
        ),
        FieldRowPanel([FieldPanel("ucc_status"), FieldPanel("consulted_since")]),
    ]

    def get_queryset(self, request):
        return PublicService.objects.prefetch_related("providers")


class ResponsiblePersonForm(WagtailAdminModelForm):
    """A body's responsible person keeps people in their own body only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and is_restricted_to_own_body(self.for_user) and "body" in self.fields:
            self.fields["body"].queryset = self.fields["body"].queryset.filter(pk__in=own_body_ids(self.for_user))


class ResponsiblePersonViewSet(SnippetViewSet):
    model = ResponsiblePerson
    icon = "user"
    menu_label = _("Responsible persons")
    index_view_class = TransitionIndexView
    edit_view_class = OwnBodyEditView
    history_view_class = OwnBodyHistoryView
    copy_view_enabled = False
    list_display = ["full_name", "body", "state", "appointed_on", "replaced_by", "notification_due", "notified_late"]
    list_filter = ["state", "body", "notified_late"]
    search_fields = ["full_name", "position", "email", "phone"]
    search_backend_name = None
    list_per_page = 50
    # The state and the replacement fields move only through the transitions (the buttons).
    edit_handler = ObjectList(
        [
            FieldPanel("full_name"),
            FieldPanel("position"),
            FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
            FieldRowPanel([FieldPanel("body"), FieldPanel("appointed_on")]),
            InlinePanel(
                "responsibilities",
                heading=_("Services covered"),
                label=_("Service"),
                panels=[FieldPanel("service"), FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")])],
            ),
        ],
        base_form_class=ResponsiblePersonForm,
    )

    def get_queryset(self, request):
        """A body's responsible person lists only their own body's people (para 20)."""
        return selectors.responsible_persons_for(request.user)


class ServiceChangeFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(label=_("Overdue (para 26)"), method="filter_overdue")

    class Meta:
        model = ServiceChange
        fields = ["state", "updated_late"]

    def filter_overdue(self, queryset, name, value):
        overdue = selectors.overdue_changes().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class ServiceChangeForm(WagtailAdminModelForm):
    """Services limited to the user's own body; a new date of the change moves the deadline with it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "service" in self.fields:
            self.fields["service"].queryset = selectors.services_for(self.for_user)

    def save(self, commit=True):
        if self.instance.pk and "changed_on" in self.changed_data:
            self.instance.update_due = None  # the model computes it again from the calendar (para 26)
        return super().save(commit)


class ReportChangeView(CreateView):
    """Adding a change reports it through the service, so the Knowledge Base is told (para 26)."""

    def save_instance(self):
        data = self.form.cleaned_data
        change = services.report_service_change(
            service=data["service"],
            what_changed=data["what_changed"],
            changed_on=data["changed_on"],
            act_title=data["act_title"],
            act_number=data["act_number"],
            act_date=data["act_date"],
        )
        log(instance=change, action="wagtail.create", user=self.request.user)
        return change


class ServiceChangeViewSet(SnippetViewSet):
    model = ServiceChange
    icon = "warning"
    menu_label = _("By-law changes")
    index_view_class = TransitionIndexView
    add_view_class = ReportChangeView
    edit_view_class = OwnBodyEditView
    history_view_class = OwnBodyHistoryView
    copy_view_enabled = False
    list_display = ["service", "changed_on", "update_due", "state", "information_updated_at", "updated_late"]
    filterset_class = ServiceChangeFilterSet
    search_fields = ["service__register_number", "service__name_ru", "service__name_kk", "what_changed"]
    search_backend_name = None
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("service"),
            FieldPanel("what_changed"),
            MultiFieldPanel(
                [FieldPanel("act_title"), FieldRowPanel([FieldPanel("act_number"), FieldPanel("act_date")])],
                heading=_("Amending act"),
            ),
            FieldPanel("changed_on"),
        ],
        base_form_class=ServiceChangeForm,
    )

    def get_queryset(self, request):
        return selectors.service_changes_for(request.user)


class RegistryImportViewSet(SnippetViewSet):
    model = RegistryImport
    icon = "upload"
    menu_label = _("Imports")
    list_display = ["file_name", "created_at", "user", "status", "total_rows", "created", "updated", "error_rows"]
    list_filter = ["status"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "created_at",
        "user",
        "file_name",
        "file_format",
        "sha256",
        "valid_rows_only",
        "status",
        "total_rows",
        "processed_rows",
        "created",
        "updated",
        "unchanged",
        "error_rows",
        "message",
        "finished_at",
    ]
    copy_view_enabled = False
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        """The admin lists and inspects imports; it never adds, edits or deletes one by hand."""
        return super().get_common_view_kwargs(permission_policy=ReadOnlyPolicy(RegistryImport), **kwargs)


class RegistryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Registry")
    menu_icon = "list-ul"
    menu_order = 600
    items = (PublicServiceViewSet, ResponsiblePersonViewSet, ServiceChangeViewSet, RegistryImportViewSet)


register_snippet(RegistryViewSetGroup)


@hooks.register("register_admin_urls")
def register_registry_urls():
    return [
        path(
            "registry/transition/<str:app_label>/<str:model_name>/<int:pk>/<str:name>/",
            views.run_transition,
            name="registry_transition",
        ),
        path("registry/replace/<int:pk>/", views.replace_person, name="registry_replace_person"),
        path("registry/annex1/<int:pk>/<str:language>.pdf", views.annex1_pdf, name="registry_annex1_pdf"),
    ]
