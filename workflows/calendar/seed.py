"""Seeding the calendar from the `holidays` package and the decree fixture, without touching manual edits.

The package knows Kazakhstan's Labour Code holidays, the rule that a holiday on a weekend moves
the day off to the next working day ("observed"), and the government's decreed transfers up to
its release. What it lacks — decree references, and transfers decreed after its release — comes
from fixtures/calendar/decrees.json, which an admin extends the day a decree is published.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .holidays_package import SATURDAY, decreed_transfers, package_holidays
from .models import Holiday, Source, WorkdayTransfer
from .working_days import clear_cache, note_calendar_changed

DECREES_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "calendar" / "decrees.json"


def load_decrees(path=None):
    with open(path or DECREES_FIXTURE, encoding="utf-8") as handle:
        data = json.load(handle)
    references = {int(year): text for year, text in data.get("references", {}).items()}
    extra = [
        {
            "date": date.fromisoformat(item["date"]),
            "kind": item["kind"],
            "paired_date": date.fromisoformat(item["paired_date"]) if item.get("paired_date") else None,
            "decree_reference": item["decree_reference"],
        }
        for item in data.get("transfers", [])
    ]
    return references, extra


@dataclass
class RefreshReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    kept_manual: list = field(default_factory=list)

    def __str__(self):
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed, {len(self.kept_manual)} manual edits kept"
        )


def _upsert(model, report, key, values):
    """Create or update a seeded row; a row entered or edited in the admin is left as it is."""
    row = model.objects.filter(date=key).first()
    if row is None:
        model.objects.create(date=key, **values)
        report.created += 1
    elif row.source == Source.MANUAL:
        report.kept_manual.append(key)
    elif any(getattr(row, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        report.updated += 1
    else:
        report.unchanged += 1


def _transfers_for(year, references, extra):
    reference = references.get(year, "")
    rows = {}
    for off, work in decreed_transfers(year):
        common = {"decree_reference": reference, "source": Source.PACKAGE}
        rows[off] = {"kind": WorkdayTransfer.Kind.DAY_OFF, "paired_date": work, **common}
        if work.weekday() >= SATURDAY:
            rows[work] = {"kind": WorkdayTransfer.Kind.WORKING_DAY, "paired_date": off, **common}
    for item in extra:
        if item["date"].year == year:
            values = {key: value for key, value in item.items() if key != "date"}
            rows[item["date"]] = {**values, "source": Source.FIXTURE}
    return rows


def _remove_stale(model, year, keep, report):
    stale = model.objects.filter(date__year=year).exclude(source=Source.MANUAL).exclude(date__in=keep)
    for row in stale:
        row.delete()
        report.removed += 1


def default_years(today=None):
    today = today or date.today()
    return range(settings.UCC_CALENDAR_FIRST_YEAR, today.year + 2)


@transaction.atomic
def refresh_calendar(years=None, decrees_path=None):
    """Re-seed holidays and transfers for `years` (2016 through next year by default).

    Idempotent: a second run reports everything unchanged. Rows whose source is "manual" (entered
    or edited in the admin) are never overwritten or removed.
    """
    references, extra = load_decrees(decrees_path)
    report = RefreshReport()
    for year in years or default_years():
        holidays_of_year = package_holidays(year)
        for day, (kk, ru, en) in holidays_of_year.items():
            values = {"name_kk": kk, "name_ru": ru, "name_en": en, "is_day_off": True, "source": Source.PACKAGE}
            _upsert(Holiday, report, day, values)
        _remove_stale(Holiday, year, holidays_of_year, report)
        transfers = _transfers_for(year, references, extra)
        for day, values in transfers.items():
            _upsert(WorkdayTransfer, report, day, values)
        _remove_stale(WorkdayTransfer, year, transfers, report)
    clear_cache()
    note_calendar_changed()
    return report
