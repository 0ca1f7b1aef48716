"""The ICT desk answers the mail intake's `message_for_other_desk` (the intake imports nothing of this app)."""

from django.dispatch import receiver

from workflows.mailintake.signals import message_for_other_desk

from . import services


@receiver(message_for_other_desk, dispatch_uid="ict_requests_by_mail")
def take_ict_mail(sender, parsed, **kwargs):
    """A reply in a request's thread, or a mail to the ICT address (ICT_MAIL_ADDRESSES): the desk's."""
    return services.wanted(parsed)
