"""The demo registry: the public services of `fixtures/demo/registry.csv`, imported the way a coordinator's
file is (checked, all or nothing, audited), so the registry, the service pages and onboarding have services;
and a few by-law changes and replacements (paras 26, 27), made through the services, for the compliance
dashboard."""

from datetime import datetime, time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from workflows.calendar.working_days import add_working_days, previous_working_day
from workflows.directory.models import StateBody

from . import services as registry_services
from .bulk_import import import_registry
from .models import PublicService, ServiceChange

DEMO_REGISTRY = Path(settings.BASE_DIR) / "fixtures" / "demo" / "registry.csv"


def load_demo_registry(path=DEMO_REGISTRY):
    """Import the demo file (an upsert by register number, so a second run changes nothing); returns the report."""
    path = Path(path)
    return import_registry(path.read_bytes(), "csv", file_name=path.name)


DEMO_MARK = "[demo]"
# (working days before today the by-law changed, working days after that the information was updated or None)
DEMO_CHANGES = ((12, 2), (12, 7), (7, None), (1, None))
# (working days before today the person was replaced, working days after that the UCC was told or None)
DEMO_REPLACEMENTS = (
    ("Әбілов Марат Серікұлы", "Жанибекова Айнур Маратовна", 10, 2),
    ("Сапарова Гүлнар Ерланқызы", "Омаров Ербол Нұрланұлы", 12, 8),
    ("Төлегенов Асқар Бекұлы", "Ким Ольга Викторовна", 2, None),
)


def _working_days_before(today, n):
    """The working day n working days before `today` (the calendar counts forward: step back a day at a time)."""
    day = today
    for _step in range(n):
        day = previous_working_day(day)
    return day


def _at_eleven(day):
    return timezone.make_aware(datetime.combine(day, time(11)))


@transaction.atomic
def load_demo_registry_changes(today=None):
    """Paras 26, 27: by-law changes updated in time, late and still open, and responsible persons replaced and
    told in time, late or not yet, so the compliance dashboard has figures. Recognised by their `[demo]` mark
    (a second run makes nothing); returns how many records were made."""
    today = today or timezone.localdate()
    body = StateBody.objects.filter(kind=StateBody.Kind.CENTRAL_BODY).order_by("code").first()
    services = list(PublicService.objects.order_by("register_number")[: len(DEMO_CHANGES)])
    if body is None or not services or ServiceChange.objects.filter(what_changed__startswith=DEMO_MARK).exists():
        return 0
    made = 0
    for service, (before, updated_after) in zip(services, DEMO_CHANGES, strict=False):
        changed_on = _working_days_before(today, before)
        what = f"{DEMO_MARK} Көрсету мерзімі өзгерді / Изменён срок оказания услуги"
        change = registry_services.report_service_change(service=service, what_changed=what, changed_on=changed_on)
        if updated_after is not None:
            updated_at = _at_eleven(add_working_days(changed_on, updated_after))
            registry_services.mark_change_updated(change=change, at=updated_at)
        made += 1
    for leaving, arriving, before, told_after in DEMO_REPLACEMENTS:
        replaced_on = _working_days_before(today, before)
        person = registry_services.appoint_responsible_person(
            body=body,
            full_name=leaving,
            appointed_on=replaced_on.replace(year=replaced_on.year - 1, month=1, day=9),
            position=DEMO_MARK,
        )
        told = add_working_days(replaced_on, told_after) if told_after is not None else None
        registry_services.replace_by_new_person(
            person=person, full_name=arriving, replaced_on=replaced_on, notified_on=told, position=DEMO_MARK
        )
        made += 1
    return made
