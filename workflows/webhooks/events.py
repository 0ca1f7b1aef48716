"""The events an endpoint may subscribe to, and what each payload carries.

A payload names the record and its state, never a person: no applicant's name, phone, e-mail or IIN, no
content of an appeal; a receiver that needs more asks the platform's API with its own rights.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    APPEAL_REGISTERED = "appeal.registered", _("appeal registered")
    APPEAL_ANSWERED = "appeal.answered", _("appeal answered")
    APPEAL_CLOSED = "appeal.closed", _("appeal closed")
    PROTOCOL_SIGNED = "onboarding.protocol_signed", _("onboarding protocol signed")
    CONSULTATIONS_STARTED = "onboarding.consultations_started", _("consultations started")
    INTERRUPTION_ANNOUNCED = "interruption.announced", _("interruption announced")
    REPORT_DELIVERED = "report.delivered", _("report delivered")
    TEST = "webhook.test", _("test")


SUBSCRIBABLE = [(value, label) for value, label in Event.choices if value != Event.TEST]


def _iso(value):
    return value.isoformat() if value else None


def appeal_payload(appeal):
    """Para 7-8: the registration number, the state and the terms; no applicant, no content."""
    return {
        "number": appeal.number,
        "state": appeal.state,
        "channel": appeal.channel,
        "topic": appeal.topic,
        "received_at": _iso(appeal.received_at),
        "due_at": _iso(appeal.due_at),
        "answered_at": _iso(appeal.answered_at),
        "closed_at": _iso(appeal.closed_at),
    }


def protocol_payload(protocol):
    """Paras 20-23: the protocol, its service and body, its state; no signatories' names."""
    service = protocol.service
    return {
        "protocol": protocol.pk,
        "state": protocol.state,
        "service": service.register_number if service else None,
        "body": protocol.body_id,
        "signed_on": _iso(protocol.signed_on),
        "consultations_started_on": _iso(protocol.consultations_started_on),
    }


def interruption_payload(notice):
    """Para 38: which services are interrupted and when."""
    return {
        "notice": notice.pk,
        "state": notice.state,
        "starts_at": _iso(notice.starts_at),
        "ends_at": _iso(notice.ends_at),
        "services": sorted(service.pk for service in notice.services.all()),
    }


def report_payload(delivery):
    """Paras 31, 39: which report went to which recipient, and when."""
    return {
        "delivery": delivery.pk,
        "state": delivery.state,
        "report": delivery.report_id,
        "kind": delivery.kind,
        "period_start": _iso(delivery.period_start),
        "period_end": _iso(delivery.period_end),
        "recipient": delivery.recipient_id,
        "sent_at": _iso(delivery.sent_at),
    }
