"""Demo onboarding protocols (paras 20-23), one at each stage, so the coordinator's board and the Annex 1 PDF
have something to show on a first `make run`. Dates count back from today in working days (the calendar)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from workflows.calendar.working_days import add_working_days, is_working_day, working_days_between
from workflows.directory.models import StateBody
from workflows.registry.models import PublicService

from . import services
from .models import OnboardingProtocol

DEMO_BYLAW = "[demo] Қазақстан Республикасы министрінің бұйрығы / Приказ министра Республики Казахстан № {n}"
# The last stage each demo protocol reaches, in the order of para 20-23.
STAGES = ("bylaw_approved", "information_received", "training_scheduled", "training_held", "consulting", "cancelled")


@transaction.atomic
def load_demo_protocols(today=None):
    """Create each demo protocol once (recognised by its by-law reference); returns how many were created."""
    coordinator = get_user_model().objects.filter(username="coordinator").first()
    body = StateBody.objects.filter(kind=StateBody.Kind.CENTRAL_BODY).order_by("code").first()
    candidates = PublicService.objects.order_by("-register_number")[: len(STAGES)]
    if body is None or coordinator is None:
        return 0
    today = today or timezone.localdate()
    created = 0
    for n, (service, stage) in enumerate(zip(candidates, STAGES, strict=False), start=1):
        reference = DEMO_BYLAW.format(n=n)
        if OnboardingProtocol.objects.filter(bylaw_reference=reference).exists():
            continue
        approved = _working_days_before(today, 4 * n + 4)
        protocol = services.start_onboarding(
            service=service, body=body, bylaw_reference=reference, bylaw_approved_on=approved, coordinator=coordinator
        )
        _advance(protocol, stage, approved, today, coordinator)
        created += 1
    return created


def _working_days_before(today, n):
    """The day n working days before `today` (the calendar counts forward only: step back until it fits)."""
    day = today
    while working_days_between(day, today) < n or not is_working_day(day):
        day -= timedelta(days=1)
    return day


def _advance(protocol, stage, approved, today, user):
    if stage == "bylaw_approved":
        return
    if stage == "cancelled":
        services.cancel_protocol(protocol=protocol, reason="[demo] Заңға тәуелді акт күшін жойды", on=today, user=user)
        return
    received = add_working_days(approved, 2)
    services.receive_information(protocol=protocol, received_on=received, user=user)
    if stage == "information_received":
        return
    training = add_working_days(received, 3)
    if stage == "training_scheduled":
        services.schedule_training(protocol=protocol, training_on=add_working_days(today, 2), user=user)
        return
    services.schedule_training(protocol=protocol, training_on=training, user=user)
    protocol.refresh_from_db()
    services.hold_training(protocol=protocol, held_on=training, user=user)
    if stage == "training_held":
        return
    protocol.refresh_from_db()
    services.sign_protocol(
        protocol=protocol, signed_on=training, ucc_signatory="Ж. Әбілқасымова", body_signatory="Н. Исаев", user=user
    )
    protocol.refresh_from_db()
    services.start_consultations(protocol=protocol, on=today, user=user)
