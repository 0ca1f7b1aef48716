"""What the training and visit screens read, and the services an operator was trained on (the appeal screen
reads them through the `trained_service_ids` hook: appeals sits below this app)."""

from ..models import Training, TrainingRequest, Visit
from .common import visible_to


def trainings_for(user):
    """A body's responsible person: the trainings of their own bodies only."""
    return visible_to(user, Training.objects.select_related("body", "protocol", "request"), "body")


def visits_for(user):
    return visible_to(user, Visit.objects.select_related("body"), "body")


def training_requests_for(user):
    """Para 30's requests are between the UCC and the quality authority: none for a body's responsible person."""
    return visible_to(user, TrainingRequest.objects.select_related("authority"))


def trained_service_ids(user):
    """The public services of the trainings `user` was trained in."""
    if not getattr(user, "pk", None):
        return set()
    ids = Training.objects.filter(trainees=user).values_list("services", flat=True)
    return {pk for pk in ids if pk is not None}
