"""The reference lists in the Wagtail admin (Settings → Reference lists): an administrator orders, renames
and deactivates entries and adds new ones to the lists that are not used by the code. Nothing is deleted."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import ListEntry


class NoDeletePolicy(ModelPermissionPolicy):
    """Entries are deactivated, never deleted: the records that have one still show its name."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return action != "delete" and super().user_has_permission_for_instance(user, action, instance)


register_permission_policy(ListEntry, NoDeletePolicy(ListEntry))


class ListEntryViewSet(ModelViewSet):
    model = ListEntry
    icon = "list-ul"
    menu_label = _("Reference lists")
    add_to_settings_menu = True
    form_fields = ["list_name", "code", "name_kk", "name_ru", "name_en", "sort_order", "is_active"]
    # The entry's name in the language of the screen (a property: its column needs a label of its own).
    list_display = [Column("name", label=_("name")), "list_name", "code", "name_kk", "name_ru", "is_active", "fixed"]
    list_filter = ["list_name", "is_active"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    search_backend_name = None
    sort_order_field = "sort_order"
    list_per_page = 100


list_entry_viewset = ListEntryViewSet("reference_lists")


@hooks.register("register_admin_viewset")
def register_reference_lists():
    return list_entry_viewset
