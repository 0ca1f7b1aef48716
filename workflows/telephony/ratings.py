"""Para 13 for written appeals: a signed, single-use rating link in the answer and the page it opens.

The link carries the appeal's id and number signed with the site's secret (django.core.signing) and its
time of issue; it opens `/<lang>/rate/<token>/` in the citizen's language for `UCC_RATING_LINK_MAX_AGE`
seconds. It is single-use because an appeal has at most one `Rating` (a unique key in the database).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from workflows.appeals.models import Appeal

SALT = "telephony.rating-link"


class LinkRefused(Exception):
    """The link was forged, altered or has expired; `expired` tells the two apart for the citizen."""

    def __init__(self, *, expired):
        super().__init__("expired" if expired else "bad signature")
        self.expired = expired


def rating_token(appeal):
    return signing.dumps({"appeal": appeal.pk, "number": appeal.number}, salt=SALT, compress=True)


def rating_link_for(appeal):
    """The absolute rating link for the answer e-mail of a written appeal, in the applicant's language."""
    if appeal.channel not in Appeal.WRITTEN_CHANNELS:
        raise ValueError(f"{appeal.number} came by phone: calls are rated by the IVR")
    with translation.override(appeal.language or settings.LANGUAGE_CODE):
        path = reverse("telephony_rate", kwargs={"token": rating_token(appeal)})
    return f"{settings.WAGTAILADMIN_BASE_URL}{path}"


def appeal_for_token(token, *, now=None):
    """The appeal a link was issued for; `LinkRefused` when forged, altered, or older than the allowed age."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.UCC_RATING_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkRefused(expired=True) from error
    except (signing.BadSignature, ValueError) as error:
        raise LinkRefused(expired=False) from error
    appeal = Appeal.objects.filter(pk=data.get("appeal"), number=data.get("number")).first()
    if appeal is None:
        raise LinkRefused(expired=False)
    return appeal
