"""What the webhook screens read."""

from django.db.models import Count, Max, Q

from .models import Delivery, Endpoint


def endpoints():
    return Endpoint.objects.annotate(
        delivered=Count("deliveries", filter=Q(deliveries__state=Delivery.State.DELIVERED)),
        failing=Count("deliveries", filter=Q(deliveries__state__in=[Delivery.State.RETRYING, Delivery.State.GAVE_UP])),
        last_delivery_at=Max("deliveries__created_at"),
    )


def deliveries_of(endpoint, *, limit=100):
    return endpoint.deliveries.prefetch_related("attempt_log")[:limit]
