"""The terms of the Rules as settings an administrator changes in the admin (issue 20, item 2).

Each deadline rule is a definition here, with the Rules' value as its default, its unit and its paragraph; a
`Term` row is a change of its value from a date on. `term(key, on=day)` is the value in force on `day` (the
day an item was opened): an item opened before a change keeps its old term, one opened on or after the
effective date gets the new one.

Deadlines are computed in bulk paths, so every row is read once into the calendar's per-process cache and
dropped with it: an edit in this process at once, in another process within UCC_CALENDAR_RECHECK_SECONDS
(the same CalendarRevision counter as holidays and transfers).
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .working_days import cached_terms


class Unit:
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_HOURS = "calendar_hours"
    SECONDS = "seconds"
    DAY_OF_MONTH = "day_of_month"
    NEXT_WORKING_DAY = "next_working_day"

    LABELS = {
        WORKING_DAYS: _("working days"),
        WORKING_HOURS: _("working hours"),
        CALENDAR_HOURS: _("calendar hours"),
        SECONDS: _("seconds"),
        DAY_OF_MONTH: _("day of the month"),
        NEXT_WORKING_DAY: _("working days (the next working day is 1)"),
    }


@dataclass(frozen=True)
class Definition:
    key: str
    label: str
    paragraph: str
    default: int
    unit: str
    texts: tuple = ()  # (language, the Rules' words) when the texts of the Rules differ

    @property
    def unit_label(self):
        return Unit.LABELS[self.unit]


DEFINITIONS = {
    d.key: d
    for d in (
        Definition("appeal_answer", _("E-mail appeal answered"), "8", 2, Unit.WORKING_DAYS),
        Definition("wait_standard", _("Wait standard of a call"), "7", 30, Unit.SECONDS),
        Definition(
            "onboarding_information",
            _("Responsible person and Annex 1 information after the by-law"),
            "20",
            3,
            Unit.WORKING_DAYS,
            texts=(
                ("en", "within three working days"),
                ("kk", "бес жұмыс күні ішінде"),
            ),
        ),
        Definition("onboarding_training", _("Training after the information is received"), "21", 10, Unit.WORKING_DAYS),
        Definition(
            "consultation_start", _("Consultations start after the protocol is signed"), "23", 5, Unit.WORKING_DAYS
        ),
        Definition("bylaw_change", _("Information updated after a by-law change"), "26", 5, Unit.WORKING_DAYS),
        Definition("replacement_notice", _("UCC told of a replaced responsible person"), "27", 5, Unit.WORKING_DAYS),
        Definition("call_record", _("Conversation record provided"), "14", 4, Unit.CALENDAR_HOURS),
        Definition("escalation", _("Repeated refusal reported to the quality authority"), "28", 3, Unit.WORKING_DAYS),
        Definition("discrepancy", _("Discrepancy explained"), "32", 1, Unit.NEXT_WORKING_DAY),
        Definition(
            "interruption_notice", _("Planned interruption notified before it starts"), "38", 24, Unit.CALENDAR_HOURS
        ),
        Definition(
            "report_day", _("Monthly reports delivered by this day of the next month"), "31, 39", 5, Unit.DAY_OF_MONTH
        ),
    )
}

KEY_CHOICES = [(d.key, d.label) for d in DEFINITIONS.values()]


def _load():
    """{key: [(effective_from, value), ...] newest first} of every change, one query."""
    from .models import Term

    changes = {}
    for key, effective_from, value in Term.objects.order_by("key", "-effective_from").values_list(
        "key", "effective_from", "value"
    ):
        changes.setdefault(key, []).append((effective_from, value))
    return changes


def term(key, on):
    """The value of term `key` in force on `on` (a date or an aware datetime: the item's opening day)."""
    definition = DEFINITIONS[key]  # an unknown key is a programming error: KeyError
    day = timezone.localtime(on).date() if isinstance(on, datetime) else on
    for effective_from, value in cached_terms(_load).get(key, ()):
        if effective_from <= day:
            return value
    return definition.default
