"""Onboarding in the Wagtail admin: the board in the menu, and the protocol screens' URLs."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from workflows.accounts.admin_menu import PermittedMenuItem
from workflows.accounts.home_panels import Action, Figure, WorkPanel

from . import selectors, views
from .models import OnboardingProtocol

_FINISHED = (
    OnboardingProtocol.State.CONSULTING,
    OnboardingProtocol.State.CANCELLED,
    OnboardingProtocol.State.WITHDRAWN,
)


@hooks.register("register_admin_menu_item")
def register_board_menu_item():
    board = reverse("onboarding_board")
    return PermittedMenuItem(_("Onboarding"), board, icon_name="tasks", order=610, permission=views.VIEW)


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


@hooks.register("construct_homepage_panels")
def add_onboarding_home_panel(request, panels):
    """Issue 14, defect 11: a coordinator (or a body's responsible person) lands on the protocols due."""
    if not request.user.has_perm(views.VIEW):
        return
    mine = selectors.protocols_for(request.user)
    board = reverse("onboarding_board")
    actions = [Action(_("Open the onboarding board"), board)]
    if request.user.has_perm(views.ADD):
        actions.append(Action(_("Start onboarding"), reverse("onboarding_start")))
    panels.append(
        WorkPanel(
            name="onboarding-due",
            heading=_("Onboarding protocols"),
            figures=[
                Figure(_("under way"), mine.exclude(state__in=_FINISHED).count(), board),
                Figure(_("due by the next working day"), selectors.due_soon_protocols(queryset=mine).count(), board),
                Figure(_("overdue"), selectors.overdue_protocols(queryset=mine).count(), f"{board}?late=1", True),
            ],
            actions=actions,
            order=30,
        )
    )
