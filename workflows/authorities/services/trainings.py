"""Trainings (paras 15, 17, 21, 30), the quality authority's written requests for one (para 30), and the UCC
specialists' visits to a provider (para 25, second part).

A training records who trained whom on which services; the services an operator was trained on are what
the appeal screen checks ("you have not been trained on this service", through the `trained_service_ids`
hook). A para 21 training may name the onboarding protocol whose training step it was; a para 30 training
names the request it answers, which is then held.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from workflows.directory.models import StateBody
from workflows.onboarding import services as onboarding
from workflows.onboarding.models import OnboardingProtocol

from ..models import HANDLE, Training, TrainingRequest, Visit
from .common import TransitionRefused, record_event, step

__all__ = [
    "cancel_visit",
    "decline_training_request",
    "mark_visit_held",
    "record_training",
    "record_visit",
    "register_training_request",
    "schedule_training_request",
]

Kind = Training.Kind


def _actor(user):
    return user if getattr(user, "pk", None) else None


def _require_quality_authority(body):
    if body is None or body.kind != StateBody.Kind.QUALITY_AUTHORITY:
        raise TransitionRefused(
            _("%(body)s is not the authorized body for quality of public services") % {"body": body or "—"}
        )


# --- para 30: the quality authority's written request ----------------------------------------------------


@transaction.atomic
def register_training_request(*, authority, letter_reference, topic, received_on, note="", user=None):
    """Para 30: the quality authority asks in writing that the UCC train its employees."""
    _require_quality_authority(authority)
    request = TrainingRequest(
        authority=authority, letter_reference=letter_reference, topic=topic, received_on=received_on, note=note
    )
    request.full_clean(exclude=["state"])
    request.save()
    record_event(request, "registered", text=letter_reference, actor=user)
    return request


def schedule_training_request(*, request, on, user):
    """The date agreed with the authority (it may be moved while the training has not been held)."""
    return step(request, "schedule", user=user, on=on, event_text=on.strftime("%d.%m.%Y"))


def decline_training_request(*, request, note, user):
    return step(request, "decline", user=user, note=note, event_text=note)


# --- a training held -----------------------------------------------------------------------------------


def _check_body(kind, body):
    if kind == Kind.BY_BODY and body is None:
        raise TransitionRefused(_("a para 21 training names the body whose responsible person trained"))
    if kind == Kind.BY_ICI_OPERATOR and body is not None and body.kind != StateBody.Kind.ICI_OPERATOR:
        raise TransitionRefused(_("%(body)s is not the ICI operator of e-government") % {"body": body})
    if kind == Kind.FOR_AUTHORITY:
        _require_quality_authority(body)


def _check_protocol(kind, protocol, body, services):
    """Para 21: the protocol's body trained, on the protocol's service."""
    if protocol is None:
        return services
    if kind != Kind.BY_BODY:
        raise TransitionRefused(_("only a para 21 training (by a body's responsible person) names a protocol"))
    if protocol.body_id != body.pk:
        raise TransitionRefused(
            _("the onboarding protocol is with %(protocol_body)s, not %(body)s")
            % {"protocol_body": protocol.body, "body": body}
        )
    if not services:
        return [protocol.service]
    if protocol.service_id not in {service.pk for service in services}:
        raise TransitionRefused(
            _("the training's services do not include %(service)s, the protocol's service")
            % {"service": protocol.service}
        )
    return services


def _check_request(kind, request, body):
    if request is None:
        return body
    if kind != Kind.FOR_AUTHORITY:
        raise TransitionRefused(_("only a para 30 training (for the quality authority) answers a training request"))
    if body is not None and body.pk != request.authority_id:
        raise TransitionRefused(_("the training request came from %(body)s") % {"body": request.authority})
    return request.authority


def record_training(
    *,
    kind,
    topic,
    held_on,
    body=None,
    trainer="",
    services=(),
    trainees=(),
    attendees="",
    protocol=None,
    request=None,
    notes="",
    user,
):
    """A training held: paras 15 (the UCC's own), 17 (the ICI operator's), 21 (a body's responsible person's,
    perhaps the training step of an onboarding protocol) or 30 (for the quality authority, perhaps answering
    its request, which is then held)."""
    if not user.has_perm(HANDLE):
        raise TransitionRefused(_("you may not record trainings"))
    services = list(services)
    body = _check_request(kind, request, body)
    _check_body(kind, body)
    services = _check_protocol(kind, protocol, body, services)
    with transaction.atomic():
        training = Training(
            kind=kind,
            topic=topic,
            held_on=held_on,
            body=body,
            trainer=trainer,
            attendees=attendees,
            protocol=protocol,
            request=request,
            notes=notes,
            created_by=_actor(user),
        )
        training.full_clean()
        training.save()
        training.services.set(services)
        training.trainees.set(list(trainees))
        record_event(training, "recorded", text=topic, actor=user)
        if request is not None:
            step(request, "mark_held", user=user, event_text=held_on.strftime("%d.%m.%Y"))
        if protocol is not None and protocol.state in OnboardingProtocol.BEFORE_TRAINING:
            # Para 21: this training is the protocol's training step (late after ten working days there).
            # Taken by the platform (user=None): who may record a training may record its consequence.
            onboarding.hold_training(protocol=protocol, held_on=held_on, user=None)
    return training


# --- para 25, second part: visits ------------------------------------------------------------------------


@transaction.atomic
def record_visit(*, body, agreed_with, visit_on, specialists=(), services=(), notes="", user=None):
    """A visit of UCC specialists to a provider, agreed with the body."""
    visit = Visit(body=body, agreed_with=agreed_with, visit_on=visit_on, notes=notes, created_by=_actor(user))
    visit.full_clean()
    visit.save()
    visit.specialists.set(list(specialists))
    visit.services.set(list(services))
    record_event(visit, "planned", text=agreed_with, actor=user)
    return visit


def _close_visit(visit, state, verb, *, note, user):
    """A planned visit is held or cancelled, once (the row is re-read under a lock)."""
    if not user.has_perm(HANDLE):
        raise TransitionRefused(_("you may not change visits"))
    with transaction.atomic():
        fresh = Visit.objects.select_for_update().get(pk=visit.pk)
        if fresh.state != Visit.State.PLANNED:
            raise TransitionRefused(_("the visit is %(state)s already") % {"state": fresh.get_state_display()})
        fresh.state = state
        if note:
            fresh.notes = f"{fresh.notes}\n\n{note}".strip()
        fresh.save(update_fields=["state", "notes"])
        record_event(fresh, verb, text=note, actor=user)
    visit.refresh_from_db()
    return visit


def mark_visit_held(*, visit, notes="", user):
    return _close_visit(visit, Visit.State.HELD, "held", note=notes, user=user)


def cancel_visit(*, visit, reason, user):
    return _close_visit(visit, Visit.State.CANCELLED, "cancelled", note=reason, user=user)
