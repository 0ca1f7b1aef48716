"""The screen pop (issue 19, item 1; the contact centre's CTI habit): when the phone system reports a call for
an operator (`POST calls/` with `operator`), that operator's open admin screens show the caller's number, the
line, the caller's earlier appeals and one button to the new-appeal form pre-filled. The panel polls
`telephony_screen_pop` every 2 s and closes when the call closes.

A poll that names the call it already shows (`known`) gets `{"same": true}` from one indexed query. The
history is read once per call, and each appeal it lists is audited as a view of personal data.

Two hundred operators polling every 2 s are a hundred requests a second that almost always get "no call" or
"the same call". Those two answers are given by `quick_answer` (through `ScreenPopMiddleware`) before the
middleware made for pages: the session is read once and its user's right to take calls remembered by the
process for `UCC_SCREEN_POP_AUTH_CACHE_SECONDS`, so such a poll is one indexed query. They carry nothing
personal. Everything else (a new call, whose answer holds the history and is audited, an anonymous or
refused user, a session this process cannot vouch for) goes through the whole stack to `screen_pop`.
"""

import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from workflows.appeals.models import phone_digits
from workflows.appeals.personal_data import record_access
from workflows.appeals.selectors import contact_history

from .api import LINE_NUMBERS, new_appeal_url
from .models import Call

HISTORY_IN_POP = 5
TAKES_CALLS = ("wagtailadmin.access_admin", "appeals.work_appeal", "appeals.view_applicant")
_vouched = {}  # session key -> (user id, time it was checked): this process's short memory
VOUCHED_AT_MOST = 10_000


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


def quick_answer(session_key, known):
    """The poll's answer when it is "no call" or "the same call" for a user this process has vouched for;
    None when the whole stack must answer."""
    user_id = _vouched_user(session_key)
    if user_id is None:
        return None
    call_id = (
        Call.objects.filter(operator_id=user_id, closed_at__isnull=True)
        .order_by("-started_at")
        .values_list("call_id", flat=True)
        .first()
    )
    if call_id is None:
        return {"call": None}
    if known and known == call_id:
        return {"same": True}
    return None


def _vouched_user(session_key):
    if not session_key:
        return None
    remembered = _vouched.get(session_key)
    if remembered and time.monotonic() - remembered[1] < settings.UCC_SCREEN_POP_AUTH_CACHE_SECONDS:
        return remembered[0]
    user_id = _user_who_takes_calls(session_key)
    if user_id is not None:
        if len(_vouched) >= VOUCHED_AT_MOST:
            _vouched.clear()
        _vouched[session_key] = (user_id, time.monotonic())
    return user_id


def _user_who_takes_calls(session_key):
    """As `django.contrib.auth.get_user` checks a session (live, its backend, the user's password hash), and
    the user active with the rights the full view asks; None whenever any of it is not so."""
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    try:
        user_id, backend_path = session[SESSION_KEY], session[BACKEND_SESSION_KEY]
    except KeyError:
        return None
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None
    user = load_backend(backend_path).get_user(user_id)
    if user is None or not user.is_active:
        return None
    if not constant_time_compare(session.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash()):
        return None  # the full stack also tries the fallback keys, and logs the user out if none fits
    return user.pk if all(user.has_perm(permission) for permission in TAKES_CALLS) else None


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
