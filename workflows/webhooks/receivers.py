"""What the webhooks hear: the processes' announcements and their FSM transitions (django-fsm's
`post_transition`, sent by the model's own transition method), each turned into an event for the endpoints.

Nothing here is imported by the apps below: they do not know webhooks exist. A transition that raised
announces nothing; one whose transaction rolls back neither (`services.announce` waits for the commit).
"""

from django.db.models.signals import post_delete, post_save
from django_fsm.signals import post_transition

from workflows.appeals.models import Appeal
from workflows.appeals.signals import appeals_registered
from workflows.interruptions.models import InterruptionNotice
from workflows.onboarding.models import OnboardingProtocol
from workflows.reports.models import ReportDelivery

from . import events, services
from .events import Event
from .models import Endpoint

# (model, transition name) -> (event, payload of the instance)
TRANSITIONS = {
    (Appeal, "give_answer"): (Event.APPEAL_ANSWERED, events.appeal_payload),
    (Appeal, "refer"): (Event.APPEAL_ANSWERED, events.appeal_payload),  # para 10: the answer names the body
    (Appeal, "close"): (Event.APPEAL_CLOSED, events.appeal_payload),
    (Appeal, "merge_into"): (Event.APPEAL_CLOSED, events.appeal_payload),  # closed as merged into another
    (OnboardingProtocol, "sign"): (Event.PROTOCOL_SIGNED, events.protocol_payload),
    (OnboardingProtocol, "start_consultations"): (Event.CONSULTATIONS_STARTED, events.protocol_payload),
    (InterruptionNotice, "notify"): (Event.INTERRUPTION_ANNOUNCED, events.interruption_payload),
    (ReportDelivery, "mark_sent"): (Event.REPORT_DELIVERED, events.report_payload),
}


def on_appeals_registered(sender, appeals, **kwargs):
    services.announce_many(Event.APPEAL_REGISTERED, [events.appeal_payload(appeal) for appeal in appeals])


def on_transition(sender, instance, name, **kwargs):
    if "exception" in kwargs:
        return
    known = TRANSITIONS.get((sender, name))
    if known:
        event, payload = known
        services.announce(event, payload(instance))


def connect():
    post_save.connect(services.forget_subscriptions, sender=Endpoint, dispatch_uid="webhooks.endpoint_saved")
    post_delete.connect(services.forget_subscriptions, sender=Endpoint, dispatch_uid="webhooks.endpoint_deleted")
    appeals_registered.connect(on_appeals_registered, dispatch_uid="webhooks.appeals_registered")
    for model in {model for model, _name in TRANSITIONS}:
        post_transition.connect(on_transition, sender=model, dispatch_uid=f"webhooks.transition.{model.__name__}")
