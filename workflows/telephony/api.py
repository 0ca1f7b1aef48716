"""The phone system's REST API, `/api/telephony/v1/` (paras 7, 13): plain Django views answering JSON,
reached through `middleware.TelephonyAPIMiddleware` without the middleware made for people.

Every request carries `Authorization: Bearer <token>` of an active `Integration` (401 otherwise) and counts
against that integration's requests per minute (429 beyond). Payloads are checked field by field (400 with a
message per field); an event is idempotent by the phone system's call id: posted again it answers 200 with
the same body, posted again with other data 409, about a call never opened 404.
"""

import json
import logging
import threading
import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.timezone import localtime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import services
from .forms import LINE_NUMBERS, CallRatingPayload, CloseCallPayload, OpenCallPayload
from .models import Call, Integration, hash_token

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 16 * 1024


def error(status, message, fields=None, **extra):
    body = {"error": str(message), **extra}
    if fields:
        body["fields"] = fields
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


_known_tokens = {}  # token hash -> (integration, time it was read): this process's short memory


def authenticated_integration(request):
    """The active integration the bearer token belongs to, or None. A process remembers a token it checked
    for `UCC_TELEPHONY_TOKEN_CACHE_SECONDS`, so a deactivated token stops working within that time."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _space, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    digest = hash_token(token.strip())
    remembered = _known_tokens.get(digest)
    if remembered and time.monotonic() - remembered[1] < settings.UCC_TELEPHONY_TOKEN_CACHE_SECONDS:
        return remembered[0]
    integration = Integration.objects.filter(token_hash=digest, is_active=True).first()
    if integration is not None:
        _known_tokens[digest] = (integration, time.monotonic())
    return integration


class _Window:
    """This process's count of one integration's requests in the current minute: what the shared cache said
    at the last flush, and what this process has added since."""

    def __init__(self, minute):
        self.minute, self.shared, self.pending, self.flushed_at = minute, 0, 0, 0.0


_windows = {}
_windows_lock = threading.Lock()


def _add_to_shared(key, count):
    try:
        return cache.incr(key, count)
    except ValueError:
        if cache.add(key, count, timeout=70):
            return count
        return cache.incr(key, count)


def over_rate_limit(integration):
    """A fixed one-minute window per integration, counted in the shared cache (Redis in production).

    Each process adds its requests to the shared count in steps of a thousandth of the limit (or at least
    once a second), so a limit of 60,000 a minute costs one cache round trip per 60 requests; a small
    limit is counted exactly, request by request.
    """
    minute = int(time.time() // 60)
    limit = integration.requests_per_minute
    with _windows_lock:
        window = _windows.get(integration.token_hash)
        if window is None or window.minute != minute:
            window = _windows[integration.token_hash] = _Window(minute)
        window.pending += 1
        now = time.monotonic()
        if window.pending >= max(1, limit // 1000) or now - window.flushed_at > 1:
            window.shared = _add_to_shared(f"telephony:rate:{integration.pk}:{minute}", window.pending)
            window.pending, window.flushed_at = 0, now
        return window.shared + window.pending > limit


def forget():
    """Drop what this process remembers of tokens, operators and rate windows (tests start afresh)."""
    _known_tokens.clear()
    _windows.clear()
    services.forget()


def telephony_endpoint(payload_form):
    """An endpoint of the API around `action(integration, data, **url_kwargs) -> (body, created)`: token, rate
    limit and a JSON object body, in that order, then the payload checked by `payload_form`; the services'
    refusals answer 400, a clash with what was posted before 409, a call never opened 404."""

    def decorate(action):
        def answer(request, integration, payload, **url_kwargs):
            return _answered(action, payload_form(payload), integration, url_kwargs)

        @csrf_exempt
        @require_POST
        @wraps(action)
        def view(request, **url_kwargs):
            with translation.override("en"):  # machines read the messages: one language, whatever the headers
                return checked_request(answer, request, **url_kwargs)

        return view

    return decorate


def checked_request(view, request, *, realm="telephony", max_bytes=MAX_BODY_BYTES, **kwargs):
    """Token, rate limit and a JSON object body, in that order, then `view(request, integration, payload)`:
    the gate of every API an integration's token opens (the telephony API, the stages of para 29)."""
    integration = authenticated_integration(request)
    if integration is None:
        response = error(401, "a valid token is required: Authorization: Bearer <token>")
        response["WWW-Authenticate"] = f'Bearer realm="{realm}"'
        return response
    if over_rate_limit(integration):
        response = error(429, "too many requests for this token; retry in a minute")
        response["Retry-After"] = "60"
        return response
    if len(request.body) > max_bytes:
        return error(400, "the request body is too large")
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return error(400, "the body is not valid JSON")
    if not isinstance(payload, dict):
        return error(400, "the body must be a JSON object")
    return view(request, integration, payload, **kwargs)


