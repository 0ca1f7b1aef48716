"""The monitoring system's push API, `POST /api/stages/` (para 29), authenticated as the telephony API is:
`Authorization: Bearer <token>` of an active `telephony.Integration` (401 otherwise), counted against its
requests per minute (429 beyond) — the telephony API's own functions, not a copy.

The body is one stage, or `{"stages": [...]}` with up to `UCC_STAGES_MAX_BATCH` of them:

    {"application_number": "KZ-2026-0001", "service": "00301", "provider": "minjust", "iin": "850101300123",
     "stage_code": "accepted", "stage_name": "Принято в работу", "changed_at": "2026-03-16T10:00:05+05:00"}

201 when anything new was stored, 200 when every stage was known already (the same push twice); 400 with a
message per field (`stages[2].iin` in a batch), and then nothing is written; 409 for a change already stored
with other data. Messages are in English: machines read them.
"""

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.timezone import localtime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from workflows.telephony.api import checked_request, error

from .forms import StagePayload
from .services import StageConflict, record_stages

MAX_BODY_BYTES = 2 * 1024 * 1024  # a batch of up to UCC_STAGES_MAX_BATCH stages


def _body(row, created):
    return {
        "application_number": row.application_number,
        "changed_at": localtime(row.changed_at).isoformat(),
        "stage_code": row.stage_code,
        "current": row.current,
        "created": created,
    }


def _checked_stages(payload):
    """(stages, errors, batch): the payload's stages checked one by one, errors keyed by field."""
    batch = "stages" in payload
    items = payload["stages"] if batch else [payload]
    if batch and not isinstance(items, list):
        return [], {"stages": ["a list of stages"]}, batch
    if batch and not items:
        return [], {"stages": ["at least one stage"]}, batch
    if len(items) > settings.UCC_STAGES_MAX_BATCH:
        return [], {"stages": [f"at most {settings.UCC_STAGES_MAX_BATCH} stages in one request"]}, batch
    stages, errors = [], {}
    for position, item in enumerate(items):
        prefix = f"stages[{position}]." if batch else ""
        if not isinstance(item, dict):
            errors[f"{prefix.rstrip('.') or 'stage'}"] = ["a JSON object"]
            continue
        checked = StagePayload(item)
        if checked.is_valid():
            stages.append(checked.cleaned_data)
        for name, messages in checked.errors.items():
            errors[f"{prefix}{name}"] = [str(message) for message in messages]
    return stages, errors, batch


@csrf_exempt
@require_POST
def push(request):
    with translation.override("en"):  # machines read the messages: one language, whatever the headers
        return checked_request(_pushed, request, realm="stages", max_bytes=MAX_BODY_BYTES)


def _pushed(request, integration, payload):
    stages, errors, batch = _checked_stages(payload)
    if errors:
        return error(400, "the payload is not valid", errors)
    try:
        recorded = record_stages(stages)
    except StageConflict as conflict:
        problems = {
            f"stages[{position}]" if batch else "changed_at": [message] for position, message in conflict.problems
        }
        return error(409, "a change already stored differs", problems)
    body = {
        "created": recorded.created,
        "unchanged": recorded.unchanged,
        "stages": [_body(row, created) for row, created in recorded.rows],
    }
    return JsonResponse(body, status=201 if recorded.created else 200, json_dumps_params={"ensure_ascii": False})
