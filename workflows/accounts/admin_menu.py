"""Admin menu pieces shared by the apps' `wagtail_hooks.py`: a menu item for the holders of one permission,
and a submenu of such items. They live below the apps that use them (issue 15: no app imports `ucc_site`)."""

from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem


class PermittedMenuItem(MenuItem):
    """A menu item shown only to users holding `permission` (Wagtail's MenuItem shows itself to everyone)."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class PermittedSubmenuMenuItem(SubmenuMenuItem):
    """A submenu shown to holders of `permission`; without one, to whoever may see one of its items
    (Wagtail's own rule)."""

    def __init__(self, *args, permission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        if self.permission is None:
            return super().is_shown(request)
        return request.user.has_perm(self.permission)


def permitted_submenu(label, entries, *, icon_name, order, permission=None):
    """A submenu of `PermittedMenuItem`s from `(label, url, icon_name, permission)` rows, in the order listed
    (their `order` 10, 20, 30 …); `permission` as for `PermittedSubmenuMenuItem`."""
    items = [
        PermittedMenuItem(item_label, url, icon_name=item_icon, order=10 * number, permission=item_permission)
        for number, (item_label, url, item_icon, item_permission) in enumerate(entries, start=1)
    ]
    return PermittedSubmenuMenuItem(label, Menu(items=items), icon_name=icon_name, order=order, permission=permission)
