"""The service stages in the Wagtail admin (para 29): the look-up and the import under one submenu, and the
link on the appeal screen (the `appeal_screen_links` hook that workflows.appeals reads: it sits below us)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from workflows.accounts.admin_menu import permitted_submenu

from . import views
from .models import IMPORT, LOOK_UP


@hooks.register("register_admin_urls")
def register_stages_urls():
    return views.urlpatterns


@hooks.register("register_admin_menu_item")
def register_stages_menu():
    entries = [
        (_("Look up an application"), reverse("stages_look_up"), "search", LOOK_UP),
        (_("Import stages"), reverse("stages_import"), "upload", IMPORT),
    ]
    return permitted_submenu(_("Application stages"), entries, icon_name="list-ul", order=170)


hooks.register("appeal_screen_links", views.appeal_screen_links)
