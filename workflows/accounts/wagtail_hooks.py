"""The audit trail in the Wagtail admin (wagtail-modeladmin): read-only, for supervisors and the
authorized bodies (para 16). Personal fields arrive here already masked by django-auditlog."""

from auditlog.models import LogEntry
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register


class ReadOnlyPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return user.has_perm("auditlog.view_logentry")

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class AuditTrailAdmin(ModelAdmin):
    model = LogEntry
    menu_label = _("Audit trail")
    menu_icon = "history"
    menu_order = 900
    add_to_admin_menu = True
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    list_display = ("timestamp", "actor", "action", "content_type", "object_repr")
    # Only the kinds of record the trail holds (not every model installed, most of them Wagtail's internals).
    list_filter = ("action", ("content_type", RelatedOnlyFieldListFilter))
    search_fields = ("object_repr", "actor__username")
    inspect_view_fields = ("timestamp", "actor", "remote_addr", "action", "content_type", "object_repr", "changes")
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "content_type")


modeladmin_register(AuditTrailAdmin)
