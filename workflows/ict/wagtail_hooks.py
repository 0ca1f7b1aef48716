"""The ICT desk in the Wagtail admin: one submenu with the requests, and the reference list of services and
the Regulations' terms (para 37) that coordinators and administrators edit, with Wagtail's `ModelViewSet`."""

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from workflows.accounts.admin_menu import permitted_submenu
from workflows.accounts.home_panels import Action, Figure, WorkPanel

from . import selectors, views
from .models import HANDLE, REGISTER_OWN, IctService, IctTerm


class IctServiceViewSet(ModelViewSet):
    model = IctService
    icon = "cog"
    menu_label = _("ICT services")
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = ["code", "name_kk", "name_ru", "name_en", "owner", "subscribers", "round_the_clock", "is_active"]
    # `name` is a property (the active language's name): labelled here, or the listing says "Name" in English.
    list_display = ["code", Column("name", label=capfirst(_("name"))), "owner", "round_the_clock", "is_active"]
    list_filter = ["round_the_clock", "is_active"]
    search_fields = ["code", "name_ru", "name_kk", "name_en"]
    search_backend_name = None


class IctTermViewSet(ModelViewSet):
    model = IctTerm
    icon = "time"
    menu_label = _("ICT request terms")
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = [
        "request_type",
        "priority",
        "first_answer",
        "first_answer_unit",
        "resolution",
        "resolution_unit",
    ]
    list_display = ["request_type", "priority", "first_answer", "first_answer_unit", "resolution", "resolution_unit"]
    list_filter = ["request_type", "priority"]


ict_service_viewset = IctServiceViewSet("ict_services")
ict_term_viewset = IctTermViewSet("ict_terms")


@hooks.register("register_admin_viewset")
def register_ict_viewsets():
    return [ict_service_viewset, ict_term_viewset]


@hooks.register("register_admin_urls")
def register_ict_urls():
    return views.urlpatterns


@hooks.register("register_admin_menu_item")
def register_ict_menu():
    entries = [(label, reverse(name), icon, permission) for label, name, icon, permission in views.menu_entries]
    entries += [
        (_("Register an ICT request"), reverse("ict_request_add"), "plus", "ict.add_ictrequest"),
        (_("ICT services"), reverse("ict_services:index"), "cog", "ict.change_ictservice"),
        (_("ICT request terms"), reverse("ict_terms:index"), "time", "ict.change_ictterm"),
    ]
    return permitted_submenu(_("ICT services desk"), entries, icon_name="cog", order=630)


@hooks.register("construct_homepage_panels")
def add_ict_home_panel(request, panels):
    """The desk's work at a glance (para 37): open, due soon, overdue, and mails the server refused."""
    if not request.user.has_perm(views.VIEW):
        return
    figures = selectors.home_figures(request.user)
    url = reverse("ict_requests")
    actions = [Action(_("Open the ICT requests"), url)]
    if request.user.has_perm(HANDLE) or request.user.has_perm(REGISTER_OWN):
        actions.append(Action(_("Register an ICT request"), reverse("ict_request_add")))
    panels.append(
        WorkPanel(
            name="ict-desk",
            heading=_("ICT services desk"),
            figures=[
                Figure(_("open"), figures["open"], url),
                Figure(_("due soon"), figures["due_soon"], url),
                Figure(_("overdue"), figures["overdue"], url, True),
                Figure(_("e-mails not sent"), figures["mails_failed"], url, True),
            ],
            actions=actions,
            order=38,
        )
    )
