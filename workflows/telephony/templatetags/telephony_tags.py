"""`{% load telephony_tags %}{% rating_link appeal %}`: the para 13 rating link, for the answer e-mail."""

from django import template

from workflows.appeals.models import Appeal

from ..ratings import rating_link_for

register = template.Library()


@register.simple_tag
def rating_link(appeal):
    """The signed rating link of a written appeal; "" for a call (the IVR rates calls)."""
    return rating_link_for(appeal) if appeal.channel in Appeal.WRITTEN_CHANNELS else ""
