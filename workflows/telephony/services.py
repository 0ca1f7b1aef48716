"""Operations on calls and ratings (paras 7, 13). Each is idempotent by the phone system's call id:
the same event posted twice changes nothing; the same call id with different data is a `Conflict`.

A replay is recognised by comparing what was posted with what is stored, so it needs no table of
processed requests; two identical events racing each other meet at the unique call id (or the unique
rating of a call/appeal) and the loser reads the winner's row as its replay.
"""

import time
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.appeals.models import Appeal, phone_digits

from .models import Call, Integration, Rating


class Conflict(Exception):
    """The same call id (or rating) was already recorded with other data; `fields` names what differs."""

    def __init__(self, message, fields=()):
        super().__init__(message)
        self.message = message
        self.fields = list(fields)


class Refused(Exception):
    """The operation is not possible as asked (not a conflict with a stored event): nothing written."""

    def __init__(self, message, field="__all__"):
        super().__init__(message)
        self.message = message
        self.field = field


@contextmanager
def one_statement():
    """A single INSERT is atomic by itself (no BEGIN/COMMIT round trips at hundreds of events a second);
    inside a caller's transaction a savepoint keeps a duplicate key from spoiling the rest of it."""
    if connection.in_atomic_block:
        with transaction.atomic():
            yield
    else:
        yield


def create_integration(*, name, requests_per_minute=None):
    """A new phone-system integration and its token, which is returned here once and never again."""
    integration = Integration(name=name)
    if requests_per_minute:
        integration.requests_per_minute = requests_per_minute
    token = integration.issue_token()
    integration.full_clean()
    integration.save()
    return integration, token


def reissue_token(*, integration):
    token = integration.issue_token()
    integration.save(update_fields=["token_hash", "token_hint"])
    return token


def _differences(stored, posted):
    return sorted(name for name, value in posted.items() if value is not None and stored.get(name) != value)


def _open_facts(call):
    return {
        "line": call.line,
        "caller_number": phone_digits(call.caller_number),
        "wait_seconds": call.wait_seconds,
        "operator": call.operator_id,
        "started_at": call.started_at,
    }


def open_call(*, call_id, line, caller_number, wait_seconds, operator=None, started_at=None, integration=None):
    """Para 7: a call was answered (or left the queue) after `wait_seconds` on `line`.

    Returns `(call, created)`. A replay returns the stored call; a call id already used for another
    caller, line, wait or operator raises `Conflict`.
    """
    posted = {
        "line": line,
        "caller_number": phone_digits(caller_number),
        "wait_seconds": wait_seconds,
        "operator": operator.pk if operator else None,
        "started_at": started_at,
    }
    try:
        with one_statement():
            call = Call.objects.create(
                call_id=call_id,
                integration=integration,
                line=line,
                caller_number=caller_number,
                wait_seconds=wait_seconds,
                operator=operator,
                started_at=started_at or timezone.now(),
            )
        return call, True
    except IntegrityError:
        call = Call.objects.get(call_id=call_id)  # posted before (or twice at once): a replay or a conflict
    differing = _differences(_open_facts(call), posted)
    if differing:
        raise Conflict(_("call %(call_id)s was opened with other data") % {"call_id": call_id}, differing)
    return call, False


def find_phone_appeal(number):
    """The appeal a call produced, by its registration number; it must be a phone appeal."""
    appeal = Appeal.objects.filter(number__iexact=number.strip()).first()
    if appeal is None:
        raise Refused(_("there is no appeal %(number)s") % {"number": number}, field="appeal")
    if appeal.channel not in Appeal.PHONE_CHANNELS:
        raise Refused(_("appeal %(number)s was not received by phone") % {"number": number}, field="appeal")
    return appeal


def close_call(*, call_id, talk_seconds, recording_reference="", appeal=None, closed_at=None):
    """The call ended after `talk_seconds`; its recording and the appeal registered from it are kept.

    Returns `(call, changed)`; closing again with the same data changes nothing, with other data is a
    `Conflict`; a call never opened raises `Call.DoesNotExist`.
    """
    values = {
        "talk_seconds": talk_seconds,
        "recording_reference": recording_reference or "",
        "appeal": appeal,
        "closed_at": closed_at or timezone.now(),
    }
    # One conditional UPDATE closes an open call: atomic by itself, and of two closings at once one matches.
    if Call.objects.filter(call_id=call_id, closed_at__isnull=True).update(**values):
        return Call(call_id=call_id, **values), True
    call = Call.objects.select_related("appeal").get(call_id=call_id)
    stored = {
        "talk_seconds": call.talk_seconds,
        "recording_reference": call.recording_reference,
        "appeal": call.appeal_id,
        "closed_at": call.closed_at,
    }
    posted = {**values, "appeal": appeal.pk if appeal else None, "closed_at": closed_at}
    differing = _differences(stored, posted)
    if differing:
        raise Conflict(_("call %(call_id)s was closed with other data") % {"call_id": call_id}, differing)
    return call, False


def _record_rating(*, score, existing_lookup, replay_conflict_message, **fields):
    if score not in Rating.SCORES:
        raise Refused(_("the score must be a whole number from 1 to 5"), field="score")
    try:
        with one_statement():
            return Rating.objects.create(score=score, **existing_lookup, **fields), True
    except IntegrityError:
        existing = Rating.objects.get(**existing_lookup)  # rated before: a replay or a second score
    if existing.score != score:
        raise Conflict(replay_conflict_message, ["score"])
    return existing, False


def rate_call(*, call, score):
    """Para 13: the IVR's score for the operator right after the call. Given once; the same score posted
    again is a replay, another score a `Conflict`."""
    service_id = call.appeal.service_id if call.appeal_id else None
    return _record_rating(
        score=score,
        existing_lookup={"call": call},
        replay_conflict_message=_("call %(call_id)s has already been rated") % {"call_id": call.call_id},
        channel=call.line,
        operator_id=call.operator_id,
        service_id=service_id,
    )


def rate_appeal(*, appeal, score):
    """Para 13 for written appeals: the score given through the rating link, once. A second score is refused
    (`Conflict`) even when it is the same: the link is single-use."""
    rating, created = _record_rating(
        score=score,
        existing_lookup={"appeal": appeal},
        replay_conflict_message=_("this appeal has already been rated"),
        channel=appeal.channel,
        operator_id=appeal.operator_id,
        service_id=appeal.service_id,
    )
    if not created:
        raise Conflict(_("this appeal has already been rated"), ["score"])
    return rating


_known_operators = {}  # username -> (user, time it was read): this process's short memory


def forget():
    _known_operators.clear()


def operator_by_username(username):
    """The operator named by the phone system, or `Refused` for an unknown or inactive user (remembered by the
    process for `UCC_TELEPHONY_TOKEN_CACHE_SECONDS`: operators answer many calls a minute)."""
    remembered = _known_operators.get(username)
    if remembered and time.monotonic() - remembered[1] < settings.UCC_TELEPHONY_TOKEN_CACHE_SECONDS:
        return remembered[0]
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise Refused(_("there is no active user %(username)s") % {"username": username}, field="operator")
    _known_operators[username] = (user, time.monotonic())
    return user
