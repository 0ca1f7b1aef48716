"""Admin menu items shared by the apps' `wagtail_hooks.py`."""

from wagtail.admin.menu import MenuItem


class PermittedMenuItem(MenuItem):
    """A menu item shown only to users holding `permission` (Wagtail's MenuItem shows itself to everyone)."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)
