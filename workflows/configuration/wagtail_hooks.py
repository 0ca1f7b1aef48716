"""The "Configuration" menu of the admin (issue 20): the site's contacts and notice, the process terms, the
configuration history; other apps add their configuration screens with the `configuration_menu_items` hook,
each returning `(label, url, icon_name, permission)` rows."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from workflows.accounts.admin_menu import permitted_submenu

from . import views

CHANGE_SITE_CONTACTS = "configuration.change_sitecontacts"


@hooks.register("register_admin_urls")
def register_configuration_urls():
    return views.urlpatterns


@hooks.register("register_admin_menu_item")
def register_configuration_menu():
    entries = [
        (
            _("Site contacts and notice"),
            reverse("wagtailsettings:edit", args=["configuration", "sitecontacts"]),
            "mail",
            CHANGE_SITE_CONTACTS,
        ),
        (_("Process terms"), reverse("configuration_terms"), "time", views.VIEW_TERMS),
    ]
    for rows in hooks.get_hooks("configuration_menu_items"):
        entries += list(rows())
    entries.append((_("Configuration history"), reverse("configuration_history"), "history", views.VIEW_HISTORY))
    menu = permitted_submenu(_("Configuration"), entries, icon_name="cogs", order=850)
    menu.name = "configuration"  # not the slug of the label, which is translated
    return menu
