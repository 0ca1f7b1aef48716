"""Outgoing webhooks: endpoints registered with a secret shown once, events announced after the commit that made
them, each delivery posted with an HMAC-SHA256 signature, retried with back-off, every attempt logged.

The signature header is `X-UCC-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`; the
receiver recomputes it over the raw body and refuses a stale `t` (replays). `X-UCC-Delivery` is the delivery's
id, the same on every attempt, so a receiver that saw it already can answer 2xx and do nothing.
"""

import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from .events import SUBSCRIBABLE, Event
from .models import BACKOFF_SECONDS, MAX_ATTEMPTS, Attempt, Delivery, Endpoint
from .sealing import seal, unseal

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-UCC-Signature"
EVENT_HEADER = "X-UCC-Event"
DELIVERY_HEADER = "X-UCC-Delivery"


class EndpointRefused(ValueError):
    """The endpoint's fields cannot be accepted (nothing is saved)."""


# --- endpoints --------------------------------------------------------------------------------------------


def new_secret():
    return "whsec_" + secrets.token_urlsafe(32)


def _set_secret(endpoint, secret):
    endpoint.sealed_secret = seal(secret)
    endpoint.secret_hint = secret[-4:]


def _check_events(events):
    known = {value for value, _label in SUBSCRIBABLE}
    unknown = sorted(set(events) - known)
    if unknown or not events:
        raise EndpointRefused(f"unknown or no events: {', '.join(unknown) or '—'}")
    return [value for value, _label in SUBSCRIBABLE if value in set(events)]


@transaction.atomic
def create_endpoint(*, name, url, events, user=None, active=True):
    """Returns `(endpoint, secret)`: the secret is for the administrator's eyes once; afterwards it is masked."""
    secret = new_secret()
    endpoint = Endpoint(name=name, url=url, events=_check_events(events), active=active, created_by=user)
    _set_secret(endpoint, secret)
    endpoint.full_clean()
    endpoint.save()
    return endpoint, secret


@transaction.atomic
def rotate_secret(endpoint):
    """A new secret (the old one stops signing at once); returned once, like at creation."""
    secret = new_secret()
    _set_secret(endpoint, secret)
    endpoint.save(update_fields=["sealed_secret", "secret_hint"])
    return secret


def secret_of(endpoint):
    return unseal(endpoint.sealed_secret)


# --- signing ---------------------------------------------------------------------------------------------


def signature(secret, timestamp, body):
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret, header, body, *, now=None, tolerance=300):
    """What a receiver does (and the tests): the signature matches the body and is not older than `tolerance` s."""
    try:
        parts = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), header)


def body_of(delivery):
    document = {
        "id": str(delivery.delivery_id),
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True).encode()


# --- announcing ------------------------------------------------------------------------------------------


def announce(event, payload):
    """An event happened: after the transaction commits (a rolled-back change announces nothing), one delivery
    for each active endpoint subscribed to it, each posted by django-q."""
    announce_many(event, [payload])


def announce_many(event, payloads):
    """The same event of several records (a mail batch's appeals): one look-up of the endpoints for all.
    An event no active endpoint hears costs a cache read and nothing else (no query, no commit hook)."""
    if event not in subscribed_events():
        return
    payloads = json.loads(json.dumps(list(payloads), cls=DjangoJSONEncoder))
    if payloads:
        transaction.on_commit(lambda: _fan_out(event, payloads))


SUBSCRIBED_KEY = "webhooks:subscribed-events"
SUBSCRIBED_SECONDS = 60  # a process whose local cache missed an endpoint's change sees it within this time


def subscribed_events():
    """The events some active endpoint hears, cached (forgotten on every change of an endpoint: receivers)."""
    events = cache.get(SUBSCRIBED_KEY)
    if events is None:
        events = sorted(
            {event for row in Endpoint.objects.filter(active=True).values_list("events", flat=True) for event in row}
        )
        cache.set(SUBSCRIBED_KEY, events, SUBSCRIBED_SECONDS)
    return set(events)


