"""Banners across the top of every admin screen: work that must not wait (para 14's call-record alarm).

Each app registers a function `(request) -> iterable of Banner` under the Wagtail hook `BANNERS_HOOK`; the
admin's base template (ucc_site) draws them with `{% admin_banners %}`. This module only collects and
shapes them, below every app that adds one; each function decides, without a query for the users it does
not concern, whether it has anything to say.
"""

from dataclasses import dataclass

from wagtail import hooks

BANNERS_HOOK = "ucc_admin_banners"


@dataclass(frozen=True)
class Banner:
    name: str  # the banner's HTML id
    text: str
    url: str = ""
    link_label: str = ""


def banners_for(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return [banner for function in hooks.get_hooks(BANNERS_HOOK) for banner in function(request)]
