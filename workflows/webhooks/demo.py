"""The demo's webhook endpoints and deliveries (issue 20, item 7): an active endpoint and a paused one, and a
delivery in every state with its attempts. The endpoints point at the loopback's discard port, where nothing
listens: the demo never posts anywhere else. Idempotent: what exists is left as it is."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .events import Event
from .models import Attempt, Delivery, Endpoint
from .services import create_endpoint

NOWHERE = "http://127.0.0.1:9/ucc-webhooks"  # the discard port: connections are refused


def _endpoint(name, events, active):
    endpoint = Endpoint.objects.filter(name=name).first()
    if endpoint is None:
        endpoint, _secret = create_endpoint(name=name, url=NOWHERE, events=events, active=active)
    return endpoint


@transaction.atomic
def load_demo_webhooks():
    """Returns how many records were created."""
    if Endpoint.objects.filter(name="Demo: analytics").exists():
        return 0
    analytics = _endpoint(
        "Demo: analytics", [Event.APPEAL_REGISTERED, Event.APPEAL_ANSWERED, Event.APPEAL_CLOSED], True
    )
    _endpoint("Demo: reports archive (paused)", [Event.REPORT_DELIVERED, Event.PROTOCOL_SIGNED], False)
    now = timezone.now()
    created = 2
    for state, attempts, statuses in (
        (Delivery.State.PENDING, 0, []),
        (Delivery.State.RETRYING, 1, [503]),
        (Delivery.State.DELIVERED, 2, [500, 200]),
        (Delivery.State.GAVE_UP, 6, [None] * 6),
    ):
        delivery = Delivery.objects.create(
            endpoint=analytics,
            event=Event.APPEAL_REGISTERED,
            payload={"number": f"DEMO-{state}", "state": "registered"},
            state=state,
            attempts=attempts,
            next_attempt_at=now + timedelta(hours=1) if state == Delivery.State.RETRYING else None,
            delivered_at=now if state == Delivery.State.DELIVERED else None,
        )
        for number, status in enumerate(statuses, start=1):
            Attempt.objects.create(
                delivery=delivery,
                number=number,
                at=now - timedelta(minutes=10 * (len(statuses) - number)),
                status_code=status,
                error="" if status else "[Errno 111] Connection refused",
            )
        created += 1 + len(statuses)
    return created
