"""The e-mail quarantine in the Wagtail admin menu, for senior operators."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from workflows.accounts.admin_menu import PermittedMenuItem

from . import views


@hooks.register("register_admin_menu_item")
def register_quarantine_menu_item():
    quarantine = reverse("mailintake_quarantine")
    return PermittedMenuItem(_("E-mail quarantine"), quarantine, icon_name="warning", order=620, permission=views.VIEW)


@hooks.register("register_admin_urls")
def register_quarantine_urls():
    return [
        path("mail/quarantine/", views.quarantine, name="mailintake_quarantine"),
        path("mail/quarantine/<int:pk>/", views.detail, name="mailintake_quarantined"),
        path("mail/quarantine/<int:pk>/message.eml", views.download, name="mailintake_download"),
        path("mail/quarantine/<int:pk>/reprocess/", views.reprocess, name="mailintake_reprocess"),
    ]
