"""The bodies and authorities in the Wagtail admin: one submenu, the URLs of every process's views."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.action_menu import ActionMenuItem

from workflows.accounts.admin_banners import BANNERS_HOOK, Banner
from workflows.accounts.admin_menu import permitted_submenu
from workflows.accounts.home_panels import Action, Figure, WorkPanel
from workflows.directory.models import StateBody

from .models import HANDLE, CallRecordRequest, DiscrepancyRequest, Escalation, InformationRequest
from .selectors import call_records as call_record_selectors
from .selectors import deadlines
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


# Para 14: while a call-record request is open past its three hours, every screen of a supervisor says so.
SUPERVISOR_PERMISSIONS = ("authorities.handle_request", "telephony.view_dashboard")


@hooks.register(BANNERS_HOOK)
def call_record_alarm_banners(request):
    """The supervisor's banner (Senior operator, superusers): no query for anyone else, their permissions
    being those the admin menu has already read."""
    user = request.user
    if not all(user.has_perm(permission) for permission in SUPERVISOR_PERMISSIONS):
        return []
    now = timezone.now()
    return [
        _alarm_banner(record, now) for record in call_record_selectors.alarmed(now=now).select_related("requester")[:20]
    ]


def _alarm_banner(record, now):
    values = {
        "number": record.pk,
        "requester": record.requester,
        "due": timezone.localtime(record.due_at).strftime("%d.%m.%Y %H:%M"),
    }
    if record.due_at < now:
        text = _(
            "Call-record request № %(number)s from %(requester)s is overdue: the record was due by %(due)s (para 14)."
        )
    else:
        text = _("Call-record request № %(number)s from %(requester)s: the record is due by %(due)s (para 14).")
    return Banner(
        name=f"call-record-alarm-{record.pk}",
        text=text % values,
        url=reverse("authorities_call_record", args=[record.pk]),
        link_label=_("Open the request"),
    )


# A body's page (issue 16, item 7), reached from the directory's listing and edit screens. The directory sits
# below this app and may not import it: the link is added from here, through Wagtail's snippet hooks.


def _body_page_url(body, user):
    if not isinstance(body, StateBody) or not bodies.may_open_body_page(user):
        return None
    return reverse("authorities_body", args=[body.pk])


@hooks.register("register_snippet_listing_buttons")
def body_page_listing_button(snippet, user, next_url=None):
    url = _body_page_url(snippet, user)
    if url:
        yield ListingButton(_("Relationship page"), url, icon_name="history", priority=5)


class BodyPageMenuItem(ActionMenuItem):
    """The link to the body's page in the actions under a body's edit form."""

    label = _("Relationship page")
    name = "action-body-page"
    icon_name = "history"

    def is_shown(self, context):
        return context.get("view") == "edit" and bool(_body_page_url(context.get("instance"), context["request"].user))

    def get_url(self, parent_context):
        return _body_page_url(parent_context["instance"], parent_context["request"].user)


@hooks.register("register_snippet_action_menu_item")
def body_page_action_menu_item(model):
    return BodyPageMenuItem(order=90) if model is StateBody else None


# The bodies and authorities on the admin home of those who handle their requests.

HOME_KINDS = (
    (CallRecordRequest, _("call-record requests"), "authorities_call_records"),
    (InformationRequest, _("information requests"), "authorities_information_list"),
    (Escalation, _("escalations"), "authorities_escalations"),
    (DiscrepancyRequest, _("discrepancies"), "authorities_discrepancies"),
)


@hooks.register("construct_homepage_panels")
def add_authorities_home_panel(request, panels):
    """Open, due soon and overdue per process, each figure opening its list."""
    if not request.user.has_perm(HANDLE):
        return
    figures = []
    for model, label, url_name in HOME_KINDS:
        url = reverse(url_name)
        figures += [
            Figure(_("%(kind)s: open") % {"kind": label}, deadlines.open_records(model).count(), url),
            Figure(_("%(kind)s: due soon") % {"kind": label}, deadlines.due_soon(model).count(), url),
            Figure(_("%(kind)s: overdue") % {"kind": label}, deadlines.overdue(model).count(), url, True),
        ]
    panels.append(
        WorkPanel(
            name="authorities-due",
            heading=_("Bodies and authorities"),
            figures=figures,
            actions=[Action(_("Open the bodies"), reverse("authorities_bodies"))],
            order=35,
        )
    )


@hooks.register("trained_service_ids")
def trained_service_ids(user):
    """The appeal screen's "you have not been trained on this service" (appeals sits below this app)."""
    return trainings_selectors.trained_service_ids(user)
