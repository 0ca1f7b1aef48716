"""What the operator's look-up screen reads (para 29): the applications found by number or by the applicant's
IIN, each with its current stage and its history."""

from dataclasses import dataclass

from django.db.models import Q

from .models import IIN, ApplicationStage, stale_before

MAX_APPLICATIONS = 50
MAX_HISTORY = 100


@dataclass
class Application:
    current: ApplicationStage
    history: list  # ApplicationStage, newest change first
    stale: bool


def look_up(query, *, now=None):
    """Applications whose number is `query`, or (when it is 12 digits) whose applicant's IIN is; newest first."""
    query = (query or "").strip()
    if not query:
        return []
    matches = Q(application_number=query)
    if IIN.match(query):
        matches |= Q(applicant_iin=query)
    current = list(
        ApplicationStage.objects.filter(matches, current=True)
        .select_related("service", "provider")
        .order_by("-changed_at")[:MAX_APPLICATIONS]
    )
    histories = {row.application_number: [] for row in current}
    if current:
        rows = ApplicationStage.objects.filter(application_number__in=histories).order_by("-changed_at")
        for row in rows[: MAX_HISTORY * len(current)]:
            if len(histories[row.application_number]) < MAX_HISTORY:
                histories[row.application_number].append(row)
    threshold = stale_before(now)
    return [Application(row, histories[row.application_number], row.changed_at < threshold) for row in current]


def current_stage(application_number):
    return ApplicationStage.objects.filter(application_number=application_number, current=True).first()
