"""The directory's answers to what accounts announce (`workflows.accounts.signals`): accounts sits below the
directory and never imports it, so the body a demo person speaks for is given here."""

from django.dispatch import receiver

from workflows.accounts.models import BodyMembership
from workflows.accounts.signals import demo_user_ready

from .models import StateBody


@receiver(demo_user_ready, dispatch_uid="directory.demo_body")
def give_demo_body(sender, *, user, role, **kwargs):
    """A demo person restricted to their own body (the responsible person) speaks for the first central body
    by code, the Ministry of Justice in the demo directory; nothing while the directory is empty."""
    if not role.restricted_to_own_body:
        return
    body = StateBody.objects.filter(kind=StateBody.Kind.CENTRAL_BODY).order_by("code").first()
    if body:
        BodyMembership.objects.get_or_create(user=user, body=body)
