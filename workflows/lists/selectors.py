"""What the forms, screens, filters and higher apps read of the reference lists.

The entries are read once and cached (Django's cache, emptied when an entry is saved), so a listing of
fifty appeals that shows each one's topic does not ask the database fifty times.

- `choices(list_name, current=...)`: the active entries in order, for a form of a new record (plus the
  record's own value when it was deactivated since, so editing an old record does not lose it);
- `all_choices(list_name)`: every entry, active or not, for showing and validating stored values (the model
  fields' `choices` are the callables at the end of this module);
- `label(list_name, code)`: the name of one stored code in the active language.
"""

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import translation

from .models import ListEntry, ListName
from .seed import seed_entries

CACHE_KEY = "lists:entries"
CACHE_SECONDS = 300


def clear_cache():
    cache.delete(CACHE_KEY)


def _rows(reseed=True):
    rows = cache.get(CACHE_KEY)
    if rows is not None:
        return rows
    try:
        with transaction.atomic():
            rows = list(
                ListEntry.objects.order_by("list_name", "sort_order", "id").values_list(
                    "list_name", "code", "name_kk", "name_ru", "name_en", "is_active"
                )
            )
    except DatabaseError:
        return []  # the table is not there yet (system checks before the first `migrate`): nothing to offer
    if not rows and reseed:  # emptied (a flushed test database, a table cleared by hand): the coded lists again
        seed_entries(ListEntry)
        return _rows(reseed=False)
    cache.set(CACHE_KEY, rows, CACHE_SECONDS)
    return rows


def _name(row):
    names = {"kk": row[2], "ru": row[3], "en": row[4]}
    language = (translation.get_language() or "kk")[:2]
    return names.get(language) or row[2] or row[1]


def entries(list_name, *, active_only=False):
    """`(code, name, is_active)` of a list, in the administrator's order."""
    return [(row[1], _name(row), row[5]) for row in _rows() if row[0] == list_name and (row[5] or not active_only)]


def choices(list_name, *, current=None, blank=None):
    """The active entries as form choices; `current` (an old record's value) is kept even if deactivated.
    `blank`: a label for an empty first choice ("any topic")."""
    offered = [(code, name) for code, name, active in entries(list_name) if active or (current and code == current)]
    return [("", blank), *offered] if blank is not None else offered


def active_codes(list_name):
    return [code for code, _name, active in entries(list_name) if active]


def all_choices(list_name):
    return [(code, name) for code, name, _active in entries(list_name)]


def label(list_name, code):
    """The name of a stored code, active or not (the code itself when the list does not know it)."""
    for entry_code, name, _active in entries(list_name):
        if entry_code == code:
            return name
    return code


# The model fields' `choices` (Django 5 calls them when it needs the list): every entry, so an old record's
# deactivated value still validates and shows its name. Named functions, so that migrations refer to them.


def appeal_topics():
    return all_choices(ListName.APPEAL_TOPIC)


def appeal_channels():
    return all_choices(ListName.APPEAL_CHANNEL)


def appeal_outcomes():
    return all_choices(ListName.APPEAL_OUTCOME)


def applicant_kinds():
    return all_choices(ListName.APPLICANT_KIND)


def kb_audiences():
    return all_choices(ListName.KB_AUDIENCE)


def kb_topics():
    return all_choices(ListName.KB_TOPIC)


def life_situations():
    return all_choices(ListName.LIFE_SITUATION)


def ict_request_types():
    return all_choices(ListName.ICT_REQUEST_TYPE)
