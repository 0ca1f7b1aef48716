"""The configuration's demo records (issue 20): the site's contacts with the shipped defaults and a public
notice that has already ended (shown in the admin, not on the site), and a scheduled change of para 20's term
that keeps the English text's three working days. Idempotent: a second run changes nothing."""

from datetime import date, datetime

from django.utils import timezone
from wagtail.models import Site

from workflows.calendar.models import Term

from .models import SiteContacts

PARA_20_REASON = (
    "Para 20: the English text says three working days, the Kazakh text five; the UCC applies three (demo record)."
)


def load_demo_configuration():
    """How many records were created (0 on a second run)."""
    created = 0
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and not SiteContacts.objects.filter(site=site).exists():
        SiteContacts.objects.create(
            site=site,
            notice_kk="1414 желісінде техникалық жұмыстар аяқталды.",
            notice_ru="Технические работы на линии 1414 завершены.",
            notice_en="Maintenance on the 1414 line is over.",
            notice_starts_at=timezone.make_aware(datetime(2026, 3, 1, 9, 0)),
            notice_ends_at=timezone.make_aware(datetime(2026, 3, 2, 9, 0)),
        )
        created += 1
    _, made = Term.objects.get_or_create(
        key="onboarding_information",
        effective_from=date(2027, 1, 1),
        defaults={"value": 3, "reason": PARA_20_REASON},
    )
    return created + made
