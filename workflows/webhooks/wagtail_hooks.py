"""The webhooks in the Wagtail admin: the administrators' menu item and the screens' URLs."""

from django.urls import reverse
from wagtail import hooks

from workflows.accounts.admin_menu import PermittedMenuItem

from . import views


@hooks.register("register_admin_urls")
def register_webhooks_urls():
    return views.urlpatterns


@hooks.register("register_settings_menu_item")
def register_webhooks_menu():
    label, name, icon, permission = views.menu_entries[0]
    return PermittedMenuItem(label, reverse(name), icon_name=icon, order=900, permission=permission)
