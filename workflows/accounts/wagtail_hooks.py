"""The audit trail in the Wagtail admin, with Wagtail's own `ModelViewSet` like every other screen: read-only,
for supervisors and the authorized bodies (para 16). Personal fields arrive here already masked by django-auditlog.
"""

import django_filters
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy


class ReadOnlyPolicy(ModelPermissionPolicy):
    """The trail is read and inspected, never added to, edited or deleted from a screen (not even by a superuser)."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(LogEntry, ReadOnlyPolicy(LogEntry))


def audited_kinds(request):
    """Only the kinds of record the trail holds (not every model installed, most of them Wagtail's internals)."""
    return ContentType.objects.filter(pk__in=LogEntry.objects.values("content_type")).order_by("app_label", "model")


class AuditTrailFilterSet(WagtailFilterSet):
    content_type = django_filters.ModelChoiceFilter(queryset=audited_kinds)

    class Meta:
        model = LogEntry
        fields = ["action", "content_type"]


class AuditTrailIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("actor", "content_type")


class AuditTrailViewSet(ModelViewSet):
    model = LogEntry
    # The address the screen had under wagtail-modeladmin, so bookmarks keep working.
    url_prefix = "auditlog/logentry"
    icon = "history"
    menu_label = _("Audit trail")
    menu_order = 900
    add_to_admin_menu = True
    index_view_class = AuditTrailIndexView
    filterset_class = AuditTrailFilterSet
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["timestamp", "actor", "action", "content_type", "object_repr"]
    search_fields = ["object_repr", "actor__username"]
    search_backend_name = None
    inspect_view_fields = ["timestamp", "actor", "remote_addr", "action", "content_type", "object_repr", "changes"]
    list_per_page = 50
    form_fields = []  # unreachable: the read-only policy


audit_trail_viewset = AuditTrailViewSet("audit_trail")


@hooks.register("register_admin_viewset")
def register_audit_trail_viewset():
    return audit_trail_viewset