def forget_subscriptions(**kwargs):
    cache.delete(SUBSCRIBED_KEY)


def _fan_out(event, payloads):
    endpoints = [endpoint for endpoint in Endpoint.objects.filter(active=True) if event in endpoint.events]
    deliveries = [
        Delivery.objects.create(endpoint=endpoint, event=event, payload=payload)
        for payload in payloads
        for endpoint in endpoints
    ]
    for delivery in deliveries:
        async_task("workflows.webhooks.tasks.deliver_task", delivery.pk, task_name=f"webhook {delivery.delivery_id}")
    return deliveries


# --- delivering ------------------------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return (
            None  # a redirect is an answer like any other non-2xx: the delivery is retried, never re-posted elsewhere
        )


_opener = urllib.request.build_opener(_NoRedirects)


def _post(url, body, headers, timeout):
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, str(getattr(error, "reason", error))[:500]


def deliver(delivery_pk, *, now=None):
    """Post one delivery once more, unless it is delivered, given up, or not due yet; returns the delivery."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().select_related("endpoint").filter(pk=delivery_pk).first()
        if delivery is None or delivery.state in (Delivery.State.DELIVERED, Delivery.State.GAVE_UP):
            return delivery
        now = now or timezone.now()
        if delivery.next_attempt_at and delivery.next_attempt_at > now:
            return delivery
        endpoint = delivery.endpoint
        body = body_of(delivery)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "UCC-Webhooks/1",
            EVENT_HEADER: delivery.event,
            DELIVERY_HEADER: str(delivery.delivery_id),
            SIGNATURE_HEADER: signature(secret_of(endpoint), int(time.time()), body),
        }
        started = time.monotonic()
        status, error = _post(endpoint.url, body, headers, settings.UCC_WEBHOOK_TIMEOUT_SECONDS)
        elapsed = int((time.monotonic() - started) * 1000)
        delivery.attempts += 1
        Attempt.objects.create(
            delivery=delivery, number=delivery.attempts, at=now, status_code=status, error=error, duration_ms=elapsed
        )
        if status is not None and 200 <= status < 300:
            delivery.state, delivery.delivered_at, delivery.next_attempt_at = Delivery.State.DELIVERED, now, None
        elif delivery.attempts >= MAX_ATTEMPTS or delivery.event == Event.TEST:
            delivery.state, delivery.next_attempt_at = Delivery.State.GAVE_UP, None
        else:
            delivery.state = Delivery.State.RETRYING
            delivery.next_attempt_at = now + timedelta(seconds=BACKOFF_SECONDS[delivery.attempts - 1])
        delivery.save(update_fields=["state", "attempts", "delivered_at", "next_attempt_at"])
    if delivery.state != Delivery.State.DELIVERED:
        logger.warning(
            "webhook %s to endpoint %s failed (attempt %s): %s",
            delivery.delivery_id,
            endpoint.pk,
            delivery.attempts,
            error or status,
        )
    return delivery


def retry_due(*, now=None):
    """The deliveries whose next attempt is due, each posted once more (the schedule runs this every minute)."""
    now = now or timezone.now()
    due = Delivery.objects.filter(state=Delivery.State.RETRYING, next_attempt_at__lte=now).values_list("pk", flat=True)
    return [deliver(pk, now=now) for pk in list(due[:200])]


def send_test(endpoint, *, now=None):
    """The "send test" button: a `webhook.test` delivery posted now, in the request; its attempt shows the answer."""
    delivery = Delivery.objects.create(
        endpoint=endpoint, event=Event.TEST, payload={"endpoint": endpoint.pk, "message": "UCC webhook test"}
    )
    return deliver(delivery.pk, now=now)


def send_again(delivery):
    """A given-up delivery posted again (the same id: a receiver that got it already can tell)."""
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.GAVE_UP).update(
            state=Delivery.State.PENDING, next_attempt_at=None
        )
    return deliver(delivery.pk)
