"""django-q entry points of the webhooks (the retry sweep declared in `workflows.schedules`): thin, idempotent."""

from . import services


def deliver_task(delivery_pk):
    delivery = services.deliver(delivery_pk)
    return delivery.state if delivery else None


def retry_webhook_deliveries_task():
    return len(services.retry_due())
