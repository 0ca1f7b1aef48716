"""The interruptions in the Wagtail admin (menu, URLs, the operators' banner) and on the public page (hook)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from workflows.accounts.admin_banners import BANNERS_HOOK, Banner
from workflows.accounts.admin_menu import permitted_submenu

from .models import VIEW
from .selectors import notices as notice_selectors
from .selectors import public
from .views import notices

VIEW_MODULES = (notices,)


@hooks.register("register_admin_urls")
def register_interruptions_urls():
    return [pattern for module in VIEW_MODULES for pattern in module.urlpatterns]


@hooks.register("register_admin_menu_item")
def register_interruptions_menu():
    entries = [
        (label, reverse(name), icon, permission)
        for module in VIEW_MODULES
        for label, name, icon, permission in module.menu_entries
    ]
    return permitted_submenu(gettext_lazy("Planned interruptions"), entries, icon_name="warning", order=630)


@hooks.register(BANNERS_HOOK)
def interruption_banners(request):
    """Para 38: while an interruption is on, or starts within 24 hours, every operator's and supervisor's screen
    names the services and the times (an operator taking a call about the service knows). No query for users
    without the view permission (read with the permissions the admin menu has already loaded)."""
    if not request.user.has_perm(VIEW):
        return []
    now = timezone.now()
    return [_banner(notice, now) for notice in notice_selectors.active_or_imminent(now)[:10]]


def _banner(notice, now):
    values = {
        "services": ", ".join(service.name for service in notice.services.all()),
        "start": timezone.localtime(notice.starts_at).strftime("%d.%m.%Y %H:%M"),
        "end": timezone.localtime(notice.ends_at).strftime("%d.%m.%Y %H:%M"),
    }
    if notice.starts_at <= now:
        text = _("Interruption in progress: %(services)s, from %(start)s until %(end)s.")
    else:
        text = _("Planned interruption: %(services)s, from %(start)s until %(end)s.")
    return Banner(
        name=f"interruption-{notice.pk}",
        text=text % values,
        url=reverse("interruptions_notice", args=[notice.pk]),
        link_label=_("Open the notice"),
    )


@hooks.register("public_interruptions")
def public_interruptions(*, language, now):
    """The public PlannedInterruptionsPage (cms.home.selectors) reads the notices without importing this app."""
    return public.public_interruptions(language, now)
