"""The bodies and authorities in the Wagtail admin: one submenu, the URLs of every process's views."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from workflows.accounts.admin_banners import BANNERS_HOOK, Banner
from workflows.accounts.admin_menu import permitted_submenu

from .selectors import call_records as call_record_selectors
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
    return [
        Banner(
            name=f"call-record-alarm-{record.pk}",
            text=_("Call-record request № %(number)s from %(requester)s: the record is due by %(due)s (para 14).")
            % {
                "number": record.pk,
                "requester": record.requester,
                "due": timezone.localtime(record.due_at).strftime("%d.%m.%Y %H:%M"),
            },
            url=reverse("authorities_call_record", args=[record.pk]),
            link_label=_("Open the request"),
        )
        for record in call_record_selectors.alarmed().select_related("requester")[:20]
    ]
