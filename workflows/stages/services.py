"""Recording the stages the monitoring system sends (para 29), from the push API and from a file alike.

`record_stages` takes checked stages (`forms.StagePayload`'s cleaned data) and writes them all or none:
a change already stored with the same data is left alone (the same push twice stores one row); one stored
with other data is a `StageConflict`, and nothing of the batch is written. Of each application's rows the
latest `changed_at` is the current one; a change arriving late with an earlier time joins the history only.

Two pushes about one application at once: the partial unique index "one current row per application" (and
"one row per change") makes the later writer fail rather than leave two current rows; the batch is then
tried again from the start and reads what the first one wrote.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.directory.models import StateBody
from workflows.registry.models import PublicService

from .models import ApplicationStage

ATTEMPTS = 3
COMPARED = ("service_number", "provider_id", "applicant_iin", "stage_code", "stage_name")


class StageConflict(Exception):
    """Changes already stored with other data: [(position in the batch, message)]."""

    def __init__(self, problems):
        super().__init__("; ".join(message for _position, message in problems))
        self.problems = problems


@dataclass
class Recorded:
    created: int = 0
    unchanged: int = 0
    rows: list = field(default_factory=list)  # (ApplicationStage, created) in the batch's order


def _references(stages):
    numbers = {stage["service"] for stage in stages if stage.get("service")}
    codes = {stage["provider"] for stage in stages if stage.get("provider")}
    services = dict(PublicService.objects.filter(register_number__in=numbers).values_list("register_number", "pk"))
    bodies = dict(StateBody.objects.filter(code__in=codes).values_list("code", "pk"))
    return services, bodies


def _row(stage, services, bodies, source, now):
    return ApplicationStage(
        application_number=stage["application_number"],
        service_id=services.get(stage.get("service") or ""),
        service_number=stage.get("service") or "",
        provider_id=bodies.get(stage.get("provider") or ""),
        applicant_iin=stage.get("iin") or "",
        stage_code=stage["stage_code"],
        stage_name=stage["stage_name"],
        changed_at=stage["changed_at"],
        received_at=now,
        source=source,
    )


def _same(row, other):
    return all(getattr(row, name) == getattr(other, name) for name in COMPARED)


def _conflict_message(row):
    return _("application %(number)s already has a stage changed at %(at)s with other data") % {
        "number": row.application_number,
        "at": timezone.localtime(row.changed_at).isoformat(),
    }


def _write(rows, source_positions):
    """One attempt, inside a transaction: compare with what is stored, write the new rows, move `current`."""
    numbers = {row.application_number for row in rows}
    stored = {
        (row.application_number, row.changed_at): row
        for row in ApplicationStage.objects.filter(application_number__in=numbers).only(
            "pk", "application_number", "changed_at", "current", *COMPARED
        )
    }
    recorded, conflicts, new, seen = Recorded(), [], [], {}
    for position, row in zip(source_positions, rows, strict=True):
        key = (row.application_number, row.changed_at)
        known = stored.get(key) or seen.get(key)
        if known is None:
            seen[key] = row
            new.append(row)
            recorded.rows.append((row, True))
        elif _same(row, known):
            recorded.rows.append((known, False))
        else:
            conflicts.append((position, _conflict_message(row)))
    if conflicts:
        raise StageConflict(conflicts)
    current = {key[0]: row for key, row in stored.items() if row.current}
    latest = {}
    for row in new:
        if row.application_number not in latest or row.changed_at > latest[row.application_number].changed_at:
            latest[row.application_number] = row
    replaced = []
    for number, row in latest.items():
        now_current = current.get(number)
        if now_current is None or row.changed_at > now_current.changed_at:
            row.current = True
            if now_current is not None:
                replaced.append(now_current.pk)
                now_current.current = False
    if replaced:
        ApplicationStage.objects.filter(pk__in=replaced, current=True).update(current=False)
    ApplicationStage.objects.bulk_create(new, batch_size=1000)
    recorded.created = len(new)
    recorded.unchanged = len(rows) - len(new)
    return recorded


def record_stages(stages, *, source=ApplicationStage.Source.API, positions=None):
    """Store checked stages (dicts of `forms.FIELDS`), all or none. Returns `Recorded`; raises `StageConflict`
    naming the positions (`positions[i]`, default i) of changes stored before with other data."""
    positions = list(positions) if positions is not None else list(range(len(stages)))
    services, bodies = _references(stages)
    for attempt in range(1, ATTEMPTS + 1):
        now = timezone.now()
        rows = [_row(stage, services, bodies, source, now) for stage in stages]
        try:
            with transaction.atomic():
                return _write(rows, positions)
        except IntegrityError:  # another writer got there first: read what it wrote and try again
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")
