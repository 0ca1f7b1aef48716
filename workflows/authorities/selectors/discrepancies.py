"""What the discrepancy screens (para 32) read: the requests a user may see, their annexes."""

from django.contrib.contenttypes.models import ContentType
from wagtail import hooks

from ..models import Attachment, DiscrepancyRequest
from .common import visible_to

EXPLANATION = "explanation"  # the `purpose` of the files that go with the explanation


def discrepancies_for(user):
    """The UCC's and the authority viewer's: all of them. A body's responsible person: none (para 32 is
    between the UCC and the quality authority)."""
    queryset = DiscrepancyRequest.objects.select_related("authority", "provider")
    return visible_to(user, queryset)


def attachments_of(record):
    content_type = ContentType.objects.get_for_model(record)
    return Attachment.objects.filter(content_type=content_type, object_id=record.pk)


def explanation_files(request):
    return attachments_of(request).filter(purpose=EXPLANATION)


def citable_reports(request):
    """Para 32: [(report id, title)] of the delivered reports the explanation may cite — the reports app
    answers the `discrepancy_report_choices` hook (it sits above this app)."""
    choices = []
    for answer in hooks.get_hooks("discrepancy_report_choices"):
        choices.extend(answer(request))
    return choices
