"""Queries on the registry used by the admin screens, reports and dashboards."""

from django.db.models import Q
from django.utils import timezone

from workflows.accounts.roles import is_restricted_to_own_body, own_body_ids

from .models import PublicService, Responsibility, ResponsiblePerson, ServiceChange


def responsible_on(service, on_date):
    """The person(s) who answered for `service` on `on_date` (para 27's history).

    A responsibility runs from its start date up to, but not including, its end date: on the day of a
    replacement the successor answers, not the person replaced.
    """
    current = Responsibility.objects.filter(service=service, start_date__lte=on_date).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=on_date)
    )
    return ResponsiblePerson.objects.filter(pk__in=current.values("person_id"))


def overdue_changes(now=None):
    """Para 26: by-law changes whose information was not updated within five working days."""
    return ServiceChange.objects.filter(
        state=ServiceChange.State.REPORTED, update_due__lt=now or timezone.now()
    ).select_related("service")


def late_replacements(now=None):
    """Para 27: replacements notified late, or not notified at all once the five working days passed."""
    unnotified = Q(replaced_on__isnull=False, notified_on__isnull=True, notification_due__lt=now or timezone.now())
    return ResponsiblePerson.objects.filter(Q(notified_late=True) | unnotified).select_related("body", "replaced_by")


def _own_services(user):
    bodies = own_body_ids(user)
    return PublicService.objects.filter(Q(providers__in=bodies) | Q(responsibilities__person__body__in=bodies))


def responsible_persons_for(user):
    """The responsible persons `user` may see: a body's responsible person sees only their own body's."""
    queryset = ResponsiblePerson.objects.select_related("body", "replaced_by")
    if is_restricted_to_own_body(user):
        queryset = queryset.filter(body_id__in=own_body_ids(user))
    return queryset


def service_changes_for(user):
    """The by-law changes `user` may see: a body's responsible person sees those of their body's services."""
    queryset = ServiceChange.objects.select_related("service")
    if is_restricted_to_own_body(user):
        queryset = queryset.filter(service__in=_own_services(user))
    return queryset


def services_for(user):
    """The services a body's responsible person may pick (when reporting or editing a change)."""
    if is_restricted_to_own_body(user):
        return PublicService.objects.filter(pk__in=_own_services(user).values("pk"))
    return PublicService.objects.all()


VISIBLE = {ResponsiblePerson: responsible_persons_for, ServiceChange: service_changes_for}


def visible_to(user, model):
    """The rows of `model` (ResponsiblePerson or ServiceChange) that `user` may see and act on."""
    return VISIBLE[model](user)


# What cms reads of the registry (issue 15: cms reads workflows through their selectors and signals only).


def public_services():
    """Every public service of the registry (Annex 1): the list the search screen filters by."""
    return PublicService.objects.all()


def services_numbered(register_numbers):
    """The services with these register numbers, in the order given (a number not in the registry is left out)."""
    found = public_services().filter(register_number__in=register_numbers)
    services = {service.register_number: service for service in found}
    return [services[number] for number in register_numbers if number in services]


def service_names():
    """The services with only what a page's search document names them by: number and name in each language."""
    return PublicService.objects.only("register_number", "name_kk", "name_ru", "name_en")


def reported_changes(services=None):
    """Para 26: the by-law changes still "reported" (the information is being updated), of `services` when
    given, by register number, then date."""
    changes = ServiceChange.objects.filter(state=ServiceChange.State.REPORTED).select_related("service")
    if services is not None:
        changes = changes.filter(service__in=services)
    return changes.order_by("service__register_number", "changed_on", "pk")
