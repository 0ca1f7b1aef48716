"""Telephony's answers to what appeals announce (`workflows.appeals.signals`): appeals sits below telephony
and never imports it, so the call's link and the rating link reach appeals through these receivers."""

from django.dispatch import receiver

from workflows.appeals.signals import answer_mail_composed, call_appeal_registered

from . import services
from .ratings import rating_link_for


@receiver(call_appeal_registered, dispatch_uid="telephony.link_call")
def link_call(sender, *, appeal, call_id, **kwargs):
    """Para 7: the call the operator registered the appeal from keeps it (same transaction); whether it does."""
    return services.link_appeal(call_id=call_id, appeal=appeal)


@receiver(answer_mail_composed, dispatch_uid="telephony.rating_link")
def add_rating_link(sender, *, appeal, **kwargs):
    """Para 13: the answer to a written appeal carries a signed, single-use link to rate it (1-5)."""
    return {"rating_link": rating_link_for(appeal)}
