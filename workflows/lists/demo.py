"""Demo reference-list entries: the seeded lists are all active, so the demo adds a topic an administrator
has since deactivated (old appeals show it, new forms no longer offer it). Idempotent."""

from .models import ListEntry, ListName

DEMO_ENTRIES = (
    (
        ListName.APPEAL_TOPIC,
        "covid_certificate",
        "Сертификаттар COVID-19 вакцинациясы туралы",
        "Сертификаты о вакцинации от COVID-19",
        "COVID-19 vaccination certificates",
        False,
    ),
)


def load_demo_lists():
    """Create each demo entry once (recognised by its list and code); returns how many were created."""
    created = 0
    for list_name, code, name_kk, name_ru, name_en, active in DEMO_ENTRIES:
        _entry, made = ListEntry.objects.get_or_create(
            list_name=list_name,
            code=code,
            defaults={
                "name_kk": name_kk,
                "name_ru": name_ru,
                "name_en": name_en,
                "sort_order": 900,
                "is_active": active,
            },
        )
        created += made
    return created