def _answered(action, checked, integration, url_kwargs):
    """The checked payload handed to the endpoint's action, and what the action or the services say, as JSON."""
    if not checked.is_valid():
        return invalid(checked)
    data = checked.cleaned_data
    call_id = url_kwargs.get("call_id", data.get("call_id"))
    try:
        body, created = action(integration, data, **url_kwargs)
    except Call.DoesNotExist:
        return error(404, f"no call {call_id} was opened")
    except services.Refused as refusal:
        return refused(refusal)
    except services.Conflict as clash:
        logger.info("call %s replayed by %s with other %s", call_id, integration, ", ".join(clash.fields))
        return conflict(clash)
    return JsonResponse(body, status=201 if created else 200, json_dumps_params={"ensure_ascii": False})


def invalid(checked):
    return error(400, "the payload is not valid", {name: list(map(str, msgs)) for name, msgs in checked.errors.items()})


def refused(refusal):
    return error(400, "the payload is not valid", {refusal.field: [refusal.message]})


def conflict(clash):
    return error(409, clash.message, differing=clash.fields)


def new_appeal_url(call, *, absolute=True):
    """The operator's "new appeal from a call" screen (workflows.appeals), pre-filled with the caller and line;
    it carries the call id, so that the appeal registered there is the call's appeal."""
    query = urlencode({"phone": call.caller_number, "line": LINE_NUMBERS[call.line], "call": call.call_id})
    url = f"{reverse('appeals_new_from_call')}?{query}"
    return f"{settings.WAGTAILADMIN_BASE_URL}{url}" if absolute else url


def opened_body(call):
    return {
        "call_id": call.call_id,
        "line": LINE_NUMBERS[call.line],
        "started_at": localtime(call.started_at).isoformat(),
        "wait_seconds": call.wait_seconds,
        "operator": call.operator.get_username() if call.operator_id else None,
        "new_appeal_url": new_appeal_url(call),
    }


def closed_body(call):
    return {
        "call_id": call.call_id,
        "closed_at": localtime(call.closed_at).isoformat(),
        "talk_seconds": call.talk_seconds,
        "recording_reference": call.recording_reference,
        "appeal": call.appeal.number if call.appeal_id else None,
    }


def rating_body(rating, call_id):
    return {"call_id": call_id, "score": rating.score, "rated_at": localtime(rating.created_at).isoformat()}


@telephony_endpoint(OpenCallPayload)
def open_call(integration, data):
    operator = services.operator_by_username(data["operator"]) if data["operator"] else None
    call, created = services.open_call(
        call_id=data["call_id"],
        line=data["line"],
        caller_number=data["caller_number"],
        wait_seconds=data["wait_seconds"],
        operator=operator,
        started_at=data["started_at"],
        integration=integration,
    )
    return opened_body(call), created


@telephony_endpoint(CloseCallPayload)
def close_call(integration, data, call_id):
    appeal = services.find_phone_appeal(data["appeal"]) if data["appeal"] else None
    call, _changed = services.close_call(
        call_id=call_id,
        talk_seconds=data["talk_seconds"],
        recording_reference=data["recording_reference"],
        appeal=appeal,
        closed_at=data["closed_at"],
    )
    return closed_body(call), False


@telephony_endpoint(CallRatingPayload)
def rate_call(integration, data, call_id):
    rating, created = services.rate_call(call_id=call_id, score=data["score"])
    return rating_body(rating, call_id), created


urlpatterns = [
    path("calls/", open_call, name="telephony_open_call"),
    path("calls/<str:call_id>/close/", close_call, name="telephony_close_call"),
    path("calls/<str:call_id>/rating/", rate_call, name="telephony_rate_call"),
]
