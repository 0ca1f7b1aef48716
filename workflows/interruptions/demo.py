"""Demo planned interruptions (para 38), one in every state — coming, under way (notified late, with its reason),
postponed, cancelled, finished and a draft — so the public page, the operators' banner and the delivery log
have something to show on a first `make run`. Recognised by their `[demo]` contact."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from workflows.directory.models import StateBody
from workflows.ict.models import IctService

from .models import InterruptionNotice
from .services import notices

DEMO = "[demo] ҰАТ кезекші / дежурный НИТ, +7 717 255 00 00"
# (hours from now to the start, length in hours, what becomes of it)
NOTICES = (
    (72, 4, "notified"),
    (-2, 6, "under_way"),
    (30, 3, "postponed"),
    (48, 2, "cancelled"),
    (-50, 3, "finished"),
    (120, 2, "drafted"),
)


def load_demo_interruptions(now=None):
    """Returns how many notices were made."""
    supervisor = get_user_model().objects.filter(username="supervisor").first()
    operator = StateBody.objects.filter(kind=StateBody.Kind.ICI_OPERATOR, is_active=True).order_by("code").first()
    services = list(IctService.objects.order_by("code")[:2])
    if (
        supervisor is None
        or operator is None
        or not services
        or InterruptionNotice.objects.filter(contact=DEMO).exists()
    ):
        return 0
    now = now or timezone.now()
    for hours, length, fate in NOTICES:
        starts = (now + timedelta(hours=hours)).replace(minute=0, second=0, microsecond=0)
        notice = notices.enter_notice(
            operator=operator,
            services=services,
            starts_at=starts,
            ends_at=starts + timedelta(hours=length),
            affected_kk="Порталға кіру және ЭЦҚ-мен қол қою уақытша қолжетімсіз.",
            affected_ru="Временно недоступны вход на портал и подписание ЭЦП.",
            affected_en="Signing in to the portal and signing with an EDS are unavailable for a while.",
            contact=DEMO,
            user=supervisor,
        )
        if fate == "drafted":
            continue
        if fate in ("under_way", "finished"):
            told = starts - timedelta(hours=20)  # later than 24 h before: late, with its reason
            notices.notify(notice, user=supervisor, late_reason="ҰАТ кеш хабарлады / НИТ сообщил поздно", at=told)
        else:
            notices.notify(notice, user=supervisor, at=min(now, starts - timedelta(hours=25)))
        if fate == "postponed":
            notices.postpone(
                notice,
                starts_at=starts + timedelta(days=1),
                ends_at=starts + timedelta(days=1, hours=length),
                reason="ҰАТ сұрауы бойынша / По просьбе НИТ",
                user=supervisor,
            )
        elif fate == "cancelled":
            notices.cancel(notice, reason="Жұмыстар қажет емес / Работы не нужны", user=supervisor)
        elif fate == "finished":
            notices.step(notice, "finish", user=None)
    return len(NOTICES)
