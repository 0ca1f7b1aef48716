"""Kazakhstan's years as the `holidays` package knows them: the Labour Code holidays with their kk/ru/en
names, the government's decreed transfers up to the package's release, and a year's calendar built from
those alone (for a year not seeded yet).

Below both `working_days` (which falls back on `package_year`) and `seed` (which writes these days as rows),
so neither imports the other to reach them.
"""

import re
from dataclasses import dataclass
from datetime import date

import holidays
from holidays.countries.kazakhstan import KazakhstanStaticHolidays

SATURDAY = 5


@dataclass(frozen=True)
class YearCalendar:
    days_off: frozenset  # weekday dates that are days off (holidays, decreed days off)
    working_weekend_days: frozenset  # weekend dates a decree made working days


# The package has no Russian names; these are the official ones (Labour Code, art. 84).
RUSSIAN_NAMES = {
    "New Year's Day": "Новый год",
    "Orthodox Christmas": "Православное Рождество",
    "International Women's Day": "Международный женский день",
    "Nowruz Holiday": "Наурыз мейрамы",
    "Kazakhstan's People Solidarity Holiday": "Праздник единства народа Казахстана",
    "Defender of the Fatherland Day": "День защитника Отечества",
    "Victory Day": "День Победы",
    "Capital Day": "День Столицы",
    "Constitution Day": "День Конституции",
    "Republic Day": "День Республики",
    "Independence Day": "День Независимости",
    "First President Day": "День Первого Президента",
    "Eid al-Adha": "Курбан айт",
}
RUSSIAN_QUALIFIERS = {
    "observed": "перенос выходного дня",
    "estimated": "предположительно",
    "observed, estimated": "перенос выходного дня, предположительно",
}
_QUALIFIED = re.compile(r"^(?P<name>.*?)(?: \((?P<qualifier>[^)]*)\))?$")


def russian_name(english):
    """Translate the package's English holiday name (possibly "A; B (observed)") into Russian."""
    parts = []
    for part in english.split("; "):
        match = _QUALIFIED.match(part)
        name = RUSSIAN_NAMES.get(match["name"], match["name"])
        qualifier = match["qualifier"]
        parts.append(f"{name} ({RUSSIAN_QUALIFIERS.get(qualifier, qualifier)})" if qualifier else name)
    return "; ".join(parts)


def decreed_transfers(year):
    """(day off, working day) pairs the package knows for `year`, from its static data."""
    entries = KazakhstanStaticHolidays.special_public_holidays.get(year, ())
    if entries and isinstance(entries[0], int):
        entries = (entries,)
    pairs = []
    for entry in entries:
        off = date(year, entry[0], entry[1])
        work = date(entry[4] if len(entry) > 4 else year, entry[2], entry[3])
        pairs.append((off, work))
    return pairs


def package_holidays(year):
    """{date: (kk, ru, en)} of the package's holidays, without its decreed days off."""
    kk = holidays.country_holidays("KZ", years=year, language="kk")
    en = holidays.country_holidays("KZ", years=year, language="en_US")
    decreed_off = {off for off, _ in decreed_transfers(year)}
    return {
        day: (kk[day], russian_name(en[day]), en[day])
        for day in sorted(en)
        if day not in decreed_off and day.year == year
    }


def package_year(year):
    """The calendar of a year straight from the package (for years not seeded yet)."""
    days_off = set(package_holidays(year))
    working = set()
    for off, work in decreed_transfers(year):
        days_off.add(off)
        working.add(work)
    return YearCalendar(
        days_off=frozenset(d for d in days_off if d.weekday() < SATURDAY),
        working_weekend_days=frozenset(d for d in working if d.weekday() >= SATURDAY),
    )
