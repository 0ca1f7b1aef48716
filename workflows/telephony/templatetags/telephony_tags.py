"""`{% load telephony_tags %}{% rating_link appeal %}`: the para 13 rating link, for the answer e-mail."""

from django import template

from workflows.appeals.models import Appeal

from ..ratings import rating_link_for

register = template.Library()


@register.simple_tag
def rating_link(appeal):
    """The signed rating link of a written appeal; "" for a call (the IVR rates calls)."""
    return rating_link_for(appeal) if appeal.channel in Appeal.WRITTEN_CHANNELS else ""


@register.inclusion_tag("telephony/screen_pop.html", takes_context=True)
def screen_pop(context):
    """The screen pop's panel and script on every admin screen of a user who takes calls (issue 19, item 1)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    takes_calls = bool(user and user.has_perm("appeals.work_appeal") and user.has_perm("appeals.view_applicant"))
    return {"show": takes_calls}
