"""Possible duplicates and related appeals (issue 19, item 6): what the appeal screen suggests and shows.

A possible duplicate is another appeal of the same applicant (the phone's last ten digits or the e-mail,
as in the applicant's history) received within `UCC_APPEAL_DUPLICATE_DAYS` calendar days of this one, that
asks the same: the same public service, or a content whose words are mostly the same (at least
`SIMILAR_WORDS` of the shorter text's distinct words of four letters or more). Simple enough that the screen
says why it suggests each one.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Appeal, AppealEvent, AppealLink
from .selectors import contact_history

SIMILAR_WORDS = 0.6
WORD = re.compile(r"\w{4,}")


def content_words(text):
    return {word.casefold() for word in WORD.findall(text or "")}


def similarity(one, other):
    """The share of the shorter text's words found in the other (0 when either has none)."""
    first, second = content_words(one), content_words(other)
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


def possible_duplicates(appeal):
    """The applicant's appeals of the window that ask the same, each with `duplicate_reason`, newest first."""
    window = timedelta(days=settings.UCC_APPEAL_DUPLICATE_DAYS)  # calendar days, not working days
    found = []
    for other in contact_history(
        phone_digits=appeal.applicant_phone_digits, email=appeal.applicant_email, exclude=appeal.pk, limit=50
    ):
        if other.state == Appeal.State.MERGED or abs(other.received_at - appeal.received_at) > window:
            continue
        reason = _reason(appeal, other)
        if reason:
            other.duplicate_reason = reason
            found.append(other)
    return found


def _reason(appeal, other):
    if appeal.service_id and appeal.service_id == other.service_id:
        return _("the same applicant, the same service")
    share = similarity(appeal.content, other.content)
    if share >= SIMILAR_WORDS:
        return _("the same applicant, %(percent)d%% of the words the same") % {"percent": round(share * 100)}
    return ""


def related_appeals(appeal):
    """The appeals linked to this one, whichever side of the link it is on."""
    links = AppealLink.objects.filter(Q(first=appeal) | Q(second=appeal)).values_list("first_id", "second_id")
    ids = {pk for pair in links for pk in pair} - {appeal.pk}
    return list(Appeal.objects.filter(pk__in=ids).order_by("-received_at", "-id"))


def timeline_events(appeal):
    """The appeal's events joined with those of the appeals merged into it, in the order they happened."""
    merged = list(appeal.merged_appeals.values_list("pk", flat=True))
    events = AppealEvent.objects.filter(appeal_id__in=[appeal.pk, *merged]).select_related("appeal")
    return events.order_by("at", "id")
