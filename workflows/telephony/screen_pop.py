"""The screen pop (issue 19, item 1; the contact centre's CTI habit): when the phone system reports a call for
an operator (`POST calls/` with `operator`), that operator's open admin screens show the caller's number, the
line, the caller's earlier appeals and one button to the new-appeal form pre-filled. The panel polls
`telephony_screen_pop` every 2 s and closes when the call closes.

A poll that names the call it already shows (`known`) gets `{"same": true}` from one indexed query. The
history is read once per call, and each appeal it lists is audited as a view of personal data.
"""

from django.utils import timezone

from workflows.appeals.models import phone_digits
from workflows.appeals.personal_data import record_access
from workflows.appeals.selectors import contact_history

from .api import LINE_NUMBERS, new_appeal_url
from .models import Call

HISTORY_IN_POP = 5


def open_call_of(user):
    """The operator's call under way (the newest, if the phone system left an older one open)."""
    return (
        Call.objects.filter(operator=user, closed_at__isnull=True)
        .only("call_id", "line", "caller_number", "started_at")
        .order_by("-started_at")
        .first()
    )


def screen_pop(user, *, known="", remote_addr=None):
    """What the operator's screens show now: no call, the same call as before, or a new call in full."""
    call = open_call_of(user)
    if call is None:
        return {"call": None}
    if known and known == call.call_id:
        return {"same": True}
    history = contact_history(phone_digits=phone_digits(call.caller_number), limit=HISTORY_IN_POP)
    for appeal in history:
        record_access(appeal, user, remote_addr=remote_addr)
    return {
        "call": {
            "call_id": call.call_id,
            "number": call.caller_number,
            "line": LINE_NUMBERS[call.line],
            "started_at": f"{timezone.localtime(call.started_at):%H:%M}",
            "new_appeal_url": new_appeal_url(call, absolute=False),
            "history": [_appeal_row(appeal) for appeal in history],
        }
    }


def _appeal_row(appeal):
    from django.urls import reverse

    return {
        "number": appeal.number,
        "url": reverse("appeals_work", args=[appeal.pk]),
        "received": f"{timezone.localtime(appeal.received_at):%d.%m.%Y}",
        "state": str(appeal.get_state_display()),
        "content": appeal.content[:140],
        "score": appeal.score,
    }
