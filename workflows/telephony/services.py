"""Operations on calls and ratings (paras 7, 13). Each is idempotent by the phone system's call id:
the same event posted twice changes nothing; the same call id with different data is a `Conflict`.

A replay is recognised by comparing what was posted with what is stored, so it needs no table of
processed requests; two identical events racing each other meet at the unique call id (or the unique
rating of a call/appeal) and the loser reads the winner's row as its replay.

The three events of a call arrive hundreds a second (issue 7: >= 500 a second on two cores shared with the
database), so each is written by one hand-written statement — `INSERT … ON CONFLICT DO NOTHING RETURNING`,
`UPDATE … RETURNING`, `INSERT … SELECT` — that both PostgreSQL and SQLite (3.35+) run: building the same
statement with the ORM costs several times the CPU of everything else the request does. Nothing listens to
these models' save signals (calls and ratings are not audited row by row). A replay, a conflict or an unknown
call — the rare answers — are read back with the ORM.
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
    """A single INSERT is atomic by itself (no BEGIN/COMMIT round trips); inside a caller's transaction a
    savepoint keeps a duplicate key from spoiling the rest of it."""
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


_OPEN_CALL = (
    "INSERT INTO telephony_call (call_id, integration_id, line, caller_number, wait_seconds, operator_id,"
    " started_at, recording_reference) VALUES (%s, %s, %s, %s, %s, %s, %s, '')"
    " ON CONFLICT (call_id) DO NOTHING RETURNING id"
)


def _returned_row(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _db_datetime(value):
    return connection.ops.adapt_datetimefield_value(value)


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
    facts = {
        "call_id": call_id,
        "integration": integration,
        "line": line,
        "caller_number": caller_number,
        "wait_seconds": wait_seconds,
        "operator": operator,
        "started_at": started_at or timezone.now(),
    }
    inserted = _returned_row(
        _OPEN_CALL,
        [
            call_id,
            integration.pk if integration else None,
            line,
            caller_number,
            wait_seconds,
            operator.pk if operator else None,
            _db_datetime(facts["started_at"]),
        ],
    )
    if inserted:
        return Call(pk=inserted[0], **facts), True
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


# An appeal the operator already linked (the "new appeal from a call" form) stays when the event names none.
_CLOSE_CALL = (
    "UPDATE telephony_call SET closed_at = %s, talk_seconds = %s, recording_reference = %s,"
    " appeal_id = COALESCE(%s, appeal_id) WHERE call_id = %s AND closed_at IS NULL"
    " RETURNING appeal_id, (SELECT number FROM appeals_appeal WHERE appeals_appeal.id = telephony_call.appeal_id)"
)


def close_call(*, call_id, talk_seconds, recording_reference="", appeal=None, closed_at=None):
    """The call ended after `talk_seconds`; its recording and the appeal registered from it are kept (the
    appeal named here, else the one the operator registered from the call, if any).

    Returns `(call, changed)`; closing again with the same data changes nothing, with other data is a
    `Conflict`; a call never opened raises `Call.DoesNotExist`.
    """
    values = {
        "talk_seconds": talk_seconds,
        "recording_reference": recording_reference or "",
        "closed_at": closed_at or timezone.now(),
    }
    # One conditional UPDATE closes an open call: atomic by itself, and of two closings at once one matches.
    closed = _returned_row(
        _CLOSE_CALL,
        [
            _db_datetime(values["closed_at"]),
            talk_seconds,
            values["recording_reference"],
            appeal.pk if appeal else None,
            call_id,
        ],
    )
    if closed:
        appeal_id, number = closed
        kept = appeal if appeal else (Appeal(pk=appeal_id, number=number) if appeal_id else None)
        return Call(call_id=call_id, appeal=kept, **values), True
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


def link_appeal(*, call_id, appeal):
    """The operator registered `appeal` from the call `call_id` (the "new appeal from a call" form): the call
    keeps it, unless the phone system already named another. Returns whether the call now has `appeal`."""
    if Call.objects.filter(call_id=call_id, appeal__isnull=True).update(appeal=appeal):
        return True
    return Call.objects.filter(call_id=call_id, appeal=appeal).exists()


_RATE_CALL = (
    "INSERT INTO telephony_rating (call_id, score, channel, operator_id, service_id, created_at)"
    " SELECT telephony_call.id, %s, telephony_call.line, telephony_call.operator_id, appeals_appeal.service_id, %s"
    " FROM telephony_call LEFT JOIN appeals_appeal ON appeals_appeal.id = telephony_call.appeal_id"
    " WHERE telephony_call.call_id = %s ON CONFLICT DO NOTHING RETURNING id"
)


def rate_call(*, call_id, score):
    """Para 13: the IVR's score for the operator right after the call, with the call's line, operator and the
    service of the appeal registered from it. Given once; the same score posted again is a replay, another
    score a `Conflict`; a call never opened raises `Call.DoesNotExist`."""
    if score not in Rating.SCORES:
        raise Refused(_("the score must be a whole number from 1 to 5"), field="score")
    created_at = timezone.now()
    inserted = _returned_row(_RATE_CALL, [score, _db_datetime(created_at), call_id])
    if inserted:
        return Rating(pk=inserted[0], score=score, created_at=created_at), True
    existing = Rating.objects.filter(call__call_id=call_id).first()  # rated before, or never opened
    if existing is None:
        raise Call.DoesNotExist(call_id)
    if existing.score != score:
        raise Conflict(_("call %(call_id)s has already been rated") % {"call_id": call_id}, ["score"])
    return existing, False


def rate_appeal(*, appeal, score):
    """Para 13 for written appeals: the score given through the rating link, once. A second score is refused
    (`Conflict`) even when it is the same: the link is single-use."""
    if score not in Rating.SCORES:
        raise Refused(_("the score must be a whole number from 1 to 5"), field="score")
    try:
        with one_statement():
            return Rating.objects.create(
                appeal=appeal,
                score=score,
                channel=appeal.channel,
                operator_id=appeal.operator_id,
                service_id=appeal.service_id,
            )
    except IntegrityError:
        raise Conflict(_("this appeal has already been rated"), ["score"]) from None


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
