"""Demo stages of citizens' applications (para 29): applications in several states — in progress, ready,
refused, and one stale (no update for longer than `UCC_STAGES_STALE_DAYS`) — for the demo appeals'
applicants; the demo appeal about a childbirth allowance records its application."""

from datetime import timedelta

from django.utils import timezone

from workflows.appeals.models import Appeal
from workflows.directory.models import StateBody
from workflows.registry.models import PublicService

from .models import ApplicationStage
from .services import record_stages

# (application number, applicant's IIN, [(stage code, stage name, hours before now)])
DEMO_APPLICATIONS = (
    (
        "KZ-DEMO-000101",
        "900215400123",
        [("accepted", "Заявление принято", 50), ("in_review", "На рассмотрении у услугодателя", 26)],
    ),
    (
        "KZ-DEMO-000102",
        "900215400123",
        [("accepted", "Заявление принято", 120), ("ready", "Результат готов к выдаче", 70)],
    ),
    (
        "KZ-DEMO-000103",
        "851103300456",
        [("accepted", "Заявление принято", 40), ("refused", "Мотивированный отказ", 4)],
    ),
    (
        "KZ-DEMO-000104",
        "780730450789",
        [("accepted", "Заявление принято", 24 * 12), ("in_review", "На рассмотрении у услугодателя", 24 * 9)],
    ),
)
APPEAL_ABOUT_APPLICATION = ("пособие по рождению ребёнка", "KZ-DEMO-000101")


def load_demo_stages(now=None):
    """Each demo application once (recognised by its number); returns how many stages were created."""
    now = now or timezone.now()
    service = PublicService.objects.order_by("register_number").first()
    provider = StateBody.objects.filter(kind=StateBody.Kind.CENTRAL_BODY).order_by("code").first()
    stages = []
    for number, iin, changes in DEMO_APPLICATIONS:
        if ApplicationStage.objects.filter(application_number=number).exists():
            continue
        for code, name, hours in changes:
            stages.append(
                {
                    "application_number": number,
                    "service": service.register_number if service else "",
                    "provider": provider.code if provider else "",
                    "iin": iin,
                    "stage_code": code,
                    "stage_name": name,
                    "changed_at": now - timedelta(hours=hours),
                }
            )
    created = record_stages(stages, source=ApplicationStage.Source.DEMO).created if stages else 0
    words, number = APPEAL_ABOUT_APPLICATION
    Appeal.objects.filter(content__contains=words, application_number="").update(application_number=number)
    return created
