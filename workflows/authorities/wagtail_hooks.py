"""The bodies and authorities in the Wagtail admin: one submenu, the URLs of every process's views."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from workflows.accounts.admin_menu import permitted_submenu

from .selectors import trainings as trainings_selectors
from .views import bodies, call_records, discrepancies, information, trainings

VIEW_MODULES = (call_records, information, discrepancies, trainings, bodies)


@hooks.register("register_admin_urls")
def register_authorities_urls():
    return [pattern for module in VIEW_MODULES for pattern in module.urlpatterns]


@hooks.register("register_admin_menu_item")
def register_authorities_menu():
    entries = [
        (label, reverse(name), icon, permission)
        for module in VIEW_MODULES
        for label, name, icon, permission in module.menu_entries
    ]
    return permitted_submenu(_("Bodies and authorities"), entries, icon_name="group", order=620)


@hooks.register("trained_service_ids")
def trained_service_ids(user):
    """The appeal screen's "you have not been trained on this service" (appeals sits below this app)."""
    return trainings_selectors.trained_service_ids(user)
