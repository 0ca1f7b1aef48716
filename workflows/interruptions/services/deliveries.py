"""Sending one logged delivery once: claimed by a conditional update (pending, failed or stale → sending), so two
runs at once send it once; the outcome written back; a failure kept with its error for the schedule's retry."""

import logging

from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)


def deliver(delivery, render, *, now=None):
    """Send `delivery` (a `models.Delivery`) with the (subject, text) from `render(delivery)`; True when this
    call sent it."""
    model = type(delivery)
    claimed = model.objects.filter(model.due(), pk=delivery.pk).update(
        status=model.Status.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    if claimed != 1:
        return False
    delivery.refresh_from_db()
    email = delivery.body.email  # an address added to the directory since is used at the retry
    try:
        if not email:
            raise ValueError("the body has no e-mail address in the directory")
        subject, text = render(delivery)
        send_mail(subject[:200], text, None, [email])
    except Exception as error:  # the mail server's refusal or outage: logged, retried by the schedule
        logger.warning("%s %s failed: %s", model.__name__, delivery.pk, error)
        model.objects.filter(pk=delivery.pk).update(
            status=model.Status.FAILED, last_error=str(error)[:2000], email=email
        )
        return False
    model.objects.filter(pk=delivery.pk).update(
        status=model.Status.SENT, sent_at=now or timezone.now(), last_error="", email=email
    )
    return True
