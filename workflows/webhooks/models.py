"""Outgoing webhooks (issue 20, item 7): endpoints an administrator registers, one delivery per event and
endpoint, and every attempt of it in the log.

A delivery is made once: it is claimed under a row lock, posted, and marked delivered; a failed attempt waits
for the next one (`BACKOFF_SECONDS`) until `MAX_ATTEMPTS`, then it is given up (an administrator can send it
again). The receiver can drop a repeat by the `X-UCC-Delivery` id, which never changes between attempts.
"""

import uuid

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.configuration.registry import register as register_configuration

from .events import Event

MANAGE = "webhooks.change_endpoint"
VIEW = "webhooks.view_endpoint"

# After the 1st, 2nd … failed attempt the next one waits this long (calendar time: a technical retry, not a
# term of the Rules). The last failure gives the delivery up.
BACKOFF_SECONDS = (60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600)
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1


class Endpoint(models.Model):
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(
        _("URL"),
        max_length=1000,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The address the events are posted to (HTTPS in production)."),
    )
    events = models.JSONField(_("events"), default=list, help_text=_("The events posted to this address."))
    active = models.BooleanField(_("active"), default=True)
    # The secret signs every delivery, so it is kept sealed (`sealing.py`), shown once, then only its last 4.
    sealed_secret = models.TextField(editable=False)
    secret_hint = models.CharField(_("secret"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def masked_secret(self):
        return f"whsec_••••••••{self.secret_hint}"

    def event_labels(self):
        labels = dict(Event.choices)
        return [labels.get(event, event) for event in self.events]


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        RETRYING = "retrying", _("failed, will retry")
        DELIVERED = "delivered", _("delivered")
        GAVE_UP = "gave_up", _("given up")

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=64, choices=Event.choices)
    delivery_id = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    payload = models.JSONField(_("payload"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, db_index=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_event_display()} → {self.endpoint}"


class Attempt(models.Model):
    """One POST of a delivery: what the endpoint answered (the log an administrator reads)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField(_("attempt"))
    at = models.DateTimeField(_("at"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration, ms"), default=0)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery", "number"]

    def __str__(self):
        return f"{self.delivery} #{self.number}"

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300


# The configuration is audited (issue 20, item 8), the secret never (neither sealed nor its hint's history).
register_configuration(Endpoint, exclude_fields=["sealed_secret"])
