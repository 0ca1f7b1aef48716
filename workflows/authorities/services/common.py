"""What every process of this app shares: its events on a timeline, its alerts sent once, and its transitions.

Transitions run through the registry's `run_transition` (row re-read under `select_for_update`, the FSM
state and the permission checked, `TransitionRefused` when not possible — nothing written then); the
event is written in the same transaction, so a refused step leaves no trace on the timeline either.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from workflows.registry.services import TransitionRefused, run_transition

from ..models import AuthorityAlert, AuthorityEvent

__all__ = ["TransitionRefused", "record_event", "send_alert_once", "step"]


def body_of(record):
    """The body a record concerns (for the body's page): the requester, the provider, the body asked."""
    for name in ("body", "provider", "requester", "authority"):
        body_id = getattr(record, f"{name}_id", None)
        if body_id:
            return body_id
    return None


def record_event(record, verb, *, text="", actor=None, at=None):
    """Put `verb` (a short key, e.g. "sent") on the timeline of `record` and of its body."""
    values = {"text": text, "actor": actor if getattr(actor, "pk", None) else None}
    if at is not None:
        values["at"] = at
    return AuthorityEvent.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        body_id=body_of(record),
        verb=verb,
        **values,
    )


def step(record, name, *, user=None, event_text="", **kwargs):
    """Run the transition `name` of `record` as `user` and put it on the timeline (with `event_text`),
    all or nothing."""
    with transaction.atomic():
        run_transition(obj=record, name=name, user=user, **kwargs)
        # a step dated by its caller (`at=`: the letter came at 10:00, recorded at noon) is on the timeline then
        record_event(record, name, text=event_text, actor=user, at=kwargs.get("at"))
    return record


def send_alert_once(record, kind, *, due, to, subject, body):
    """Send one alarm or reminder about `record`'s deadline `due`; True when this call sent it.

    The `AuthorityAlert` row is inserted and the mail sent in one transaction: a second run of the schedule,
    or a second cluster at the same moment, hits the unique constraint and sends nothing; a mail server that
    fails rolls the row back, so the next run tries again.
    """
    if not to:
        return False
    try:
        with transaction.atomic():
            AuthorityAlert.objects.create(
                content_type=ContentType.objects.get_for_model(record),
                object_id=record.pk,
                kind=kind,
                due=due,
                recipients=", ".join(to),
            )
            send_mail(subject[:200], body, None, list(to))
    except IntegrityError:
        return False
    return True
