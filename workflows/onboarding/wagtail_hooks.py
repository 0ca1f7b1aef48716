"""Onboarding in the Wagtail admin: the board in the menu, and the protocol screens' URLs."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


class OnboardingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.VIEW)


@hooks.register("register_admin_menu_item")
def register_board_menu_item():
    return OnboardingMenuItem(_("Onboarding"), reverse("onboarding_board"), icon_name="tasks", order=610)


@hooks.register("register_admin_urls")
def register_onboarding_urls():
    return [
        path("onboarding/", views.board, name="onboarding_board"),
        path("onboarding/start/", views.start, name="onboarding_start"),
        path("onboarding/bulk-start/", views.bulk_start, name="onboarding_bulk_start"),
        path("onboarding/protocol/<int:pk>/", views.protocol_detail, name="onboarding_protocol"),
        path("onboarding/protocol/<int:pk>/step/<str:name>/", views.step, name="onboarding_step"),
        path("onboarding/protocol/<int:pk>/protocol-<str:language>.pdf", views.protocol_pdf, name="onboarding_pdf"),
        path("onboarding/protocol/<int:pk>/signed-copy/", views.signed_scan, name="onboarding_signed_scan"),
    ]
